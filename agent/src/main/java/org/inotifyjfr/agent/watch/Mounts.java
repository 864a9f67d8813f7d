package org.inotifyjfr.agent.watch;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.inotifyjfr.agent.linux.Errno;
import org.inotifyjfr.agent.linux.MountInfo;

/**
 * What mounts and unmounts change under the watched trees. inotify says nothing of a mount (the
 * watch of the directory it covers just sees no more events), so the mount table is polled; an
 * unmount takes the watches of what it unmounts with it (IN_UNMOUNT, then IN_IGNORED), and the
 * directories it uncovers are watched again. Both are acted on once the queue is read.
 */
final class Mounts {
    /** A watched directory that went with an unmount: its parent and name, or the root it was. */
    private static final class Uncovered {
        final int parent;
        final byte[] name;
        final String root;

        Uncovered(int parent, byte[] name, String root) {
            this.parent = parent;
            this.name = name;
            this.root = root;
        }
    }

    private final WatchTree tree;
    /** The mount table, polled by the reader; null where it cannot be read, and then mounts go unseen. */
    private final MountInfo table;
    /** Watches whose file system was unmounted (IN_UNMOUNT read), until the queue is next empty. */
    private final Set<Integer> unmounted = new HashSet<>();
    private final List<Uncovered> uncovered = new ArrayList<>();

    Mounts(WatchTree tree, MountInfo table) {
        this.tree = tree;
        this.table = table;
    }

    /** IN_UNMOUNT: the file system {@code dir} is on was unmounted; its IN_IGNORED follows. */
    void unmounted(int dir) {
        unmounted.add(dir);
    }

    /**
     * The kernel dropped watch {@code dir} (entry {@code name} of {@code parent}, or configured
     * root {@code root}): true if an unmount took it, and then what it covered is watched once the
     * queue is read.
     */
    boolean wentWithUnmount(int dir, int parent, byte[] name, String root) {
        if (unmounted.isEmpty() || !unmounted.contains(dir)) {
            return false;
        }
        uncovered.add(new Uncovered(parent, name, root));
        return true;
    }

    /** Whether directories wait to be watched again. */
    boolean pending() {
        return !uncovered.isEmpty();
    }

    /** The queue is read: what unmounts uncovered and what mounts cover is watched as it is now. */
    void settle() {
        if (!uncovered.isEmpty()) {
            watchUncovered();
        }
        if (table != null) {
            for (String point : table.added()) {
                mounted(point);
            }
        }
    }

    /**
     * The directories an unmount uncovered are watched where the mount's roots were (a root is
     * watched again, not reported as created: it was there all along), with what they hold.
     * Directories that were inside the unmounted file system are gone with it.
     */
    private void watchUncovered() {
        List<Uncovered> list = new ArrayList<>(uncovered);
        Set<Integer> gone = new HashSet<>(unmounted);
        uncovered.clear();
        unmounted.clear();
        for (Uncovered u : list) {
            if (u.parent != DirectoryTable.NONE && gone.contains(u.parent)) {
                continue;
            }
            if (u.root != null) {
                int errno = tree.watchRootAgain(u.root);
                if (errno == 0) {
                    tree.activity().uncovered(u.root);
                } else if (errno == Errno.ENOENT) {
                    tree.await(u.root);
                } else {
                    tree.addWatchFailed(u.root, errno);
                }
            } else if (tree.watchEntryAgain(u.parent, u.name)) {
                tree.activity().uncovered(tree.child(u.parent, tree.decode(u.name)));
            }
        }
    }

    /**
     * A file system was mounted on {@code point}: over a watched directory, or over a directory a
     * root lies in, the covered watches go and what the mount shows is watched under the same
     * paths (reporting nothing: nothing was created); its unmount then uncovers the directory.
     */
    private void mounted(String point) {
        String below = point.endsWith("/") ? point : point + "/";
        for (String root : tree.roots()) {
            if (root.equals(point) || root.startsWith(below)) {
                rootMountedOver(root);
            }
        }
        int dir = tree.dirAt(point);
        if (dir != DirectoryTable.NONE && !tree.isRoot(dir) && !tree.isAnchorOnly(dir)) {
            int parent = tree.parentOf(dir);
            byte[] name = tree.nameOf(dir);
            tree.unwatch(dir);
            if (tree.watchEntryAgain(parent, name)) {
                tree.activity().mounted(point, point);
            }
        }
    }

    /** A file system was mounted over {@code root} or a directory it lies in: it is watched where the path leads now. */
    private void rootMountedOver(String root) {
        tree.unwatchRoot(root);
        int errno = tree.watchRootAgain(root);
        if (errno == 0) {
            tree.activity().mounted(root, root);
            return;
        }
        tree.addWatchFailed(root, errno);
        if (errno == Errno.ENOENT) {
            tree.await(root);
        }
    }
}
