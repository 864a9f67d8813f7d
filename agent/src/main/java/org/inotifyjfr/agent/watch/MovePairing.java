package org.inotifyjfr.agent.watch;

import java.util.ArrayList;
import java.util.List;

/**
 * IN_MOVED_FROM halves waiting for their IN_MOVED_TO. The kernel queues both halves of a rename
 * back to back, but a read can end between them and other CPUs' events can come between, so a
 * half waits up to {@link #HOLD_NANOS} for its cookie instead of relying on adjacency. One that
 * waits longer left the watched trees. Usually empty or one entry, hence a plain list.
 */
final class MovePairing {
    /** How long a MOVED_FROM waits for its MOVED_TO. */
    static final long HOLD_NANOS = 20_000_000L;

    static final class Half {
        final int cookie;
        /** The watch descriptor of the directory it left. */
        final int dir;
        final String name;
        /** The path when the kernel reported the half: its directory may be renamed while it waits. */
        final String oldPath;
        final boolean directory;
        /**
         * The watch descriptor of the directory that left, {@link DirectoryTable#NONE} if it is
         * not a watched directory, or no longer to be dropped: found inside the trees again.
         */
        int moved;
        final long deadline;
        /** How many records had been routed when it was held. */
        final long heldAt;

        Half(int cookie, int dir, String name, String oldPath, boolean directory, int moved, long deadline, long heldAt) {
            this.cookie = cookie;
            this.dir = dir;
            this.name = name;
            this.oldPath = oldPath;
            this.directory = directory;
            this.moved = moved;
            this.deadline = deadline;
            this.heldAt = heldAt;
        }
    }

    interface Expired {
        void accept(Half half);
    }

    /**
     * A half whose partner has not come within this many records will not come: the kernel
     * queues both halves of a rename together, and only other CPUs' events can come between.
     * This also expires halves when the queue is never empty, as under a storm.
     */
    static final long HOLD_RECORDS = 16_384;
    /** Halves held at most; the oldest expires first. */
    static final int MOST_WAITING = 4_096;

    private final List<Half> waiting = new ArrayList<>();

    void hold(int cookie, int dir, String name, String oldPath, boolean directory, int moved, long now, long records,
            Expired sink) {
        if (waiting.size() >= MOST_WAITING) {
            sink.accept(waiting.remove(0));
        }
        waiting.add(new Half(cookie, dir, name, oldPath, directory, moved, now + HOLD_NANOS, records));
    }

    /** Directory {@code wd} was found inside the watched trees: a half that moved it out no longer drops it. */
    void claim(int wd) {
        for (int i = 0; i < waiting.size(); i++) {
            if (waiting.get(i).moved == wd) {
                waiting.get(i).moved = DirectoryTable.NONE;
            }
        }
    }

    /** Hands over, oldest first, the halves held more than {@link #HOLD_RECORDS} records ago. */
    void expireBehind(long records, Expired sink) {
        while (!waiting.isEmpty() && records - waiting.get(0).heldAt > HOLD_RECORDS) {
            sink.accept(waiting.remove(0));
        }
    }

    /** The waiting half with this cookie, removed, or null. */
    Half take(int cookie) {
        for (int i = 0; i < waiting.size(); i++) {
            if (waiting.get(i).cookie == cookie) {
                return waiting.remove(i);
            }
        }
        return null;
    }

    /** Hands over, oldest first, the halves whose time is up. */
    void expire(long now, Expired sink) {
        while (!waiting.isEmpty() && waiting.get(0).deadline - now <= 0) {
            sink.accept(waiting.remove(0));
        }
    }

    /** Hands over every waiting half, oldest first. */
    void expireAll(Expired sink) {
        while (!waiting.isEmpty()) {
            sink.accept(waiting.remove(0));
        }
    }

    /** Milliseconds until the oldest half expires (at least 1), or -1 if none waits. */
    int millisToNextExpiry(long now) {
        if (waiting.isEmpty()) {
            return -1;
        }
        long nanos = waiting.get(0).deadline - now;
        return (int) Math.max(1, (nanos + 999_999) / 1_000_000);
    }
}
