package org.inotifyjfr.agent.watch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Directories the kernel refused to watch for a cause that can go away (permission denied, say),
 * by the watch of their parent. The cause is often removed by a {@code chmod}, which the parent's
 * watch sees; its entries are then tried again. Bounded, since a tree may hold any number of such
 * directories: past {@link #LIMIT} no more are noted (their failures are reported all the same).
 * Not thread safe: used under the reader's lock.
 */
final class Refused {
    static final int LIMIT = 4096;
    /**
     * A parent's entries are tried again on its next event, but at most this often, so that a
     * busy directory beside one that stays unreadable costs no system call per event. An
     * attribute change in the parent (the chmod itself, often) is tried at once.
     */
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final class Parent {
        final Set<String> names = new LinkedHashSet<>();
        long lastTry;
    }

    private final Map<Integer, Parent> byParent = new HashMap<>();
    private int size;

    boolean isEmpty() {
        return size == 0;
    }

    /** Whether entries of {@code parent} wait to be tried again. */
    boolean in(int parent) {
        return size != 0 && byParent.containsKey(parent);
    }

    void add(int parent, String name, long now) {
        if (size >= LIMIT) {
            return;
        }
        Parent p = byParent.computeIfAbsent(parent, k -> new Parent());
        if (p.names.add(name)) {
            size++;
        }
        p.lastTry = now;
    }

    /**
     * The entries of {@code parent} to try again now, taken out (whatever fails again is added
     * again): all of them if {@code attribChanged} or the last try was long enough ago, else none.
     */
    List<String> due(int parent, boolean attribChanged, long now) {
        Parent p = byParent.get(parent);
        if (p == null || !attribChanged && now - p.lastTry < RETRY_NANOS) {
            return List.of();
        }
        byParent.remove(parent);
        size -= p.names.size();
        return new ArrayList<>(p.names);
    }

    /** The entry left {@code parent} (deleted, renamed): nothing to try there any more. */
    void remove(int parent, String name) {
        Parent p = byParent.get(parent);
        if (p != null && p.names.remove(name)) {
            size--;
            if (p.names.isEmpty()) {
                byParent.remove(parent);
            }
        }
    }

    /** {@code parent} is no longer watched. */
    void removeParent(int parent) {
        Parent p = byParent.remove(parent);
        if (p != null) {
            size -= p.names.size();
        }
    }
}
