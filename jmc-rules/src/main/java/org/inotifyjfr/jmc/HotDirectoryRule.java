package org.inotifyjfr.jmc;

import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.ResultBuilder;

/** A directory whose file events come at a high rate: churn that costs the kernel and every watcher. */
public final class HotDirectoryRule extends FileActivityRule {
    /** Events per second from which a directory is worth a look, and from which it is a warning. */
    static final double INFO_RATE = 100;
    static final double WARNING_RATE = 1000;

    public HotDirectoryRule() {
        super("HotDirectory", "Busiest Directory (File Events per Second)");
    }

    @Override
    IResult evaluate(IItemCollection items, ResultBuilder result) {
        Map<String, Long> byDirectory = new HashMap<>();
        long[] span = {Long.MAX_VALUE, Long.MIN_VALUE};
        Events.strings(Events.of(items, Events.FILE_EVENTS), "path", (t, path) -> {
            if (path != null) {
                byDirectory.merge(Events.parent(path), 1L, Long::sum);
            }
            if (t != 0) {
                span[0] = Math.min(span[0], t);
                span[1] = Math.max(span[1], t);
            }
        });
        if (byDirectory.isEmpty()) {
            return ok(result, "No file events were recorded.");
        }
        Map.Entry<String, Long> top = byDirectory.entrySet().stream().max(Map.Entry.comparingByValue()).get();
        double seconds = Math.max(1, (span[1] - span[0]) / 1e9);
        double rate = top.getValue() / seconds;
        String summary = String.format(java.util.Locale.ROOT, "%s had %,d file events, %.0f a second.", top.getKey(),
                top.getValue(), rate);
        if (rate < INFO_RATE) {
            return ok(result, summary);
        }
        double score = rate >= WARNING_RATE ? Math.min(100, 75 + 25 * Math.log10(rate / WARNING_RATE))
                : 25 + 50 * (rate - INFO_RATE) / (WARNING_RATE - INFO_RATE);
        return result(result, score, summary, "Each change costs the kernel, the page cache and every watcher of "
                + "the directory; at thousands a second, the inotify queue can overflow and the recording grows by the "
                + "file events alone.", "Find who writes there (the events' origin, javaThread and the JavaFileOperation "
                + "stacks, or the report: java -jar inotify-jfr-agent.jar report REC.jfr). If it is expected, keep its "
                + "counts only: the inotify.DirectoryActivity summary with the file events off, or a filter setting "
                + "that leaves the directory out.");
    }
}
