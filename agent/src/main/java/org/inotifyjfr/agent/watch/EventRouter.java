package org.inotifyjfr.agent.watch;

import static org.inotifyjfr.agent.linux.Inotify.*;

import org.inotifyjfr.agent.linux.KernelLimits;

/**
 * Turns decoded records into tree bookkeeping and reported activity. Events on a directory's own
 * watch (no name) are reported only for roots: for any other directory its parent's watch
 * reported the same change under the entry's name already.
 */
final class EventRouter implements EventDecoder.Sink {
    private static final System.Logger LOG = System.getLogger("org.inotifyjfr");
    /** The event bits the router acts on, besides the bookkeeping ones. */
    private static final int ACTIVITY = IN_ALL_EVENTS | IN_UNMOUNT;

    private final WatchTree tree;
    private final FileActivity activity;
    private final RecentEntries entries;
    private final MovePairing moves = new MovePairing();
    private final MovePairing.Expired movedOut = this::movedOut;
    /** The inotify bits of the kinds some recording wants; see {@link #refreshWanted}. */
    private int wanted;
    long eventsRead;
    long overflows;
    /** Events dropped because handling them failed; see {@link #failed}. */
    long failures;

    EventRouter(WatchTree tree, FileActivity activity) {
        this.tree = tree;
        this.activity = activity;
        this.entries = new RecentEntries(tree);
        tree.claimed = moves::claim;
        refreshWanted();
    }

    /** Notes which kinds are recorded now and returns their inotify bits; called before each batch of records. */
    int refreshWanted() {
        int bits = 0;
        for (Kind kind : Kind.values()) {
            if (activity.wants(kind)) {
                bits |= kind.mask;
            }
        }
        wanted = bits;
        return bits;
    }

    @Override
    public void accept(EventDecoder.Record r) {
        eventsRead++;
        try {
            route(r);
        } catch (RuntimeException e) {
            failed(r, e);
        }
    }

    /**
     * A fault in handling one event must not end the recording of all the others: the event is
     * dropped and said to be, in the log (the 1st, 2nd, 4th, 8th... time), and reading goes on.
     */
    private void failed(EventDecoder.Record r, RuntimeException e) {
        failures++;
        if (Long.bitCount(failures) == 1) {
            LOG.log(System.Logger.Level.ERROR, "inotify-jfr: could not handle an inotify event (watch descriptor "
                    + r.wd + ", mask 0x" + Integer.toHexString(r.mask) + "): " + e + "; the event is dropped and the "
                    + "agent goes on (" + failures + " so far). This is a bug in inotify-jfr: please report it with "
                    + "this message.", e);
        }
    }

    private void route(EventDecoder.Record r) {
        moves.expireBehind(eventsRead, movedOut);
        if ((r.mask & IN_Q_OVERFLOW) != 0) {
            overflowed();
            return;
        }
        int dir = r.wd;
        if (!tree.knows(dir)) {
            return; // the watch was dropped already; what is still queued for it is stale
        }
        if ((r.mask & IN_IGNORED) != 0) {
            tree.forget(dir);
            return;
        }
        if (tree.isAnchorOnly(dir)) {
            onAnchor(dir, r);
            return;
        }
        if (tree.hasRefused(dir)) {
            tree.retryRefused(dir, (r.mask & IN_ATTRIB) != 0);
        }
        boolean isDir = (r.mask & IN_ISDIR) != 0;
        if (!r.hasName()) {
            if ((r.mask & IN_UNMOUNT) != 0) {
                tree.unmounted(dir);
            }
            for (int bits = r.mask & ACTIVITY; bits != 0; bits &= bits - 1) {
                int bit = Integer.lowestOneBit(bits);
                if (tree.isRoot(dir)) {
                    onRoot(dir, bit, tree.isDirectory(dir));
                } else if (bit == IN_UNMOUNT) {
                    report(Kind.UNMOUNT, tree.path(dir), true);
                }
            }
            return;
        }
        if (!isDir && (r.mask & wanted) == 0 && !tree.tracks(dir)) {
            return; // a file's event no recording wants, and nothing to keep track of: the common idle case
        }
        RecentEntries.Entry entry = entries.of(dir, r);
        for (int bits = r.mask & ACTIVITY; bits != 0; bits &= bits - 1) {
            onEntry(dir, Integer.lowestOneBit(bits), entry, r.cookie, isDir);
        }
        if (tree.awaitsIn(dir) && (r.mask & (IN_CREATE | IN_MOVED_TO)) != 0) {
            tree.appeared(dir, entry.name, (r.mask & IN_MOVED_TO) != 0);
        }
        if (tree.hasLinks(dir) && (r.mask & WatchTree.LINK_EVENTS) != 0) {
            tree.linkChanged(dir, entry.name, r.mask & WatchTree.LINK_EVENTS);
        }
    }

    /**
     * An anchor's events say only whether the root it awaits may have appeared, or a symbolic
     * link on the way to a root changed; none is reported as such.
     */
    private void onAnchor(int anchor, EventDecoder.Record r) {
        if ((r.mask & IN_MOVE_SELF) != 0) {
            tree.anchorMoved(anchor);
            return;
        }
        if (r.hasName() && (r.mask & (IN_CREATE | IN_MOVED_TO)) != 0) {
            tree.appeared(anchor, r.name(), (r.mask & IN_MOVED_TO) != 0);
        }
        if (r.hasName() && (r.mask & WatchTree.LINK_EVENTS) != 0 && tree.hasLinks(anchor)) {
            tree.linkChanged(anchor, r.name(), r.mask & WatchTree.LINK_EVENTS);
        }
    }

    private void onEntry(int dir, int bit, RecentEntries.Entry entry, int cookie, boolean isDir) {
        switch (bit) {
            case IN_CREATE:
                onCreate(dir, entry, isDir);
                break;
            case IN_MOVED_FROM:
                tree.entryGone(dir, entry.name);
                if (isDir || (wanted & IN_MOVED_FROM) != 0) {
                    int moved = isDir ? tree.childNamed(dir, entry.name) : DirectoryTable.NONE;
                    moves.hold(cookie, dir, entry.name, entry.path, isDir, moved, System.nanoTime(), eventsRead, movedOut);
                }
                break;
            case IN_MOVED_TO:
                onMovedTo(dir, entry, isDir, cookie);
                break;
            case IN_DELETE:
                tree.entryGone(dir, entry.name);
                report(Kind.DELETE, entry, isDir);
                break;
            default:
                report(Kind.of(bit), entry, isDir);
        }
    }

    private void onCreate(int dir, RecentEntries.Entry entry, boolean isDir) {
        if (tree.consumeScanned(dir, entry.name) || entry.excluded) {
            return;
        }
        if (activity.wants(Kind.CREATE)) {
            activity.created(entry.path, isDir, false);
        }
        if (isDir && tree.recursive()) {
            tree.created(dir, entry.name);
        }
    }

    private void onMovedTo(int dir, RecentEntries.Entry entry, boolean isDir, int cookie) {
        MovePairing.Half from = moves.take(cookie);
        String name = entry.name;
        String path = entry.path;
        boolean excluded = entry.excluded;
        if (from == null) {
            if (!excluded) {
                if (activity.wants(Kind.MOVE)) {
                    activity.moved(null, path, isDir, cookie);
                }
                if (isDir && tree.recursive()) {
                    tree.movedIn(dir, name);
                }
            }
            return;
        }
        String oldPath = from.oldPath;
        boolean wasExcluded = tree.excludes().matches(oldPath, from.name);
        if (!(excluded && wasExcluded) && activity.wants(Kind.MOVE)) {
            activity.moved(wasExcluded ? null : oldPath, excluded ? null : path, isDir, cookie);
        }
        if (isDir && tree.recursive()) {
            tree.renamed(from.moved, from.dir, from.name, dir, name);
        }
    }

    private void movedOut(MovePairing.Half half) {
        String oldPath = half.oldPath;
        if (activity.wants(Kind.MOVE) && !tree.excludes().matches(oldPath, half.name)) {
            activity.moved(oldPath, null, half.directory, half.cookie);
        }
        if (half.directory) {
            tree.movedOut(half.moved, half.dir, half.name);
        }
    }

    private void onRoot(int root, int bit, boolean isDir) {
        switch (bit) {
            case IN_DELETE_SELF:
                report(Kind.DELETE, tree.path(root), isDir);
                break;
            case IN_MOVE_SELF:
                // Where it went is unknown: the root's watches would report under a stale path.
                if (activity.wants(Kind.MOVE)) {
                    activity.moved(tree.path(root), null, isDir, 0);
                }
                tree.rootMoved(root);
                break;
            default:
                report(Kind.of(bit), tree.path(root), isDir);
        }
    }

    /**
     * Events were lost. The rescan waits until the queue is empty: the overflow markers still
     * queued behind this one then make no rescan of their own, and no walk runs in JFR's chunk
     * hook ({@link WatchTree#queueEmpty}).
     */
    private void overflowed() {
        overflows++;
        String action = tree.rescanPending()
                ? "a rescan of the watched trees is due already and covers these too"
                : "rescanning the watched trees once the queue is read: directories created while events were "
                        + "lost get their watches and their entries are reported as FileCreate with scanned=true, "
                        + "directories gone meanwhile lose theirs; other changes in that window are lost";
        tree.overflowed();
        activity.overflowed(overflows, KernelLimits.MAX_QUEUED_EVENTS.current(), action);
    }

    private void report(Kind kind, RecentEntries.Entry entry, boolean isDir) {
        if (!entry.excluded && activity.wants(kind)) {
            activity.file(kind, entry.path, isDir);
        }
    }

    private void report(Kind kind, String path, boolean isDir) {
        if (activity.wants(kind)) {
            activity.file(kind, path, isDir);
        }
    }

    /**
     * Called when a read found the queue empty: expire waiting moves, end scan suppression, and,
     * if {@code settle}, do what waited for current paths ({@link WatchTree#queueEmpty}).
     */
    void queueEmpty(long now, long pass, boolean settle) {
        moves.expire(now, movedOut);
        tree.queueEmpty(pass, settle);
    }

    /** Everything the kernel held is read: no waiting half will find its partner now. */
    void flushMoves() {
        moves.expireAll(movedOut);
    }

    int millisToNextExpiry(long now) {
        return moves.millisToNextExpiry(now);
    }
}
