package org.inotifyjfr.agent.watch;

/**
 * The names and paths of recently reported entries. A file's life is a run of events on one name
 * (create, open, modify, close, move): the first one decodes the name and works out the path, the
 * others get the same strings back for a compare of a few bytes. Handing JFR the same string
 * instance also makes its string pool's lookup an identity check. Not thread safe: used under the
 * reader's lock.
 */
final class RecentEntries {
    /** One entry: a name in a directory, while the directory's path has not changed. */
    static final class Entry {
        final int dir;
        final long pathsChanged;
        final byte[] nameBytes;
        final String name;
        final String path;
        final boolean excluded;

        Entry(int dir, long pathsChanged, byte[] nameBytes, String name, String path, boolean excluded) {
            this.dir = dir;
            this.pathsChanged = pathsChanged;
            this.nameBytes = nameBytes;
            this.name = name;
            this.path = path;
            this.excluded = excluded;
        }
    }

    /** Slots, a power of two: direct-mapped by directory and name. */
    private static final int SLOTS = 256;

    private final Entry[] slots = new Entry[SLOTS];
    private final WatchTree tree;

    RecentEntries(WatchTree tree) {
        this.tree = tree;
    }

    /** The entry the record names in {@code dir}. */
    Entry of(int dir, EventDecoder.Record r) {
        int slot = (r.nameHash() * 31 + dir) & (SLOTS - 1);
        Entry e = slots[slot];
        if (e != null && e.dir == dir && e.pathsChanged == tree.pathsChanged && r.nameEquals(e.nameBytes)) {
            return e;
        }
        String name = r.name();
        String path = tree.child(dir, name);
        e = new Entry(dir, tree.pathsChanged, r.nameBytes(), name, path, tree.excludes().matches(path, name));
        slots[slot] = e;
        return e;
    }
}
