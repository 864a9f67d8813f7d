package org.inotifyjfr.jmc;

import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.ResultBuilder;

/** Files in the watched trees changed by another process (attribution through fanotify). */
public final class OtherProcessRule extends FileActivityRule {
    public OtherProcessRule() {
        super("OtherProcess", "Files Changed by Other Processes");
    }

    @Override
    IResult evaluate(IItemCollection items, ResultBuilder result) {
        IItemCollection files = Events.of(items, Events.FILE_EVENTS);
        if (!Events.hasField(files, "origin")) {
            return ok(result, "This recording's file events do not say which process caused them.");
        }
        long[] other = {0};
        long[] known = {0};
        Map<String, Long> byProcess = new HashMap<>();
        Events.strings(files, "origin", (t, origin) -> {
            if ("other".equals(origin)) {
                other[0]++;
            }
            if (origin != null && !origin.equals("unknown")) {
                known[0]++;
            }
        });
        Events.strings(files, "process", (t, process) -> {
            if (process != null) {
                byProcess.merge(process, 1L, Long::sum);
            }
        });
        if (other[0] == 0) {
            return ok(result, known[0] == 0 ? "No file event's process is known (no attribution in force)."
                    : "Every change whose process is known was made by this JVM.");
        }
        String top = byProcess.entrySet().stream().filter(e -> !e.getKey().equals("java"))
                .max(Map.Entry.comparingByValue()).map(e -> ", most by " + e.getKey() + " (" + e.getValue() + ")")
                .orElse("");
        return result(result, 30, String.format(java.util.Locale.ROOT, "%,d file events were caused by other processes%s.",
                other[0], top), "Another process changed files in the trees this JVM watches: a log shipper, a "
                + "backup, a deploy, or someone at a shell. Their changes are in the recording with origin=other and, "
                + "where the agent had CAP_SYS_ADMIN, the pid and command.",
                "If this JVM owns these files, find the process by the events' pid and process fields and make sure it "
                        + "is meant to touch them.");
    }
}
