package org.inotifyjfr.agent.report;

/**
 * Counts over time in at most {@link #MOST} buckets: one second wide to begin with, twice as wide
 * each time the recording's span outgrows them, so a recording of seconds and one of days both
 * fit the page and the memory is fixed. Per bucket: file events per kind, the JVM's CPU load
 * (mean of its samples), GC pause time, and whether events were lost or the agent was off.
 */
final class Timeline {
    static final int MOST = 720;
    private long origin = Long.MIN_VALUE;
    private long width = 1_000_000_000L;
    long[][] events = new long[Digest.KINDS.length][MOST];
    double[] cpuSum = new double[MOST];
    int[] cpuSamples = new int[MOST];
    double[] machineSum = new double[MOST];
    long[] gcPauseNanos = new long[MOST];
    long[] lost = new long[MOST];
    boolean[] off = new boolean[MOST];

    long origin() {
        return origin;
    }

    long width() {
        return width;
    }

    /** The bucket of {@code nanos} (epoch), widening the buckets or moving the origin back as needed. */
    int bucket(long nanos) {
        if (origin == Long.MIN_VALUE) {
            origin = nanos - Math.floorMod(nanos, width);
        }
        while (nanos < origin) {
            long shift = Math.max(1, (origin - nanos + width - 1) / width);
            if (used() + shift > MOST) {
                widen();
                continue;
            }
            shiftRight((int) shift);
        }
        long index = (nanos - origin) / width;
        while (index >= MOST) {
            widen();
            index = (nanos - origin) / width;
        }
        return (int) index;
    }

    /** Buckets up to the last one used. */
    int used() {
        for (int i = MOST - 1; i >= 0; i--) {
            if (any(i)) {
                return i + 1;
            }
        }
        return 0;
    }

    private boolean any(int i) {
        for (long[] kind : events) {
            if (kind[i] != 0) {
                return true;
            }
        }
        return cpuSamples[i] != 0 || gcPauseNanos[i] != 0 || lost[i] != 0 || off[i];
    }

    /** Twice as wide: bucket 2i and 2i+1 become i, the origin aligned to the new width. */
    private void widen() {
        long newWidth = width * 2;
        long newOrigin = origin - Math.floorMod(origin, newWidth);
        Timeline t = new Timeline();
        t.origin = newOrigin;
        t.width = newWidth;
        for (int i = 0; i < MOST; i++) {
            int j = (int) ((origin + i * width - newOrigin) / newWidth);
            t.merge(this, i, j);
        }
        copyFrom(t);
    }

    private void shiftRight(int shift) {
        Timeline t = new Timeline();
        t.origin = origin - shift * width;
        t.width = width;
        for (int i = 0; i + shift < MOST; i++) {
            t.merge(this, i, i + shift);
        }
        copyFrom(t);
    }

    private void merge(Timeline from, int i, int j) {
        for (int k = 0; k < events.length; k++) {
            events[k][j] += from.events[k][i];
        }
        cpuSum[j] += from.cpuSum[i];
        cpuSamples[j] += from.cpuSamples[i];
        machineSum[j] += from.machineSum[i];
        gcPauseNanos[j] += from.gcPauseNanos[i];
        lost[j] += from.lost[i];
        off[j] |= from.off[i];
    }

    private void copyFrom(Timeline t) {
        origin = t.origin;
        width = t.width;
        events = t.events;
        cpuSum = t.cpuSum;
        cpuSamples = t.cpuSamples;
        machineSum = t.machineSum;
        gcPauseNanos = t.gcPauseNanos;
        lost = t.lost;
        off = t.off;
    }
}
