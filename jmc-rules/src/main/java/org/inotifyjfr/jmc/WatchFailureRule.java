package org.inotifyjfr.jmc;

import java.util.LinkedHashMap;
import java.util.Map;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.ResultBuilder;

/** Paths that could not be watched: a kernel limit reached, a path missing or unreadable. */
public final class WatchFailureRule extends FileActivityRule {
    public WatchFailureRule() {
        super("WatchFailure", "Paths Not Watched (inotify)");
    }

    @Override
    IResult evaluate(IItemCollection items, ResultBuilder result) {
        IItemCollection failures = Events.of(items, "WatchFailure");
        Map<String, String> errnoByPath = new LinkedHashMap<>();
        Map<String, String> messageByPath = new LinkedHashMap<>();
        Events.rows(failures, row -> {
            errnoByPath.put(row[0], row[1]);
            messageByPath.put(row[0], row[2]);
        }, "path", "errno", "message");
        if (errnoByPath.isEmpty()) {
            return ok(result, "Every configured path was watched.");
        }
        boolean limit = errnoByPath.values().stream().anyMatch(e -> "ENOSPC".equals(e) || "EMFILE".equals(e)
                || "ENFILE".equals(e) || "ENOMEM".equals(e));
        String first = errnoByPath.keySet().iterator().next();
        return result(result, limit ? 90 : 50, errnoByPath.size() + (errnoByPath.size() == 1 ? " path" : " paths")
                + " could not be watched, " + first + " (" + errnoByPath.get(first) + ")"
                + (limit ? ": a kernel limit was reached." : "."),
                "Changes in paths that are not watched are not in this recording. The agent's message: "
                        + messageByPath.get(first),
                limit ? "Raise the limit the message names (fs.inotify.max_user_watches or max_user_instances, or the "
                        + "process's file descriptors), or exclude large directories."
                        : "A missing path is watched as soon as it appears; give the JVM's user access to an unreadable "
                        + "one, or correct the path= option.");
    }
}
