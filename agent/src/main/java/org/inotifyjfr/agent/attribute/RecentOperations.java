package org.inotifyjfr.agent.attribute;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.inotifyjfr.agent.watch.Kind;

/**
 * Java operations on watched paths, by path, for the file events they cause. An operation is
 * noted when it starts (the kernel queues its events during the call, and the reader may read
 * them before the call returns) and matches, oldest first, the file events at its path of the
 * kinds it can cause, for {@link #HOLD_NANOS} after it ended; a file opened for writing keeps its
 * writer until the kernel reports it closed.
 */
public final class RecentOperations {
    static final long HOLD_NANOS = 2_000_000_000L;
    /** Most paths held at once; beyond, the expired go, then all (a writer that never closes must not grow the heap). */
    static final int MOST = 4096;
    /** Most operations held per path: a loop on one file must not make each operation copy a long list. */
    static final int MOST_PER_PATH = 8;

    /** Who did an operation on a path, and the kinds of file event it can cause there. */
    public static final class Entry {
        public final Thread thread;
        public final long operationId;
        /** The kinds of event it may still be matched to: each but a writer's modify is matched once. */
        volatile int kinds;
        final boolean writer;
        volatile long until;

        Entry(Thread thread, long operationId, int kinds, boolean writer, long until) {
            this.thread = thread;
            this.operationId = operationId;
            this.kinds = kinds;
            this.writer = writer;
            this.until = until;
        }

        boolean expired(long now) {
            return !writer && now - until > 0;
        }
    }

    private final ConcurrentHashMap<String, List<Entry>> byPath = new ConcurrentHashMap<>();

    /** The kinds of file event an operation can cause at its path. */
    static int kinds(String operation, boolean oldPath) {
        if (oldPath) {
            return bit(Kind.MOVE);
        }
        switch (operation) {
            case "open for write":
            case "copy":
                return bit(Kind.CREATE) | bit(Kind.MODIFY) | bit(Kind.CLOSE_WRITE) | bit(Kind.ATTRIB) | bit(Kind.OPEN);
            case "create":
                return bit(Kind.CREATE) | bit(Kind.CLOSE_WRITE) | bit(Kind.OPEN);
            case "mkdir":
            case "link":
                return bit(Kind.CREATE);
            case "delete":
                return bit(Kind.DELETE);
            case "move":
                return bit(Kind.MOVE);
            default:
                return bit(Kind.ATTRIB);
        }
    }

    private static int bit(Kind kind) {
        return 1 << kind.ordinal();
    }

    void started(String path, Thread thread, long operationId, int kinds, boolean writer) {
        if (path == null) {
            return;
        }
        long now = System.nanoTime();
        if (byPath.size() >= MOST) {
            byPath.values().removeIf(entries -> entries.stream().allMatch(e -> e.expired(now)));
            if (byPath.size() >= MOST) {
                byPath.clear();
            }
        }
        Entry entry = new Entry(thread, operationId, kinds, writer, now + HOLD_NANOS);
        byPath.compute(path, (p, entries) -> {
            List<Entry> next = new ArrayList<>(entries == null ? 1 : entries.size() + 1);
            if (entries != null) {
                for (Entry e : entries) {
                    if (!e.expired(now) && e.kinds != 0) {
                        next.add(e);
                    }
                }
            }
            next.add(entry);
            if (next.size() > MOST_PER_PATH) {
                next.subList(0, next.size() - MOST_PER_PATH).clear();
            }
            return List.copyOf(next);
        });
    }

    /** The operation with this ID just ended: its events may still be read for {@link #HOLD_NANOS} from now. */
    void ended(String path, long operationId) {
        List<Entry> entries = path == null ? null : byPath.get(path);
        if (entries != null) {
            long until = System.nanoTime() + HOLD_NANOS;
            for (Entry e : entries) {
                if (e.operationId == operationId) {
                    e.until = until;
                }
            }
        }
    }

    /** The Java operation that caused a {@code kind} event at {@code path} now, or null; called by the one thread that records. */
    public Entry find(Kind kind, String path) {
        if (path == null || byPath.isEmpty()) {
            return null;
        }
        List<Entry> entries = byPath.get(path);
        if (entries == null) {
            return null;
        }
        long now = System.nanoTime();
        int bit = bit(kind);
        for (Entry e : entries) {
            if ((e.kinds & bit) != 0 && !e.expired(now)) {
                if (!(e.writer && kind == Kind.MODIFY)) {
                    e.kinds &= ~bit; // matched: the next such event is another operation's
                }
                return e;
            }
        }
        return null;
    }

    /** The kernel reported {@code path} closed after writing: its oldest writer is done. */
    public void closed(String path) {
        if (path == null || byPath.isEmpty()) {
            return;
        }
        byPath.computeIfPresent(path, (p, entries) -> {
            List<Entry> next = new ArrayList<>(entries);
            for (int i = 0; i < next.size(); i++) {
                if (next.get(i).writer) {
                    next.remove(i);
                    break;
                }
            }
            return next.isEmpty() ? null : List.copyOf(next);
        });
    }
}
