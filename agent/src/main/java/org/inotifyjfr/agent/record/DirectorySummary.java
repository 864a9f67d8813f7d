package org.inotifyjfr.agent.record;

import java.util.HashMap;
import java.util.Map;
import org.inotifyjfr.agent.watch.Kind;

/**
 * File events counted per directory and kind since the last {@code inotify.DirectoryActivity}
 * summary. Counted by the reader under its lock, taken by JFR's periodic hook under the same lock.
 * A summary lists at most {@link #MOST_DIRECTORIES} directories; the rest are summed up as one.
 */
final class DirectorySummary {
    static final int MOST_DIRECTORIES = 10_000;
    static final String OTHERS = "(other directories)";
    /** Slots of a directory's counts: one per kind (MOVE counts moves in), then moves out, then all events. */
    static final int MOVED_OUT = Kind.values().length;
    static final int EVENTS = MOVED_OUT + 1;
    private static final int SLOTS = EVENTS + 1;

    private Map<String, long[]> counts = new HashMap<>();
    private long since = System.currentTimeMillis();
    /** The directory counted last, and its counts: a burst in one directory costs no lookup. */
    private String lastDirectory;
    private long[] last;

    /** One file event of {@code kind} at {@code path} (a move: from {@code oldPath}; either may be null). */
    void count(Kind kind, String oldPath, String path) {
        if (kind == Kind.MOVE) {
            long[] out = oldPath == null ? null : of(oldPath);
            long[] in = path == null ? null : of(path);
            if (out != null) {
                out[MOVED_OUT]++;
                out[EVENTS]++;
            }
            if (in != null) {
                in[Kind.MOVE.ordinal()]++;
                if (in != out) {
                    in[EVENTS]++;
                }
            }
        } else if (path != null) {
            long[] c = of(path);
            c[kind.ordinal()]++;
            c[EVENTS]++;
        }
    }

    /** The counts of the directory that holds {@code path}. */
    private long[] of(String path) {
        int slash = path.lastIndexOf('/');
        String directory = lastDirectory;
        if (directory != null && slash == directory.length() && path.startsWith(directory)) {
            return last;
        }
        directory = slash <= 0 ? "/" : path.substring(0, slash);
        long[] c = counts.get(directory);
        if (c == null) {
            if (counts.size() >= MOST_DIRECTORIES) {
                return counts.computeIfAbsent(OTHERS, d -> new long[SLOTS]); // not cached: its name is no prefix
            }
            c = new long[SLOTS];
            counts.put(directory, c);
        }
        lastDirectory = directory;
        last = c;
        return c;
    }

    /** What was counted since the last call, with when that began; counting starts afresh. */
    Taken take() {
        Taken taken = new Taken(since, counts);
        counts = new HashMap<>();
        since = System.currentTimeMillis();
        lastDirectory = null;
        last = null;
        return taken;
    }

    static final class Taken {
        final long since;
        final Map<String, long[]> counts;

        Taken(long since, Map<String, long[]> counts) {
            this.since = since;
            this.counts = counts;
        }
    }
}
