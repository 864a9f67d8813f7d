package org.inotifyjfr.agent.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts per key (and per kind), for the busiest few. Holds at most {@code most} keys: when full,
 * the half with the smallest totals goes, and the lists are then marked approximate (a key seen
 * again after it went starts over), which for the busiest keys of a long recording changes little.
 */
final class TopCounts {
    private final int most;
    private final int columns;
    private final Map<String, long[]> counts = new HashMap<>();
    private long distinct;
    private boolean pruned;

    TopCounts(int most, int columns) {
        this.most = most;
        this.columns = columns;
    }

    void add(String key, int column) {
        add(key, column, 1);
    }

    void add(String key, int column, long n) {
        long[] c = counts.get(key);
        if (c == null) {
            if (counts.size() >= most) {
                prune();
            }
            c = new long[columns + 1];
            counts.put(key, c);
            distinct++;
        }
        c[column] += n;
        c[columns] += n;
    }

    private void prune() {
        List<Map.Entry<String, long[]>> all = new ArrayList<>(counts.entrySet());
        all.sort(Comparator.comparingLong(e -> e.getValue()[columns]));
        for (int i = 0; i < all.size() / 2; i++) {
            counts.remove(all.get(i).getKey());
        }
        pruned = true;
    }

    /** The {@code n} keys with the largest totals, largest first; each value: the counts per column, then the total. */
    List<Map.Entry<String, long[]>> top(int n) {
        List<Map.Entry<String, long[]>> all = new ArrayList<>(counts.entrySet());
        all.sort(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -e.getValue()[columns])
                .thenComparing(Map.Entry::getKey));
        return all.subList(0, Math.min(n, all.size()));
    }

    /** Keys seen (counted again if one came back after it was pruned). */
    long distinct() {
        return distinct;
    }

    boolean approximate() {
        return pruned;
    }

    boolean isEmpty() {
        return counts.isEmpty();
    }
}
