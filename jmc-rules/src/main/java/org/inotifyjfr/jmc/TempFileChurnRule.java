package org.inotifyjfr.jmc;

import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.ResultBuilder;

/** Files created and deleted within a second: temp-file churn. */
public final class TempFileChurnRule extends FileActivityRule {
    static final long WITHIN_NANOS = 1_000_000_000L;
    static final long INFO_FILES = 50;
    static final long WARNING_FILES = 1000;

    public TempFileChurnRule() {
        super("TempFileChurn", "Short-Lived Files (Created and Deleted within a Second)");
    }

    @Override
    IResult evaluate(IItemCollection items, ResultBuilder result) {
        Map<String, Long> created = new HashMap<>();
        Map<String, Long> byDirectory = new HashMap<>();
        Events.strings(Events.of(items, "FileCreate"), "path", (t, path) -> {
            if (path != null) {
                created.put(path, t);
            }
        });
        long[] churn = {0};
        Events.strings(Events.of(items, "FileDelete"), "path", (t, path) -> {
            Long c = path == null ? null : created.get(path);
            if (c != null && t >= c && t - c <= WITHIN_NANOS) {
                churn[0]++;
                byDirectory.merge(Events.parent(path), 1L, Long::sum);
            }
        });
        if (churn[0] < INFO_FILES) {
            return ok(result, churn[0] + " files were created and deleted within a second.");
        }
        Map.Entry<String, Long> top = byDirectory.entrySet().stream().max(Map.Entry.comparingByValue()).get();
        double score = churn[0] >= WARNING_FILES ? 75 : 25 + 50.0 * (churn[0] - INFO_FILES) / (WARNING_FILES - INFO_FILES);
        return result(result, score, String.format(java.util.Locale.ROOT, "%,d files were created and deleted within a "
                + "second, %,d of them in %s.", churn[0], top.getValue(), top.getKey()),
                "A file that lives less than a second costs a create, writes, a close and a delete in the kernel and "
                        + "the page cache, and events for every watcher, for data nobody reads back from disk.",
                "Keep such data in memory, or reuse one file; if a library makes them (a temp file per request), "
                        + "give it a directory outside the watched trees (java.io.tmpdir).");
    }
}
