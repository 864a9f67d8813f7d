package org.inotifyjfr.agent.watch;

import static org.inotifyjfr.agent.linux.Inotify.*;

import com.sun.jna.Native;
import java.io.File;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.inotifyjfr.agent.linux.Errno;
import org.inotifyjfr.agent.linux.Inotify;
import org.inotifyjfr.agent.linux.NativeFailure;

/**
 * The watched directories: watch descriptor to directory, each directory knowing its parent and
 * name, so a descriptor follows its inode through renames and paths below a renamed directory
 * stay true. Not thread safe: the reader's lock guards it.
 */
public final class WatchTree {
    /**
     * The events every watch asks for, recorded or not: the tree cannot follow renames, new and
     * deleted directories without them. The other kinds are asked for only while some recording
     * wants them ({@link #setEvents}): open, access and close-without-write are the bulk of what a
     * busy tree produces, and the agent's own directory listings cause them too.
     */
    static final int BOOKKEEPING = IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF;
    /** Below the roots: directories only, never following a symbolic link. */
    private static final int ENTRY_FLAGS = IN_ONLYDIR | IN_DONT_FOLLOW;
    /** How many directories a walk lists between two {@link #breather} calls. */
    private static final int WALK_BATCH = 256;
    /**
     * An anchor waits for a missing root to appear below it. IN_MASK_ADD: the same directory may
     * be watched as part of a tree already, and that watch must keep its events.
     */
    static final int ANCHOR_MASK = IN_CREATE | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_MASK_ADD;

    /** A watched directory, or a watched root. */
    static final class Node {
        final int wd;
        final boolean root;
        /** False only for a root that is a file. The kernel leaves IN_ISDIR off IN_DELETE_SELF. */
        final boolean directory;
        Node parent;
        String name;
        String path;
        Map<String, Node> children;
        /** Names a scan reported whose kernel IN_CREATE may still be queued; see {@link #consumeScanned}. */
        Set<String> scanned;
        /** Missing roots this directory is watched for; see {@link #await}. */
        List<String> awaited;
        /** Watched only as an anchor: none of its events are reported. */
        boolean anchorOnly;

        Node(int wd, boolean root, boolean directory, Node parent, String name, String path) {
            this.wd = wd;
            this.root = root;
            this.directory = directory;
            this.parent = parent;
            this.name = name;
            this.path = path;
        }

        String child(String entry) {
            return path.endsWith("/") ? path + entry : path + '/' + entry;
        }
    }

    private final int fd;
    private final boolean recursive;
    private final Excludes excludes;
    private final FileActivity activity;
    private final Map<Integer, Node> byWd = new HashMap<>();
    private final List<Node> withScans = new ArrayList<>();
    private final List<String> roots = new ArrayList<>();
    /** "wd/name" of directories created here that were renamed before their watch was in place. */
    private final Set<String> createdUnwatched = new HashSet<>();
    private int attachErrno;
    private boolean watchLimitReported;
    /** The event bits of every watch now: {@link #BOOKKEEPING} plus the kinds recorded. */
    private int events = BOOKKEEPING;
    /**
     * How many read passes over the kernel queue have begun ({@link InotifyReader}); a scan notes
     * it, so that only a pass that began after the scan ends what it suppresses.
     */
    LongSupplier readPasses = () -> 0;
    private long noteworthyPass = -1;
    /** Counts renames of watched directories: a path worked out before a change is stale after it. */
    long pathsChanged;
    /** System.nanoTime() when the first root's watch was placed, 0 until then. */
    long firstWatchNanos;
    /** Called between batches of a long walk; the reader uses it to let others have its lock. */
    Runnable breather = () -> { };

    WatchTree(int fd, boolean recursive, Excludes excludes, FileActivity activity) {
        this.fd = fd;
        this.recursive = recursive;
        this.excludes = excludes;
        this.activity = activity;
    }

    Node node(int wd) {
        return byWd.get(wd);
    }

    int size() {
        return byWd.size();
    }

    boolean recursive() {
        return recursive;
    }

    Excludes excludes() {
        return excludes;
    }

    /**
     * Makes every watch ask for {@code wanted} (plus {@link #BOOKKEEPING}). Re-adding a watch by path replaces its mask and returns the same
     * descriptor; a path that names another inode by now gives another one, dropped unless known.
     */
    void setEvents(int wanted) {
        int bits = wanted | BOOKKEEPING;
        if (bits == events) {
            return;
        }
        events = bits;
        for (Node n : List.copyOf(byWd.values())) {
            if (!n.anchorOnly) {
                int wd = Inotify.inotify_add_watch(fd, n.path, n.root ? events : events | ENTRY_FLAGS);
                if (wd >= 0 && wd != n.wd && !byWd.containsKey(wd)) {
                    Inotify.inotify_rm_watch(fd, wd);
                }
            }
        }
    }

    /**
     * Watches a configured root and, if recursive, every directory below it; reports nothing but
     * failures. A root that does not exist is awaited: watched as soon as it appears.
     */
    boolean watchRoot(String path) {
        if (!roots.contains(path)) {
            roots.add(path);
        }
        if (addRoot(path, Walk.INITIAL)) {
            return true;
        }
        fail(NativeFailure.addWatch(path, attachErrno));
        if (attachErrno == Errno.ENOENT) {
            await(path);
        }
        return false;
    }

    /** Adds the watch of a root and walks it; false with {@link #attachErrno} set if it cannot be watched. */
    private boolean addRoot(String path, Walk mode) {
        int wd = Inotify.inotify_add_watch(fd, path, events);
        if (wd < 0) {
            attachErrno = Native.getLastError();
            return false;
        }
        if (firstWatchNanos == 0) {
            firstWatchNanos = System.nanoTime();
        }
        Node existing = byWd.get(wd);
        if (existing != null && !existing.anchorOnly) {
            return true; // already watched, as part of another root's tree
        }
        boolean directory = new File(path).isDirectory();
        Node root = adopt(existing, new Node(wd, true, directory, null, path, path));
        if (recursive && directory) {
            walk(root, mode);
        }
        return true;
    }

    /**
     * Waits for a missing root: watches its nearest existing ancestor for the next component of
     * the root's path, and goes on down as the components appear ({@link #appeared}).
     */
    void await(String root) {
        File ancestor = new File(root).getParentFile();
        while (ancestor != null && !ancestor.isDirectory()) {
            ancestor = ancestor.getParentFile();
        }
        if (ancestor == null) {
            return;
        }
        String path = ancestor.getPath();
        int wd = Inotify.inotify_add_watch(fd, path, ANCHOR_MASK);
        if (wd < 0) {
            int errno = Native.getLastError();
            if (errno == Errno.ENOENT) {
                await(root); // the ancestor went away meanwhile: one further up
            } else {
                fail(NativeFailure.addWatch(path, errno));
            }
            return;
        }
        Node anchor = byWd.get(wd);
        if (anchor == null) {
            anchor = new Node(wd, false, true, null, path, path);
            anchor.anchorOnly = true;
            byWd.put(wd, anchor);
        }
        if (anchor.awaited == null) {
            anchor.awaited = new ArrayList<>();
        }
        if (!anchor.awaited.contains(root)) {
            anchor.awaited.add(root);
        }
        String next = nextComponent(anchor.path, root);
        if (arrived(anchor.child(next), root)) {
            appeared(anchor, next, false); // it came between the look and the watch
        }
    }

    /**
     * {@code name} appeared in {@code anchor}: roots awaited through it are watched if they exist
     * now (and their appearance reported, unless the anchor is a watched directory whose own
     * event reports it), or awaited one level further down.
     */
    void appeared(Node anchor, String name, boolean movedIn) {
        for (String root : List.copyOf(anchor.awaited)) {
            String next = nextComponent(anchor.path, root);
            if (!next.equals(name)) {
                continue;
            }
            if (!arrived(anchor.child(name), root)) {
                continue; // a file where a directory of the path should be, or gone again
            }
            anchor.awaited.remove(root);
            boolean reportedByKernel = anchor.child(name).equals(root);
            if (addRoot(root, movedIn ? Walk.INITIAL : Walk.REPORT)) {
                activity.rootWatched(root);
                if (anchor.anchorOnly) {
                    boolean directory = new File(root).isDirectory();
                    if (movedIn) {
                        activity.moved(null, root, directory, 0);
                    } else {
                        activity.created(root, directory, !reportedByKernel);
                    }
                }
            } else if (attachErrno == Errno.ENOENT) {
                await(root); // a directory on the way appeared: wait one level further down
            } else {
                fail(NativeFailure.addWatch(root, attachErrno));
            }
        }
        releaseIfUnused(anchor);
    }

    /** A directory watched as an anchor was moved: what it awaits is looked for again from scratch. */
    void anchorMoved(Node anchor) {
        List<String> awaited = anchor.awaited;
        anchor.awaited = null;
        releaseIfUnused(anchor);
        if (awaited != null) {
            awaited.forEach(this::await);
        }
    }

    /** A root was moved away: its watches would report under a stale path, so they go, and the path is awaited. */
    void rootMoved(Node root) {
        unwatch(root);
        if (roots.contains(root.path)) {
            await(root.path);
        }
    }

    private void releaseIfUnused(Node anchor) {
        if (anchor.anchorOnly && (anchor.awaited == null || anchor.awaited.isEmpty())) {
            byWd.remove(anchor.wd);
            Inotify.inotify_rm_watch(fd, anchor.wd);
        }
    }

    /** Whether {@code path}, on the way to {@code root}, is there: the root itself, or a directory above it. */
    private static boolean arrived(String path, String root) {
        File file = new File(path);
        return path.equals(root) ? file.exists() : file.isDirectory();
    }

    /** The next component of {@code root}'s path below {@code dir}. */
    private static String nextComponent(String dir, String root) {
        String rest = root.substring(dir.endsWith("/") ? dir.length() : dir.length() + 1);
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    /** A node for a watch descriptor that was an anchor only takes over what it awaits. */
    private Node adopt(Node anchor, Node node) {
        if (anchor != null) {
            node.awaited = anchor.awaited;
        }
        byWd.put(node.wd, node);
        return node;
    }

    /** A directory appeared under {@code parent}: watch it, then report everything it already holds. */
    void created(Node parent, String name) {
        Node dir = attach(parent, name, parent.child(name));
        if (dir != null) {
            walk(dir, Walk.REPORT);
        } else if (attachErrno == Errno.ENOENT) {
            createdUnwatched.add(parent.wd + "/" + name); // its rename is queued: see renamed()
            noteworthyPass = readPasses.getAsLong();
        }
    }

    /** A directory moved in from outside: watch it and everything below it, report nothing. */
    void movedIn(Node parent, String name) {
        Node dir = attach(parent, name, parent.child(name));
        if (dir != null) {
            walk(dir, Walk.INITIAL);
        }
    }

    /** An entry was renamed within the watched trees; if it is a watched directory, it and its subtree follow. */
    void renamed(Node from, String fromName, Node to, String toName) {
        Node dir = from.children == null ? null : from.children.remove(fromName);
        if (dir == null) {
            if (recursive && !excludes.matches(to.child(toName), toName)) {
                if (createdUnwatched.remove(from.wd + "/" + fromName)) {
                    created(to, toName); // new, so all it holds is new
                } else {
                    movedIn(to, toName); // it was excluded before
                }
            }
            return;
        }
        if (excludes.matches(to.child(toName), toName)) {
            unwatch(dir);
            return;
        }
        rehome(dir, to, toName);
    }

    /** A directory left every watched tree: drop its watches and those below it. */
    void movedOut(Node parent, String name) {
        Node dir = parent.children == null ? null : parent.children.remove(name);
        if (dir != null) {
            unwatch(dir);
        }
    }

    /** Drops the watches of {@code dir} and everything below it. */
    void unwatch(Node dir) {
        ArrayDeque<Node> todo = new ArrayDeque<>();
        todo.push(dir);
        while (!todo.isEmpty()) {
            Node n = todo.pop();
            if (n.children != null) {
                n.children.values().forEach(todo::push);
            }
            byWd.remove(n.wd);
            Inotify.inotify_rm_watch(fd, n.wd); // EINVAL if the kernel dropped it already: fine
        }
    }

    /** IN_IGNORED: the kernel dropped the watch (deleted, unmounted, or removed by us). */
    void forget(Node node) {
        byWd.remove(node.wd);
        if (node.parent != null && node.parent.children != null && node.parent.children.get(node.name) == node) {
            node.parent.children.remove(node.name);
        }
        if (node.root && roots.contains(node.path)) {
            await(node.path); // deleted: watched again when it is created again
        }
        if (node.awaited != null) {
            node.awaited.forEach(this::await);
        }
    }

    /**
     * After events were lost: walk every root again, watch directories that appeared meanwhile and
     * report what they hold as scanned; roots that could not be watched are tried again.
     */
    void rescan() {
        for (String path : roots) {
            Node root = rootNode(path);
            if (root == null) {
                if (addRoot(path, Walk.REPORT)) {
                    stopAwaiting(path);
                    activity.rootWatched(path);
                }
            } else if (recursive) {
                walk(root, Walk.RESCAN);
            }
        }
    }

    /** A root found by other means than its anchor's event: the anchor need not wait for it. */
    private void stopAwaiting(String root) {
        for (Node anchor : List.copyOf(byWd.values())) {
            if (anchor.awaited != null && anchor.awaited.remove(root)) {
                releaseIfUnused(anchor);
            }
        }
    }

    /**
     * Whether this IN_CREATE was already reported by a scan. The watch on a new directory comes
     * before its scan, so an entry created in between is both listed and queued by the kernel.
     */
    boolean consumeScanned(Node dir, String name) {
        return dir.scanned != null && dir.scanned.remove(name);
    }

    /** An entry left the directory: a later IN_CREATE of the same name is new again. */
    void entryGone(Node dir, String name) {
        if (dir.scanned != null) {
            dir.scanned.remove(name);
        }
    }

    /**
     * Read pass {@code pass} found the kernel queue empty. If that pass began after the last scan,
     * every IN_CREATE that could duplicate what a scan reported has been seen now.
     */
    void queueEmpty(long pass) {
        if (pass <= noteworthyPass) {
            return;
        }
        createdUnwatched.clear();
        for (Node n : withScans) {
            n.scanned = null;
        }
        withScans.clear();
    }

    private Node rootNode(String path) {
        for (Node n : byWd.values()) {
            if (n.root && n.path.equals(path)) {
                return n;
            }
        }
        return null;
    }

    private enum Walk {
        /** Watch what is not watched yet, report nothing: the state at start and after a move in. */
        INITIAL,
        /** Watch and report every entry as created: a directory that was just created. */
        REPORT,
        /** Descend everywhere, report only directories that were not watched and what they hold. */
        RESCAN
    }

    private void walk(Node start, Walk mode) {
        ArrayDeque<Node> todo = new ArrayDeque<>();
        ArrayDeque<Walk> modes = new ArrayDeque<>();
        todo.push(start);
        modes.push(mode);
        int listed = 0;
        while (!todo.isEmpty()) {
            if (++listed % WALK_BATCH == 0) {
                breather.run();
            }
            Node dir = todo.pop();
            Walk m = modes.pop();
            String[] names = new File(dir.path).list();
            if (names == null) {
                continue; // gone again, or unreadable: the watch on it (if any) already failed loudly
            }
            for (String name : names) {
                String path = dir.child(name);
                if (excludes.matches(path, name)) {
                    continue;
                }
                int sizeBefore = byWd.size();
                Node child = attach(dir, name, start.path);
                if (child == null && attachErrno == Errno.ENOSPC) {
                    return; // reported; every further directory would fail the same way
                }
                boolean isNew = byWd.size() > sizeBefore;
                boolean report = m == Walk.REPORT || (m == Walk.RESCAN && isNew);
                if (report) {
                    markScanned(dir, name);
                    activity.created(path, child != null, true);
                }
                if (child != null && (report || isNew || m == Walk.RESCAN)) {
                    todo.push(child);
                    modes.push(report ? Walk.REPORT : m);
                }
            }
        }
    }

    /**
     * Watches entry {@code name} of {@code parent} if it is a directory, in one call: with
     * IN_ONLYDIR a file or symbolic link fails with ENOTDIR instead of needing a stat first.
     * Returns the directory's node, or null for anything that is not a watched directory. Hitting
     * the watch limit is reported naming {@code subtree}, the part left unwatched.
     */
    private Node attach(Node parent, String name, String subtree) {
        String path = parent.child(name);
        int wd = Inotify.inotify_add_watch(fd, path, events | ENTRY_FLAGS);
        if (wd < 0) {
            int errno = Native.getLastError();
            attachErrno = errno;
            if (errno == Errno.ENOSPC) {
                watchLimitReached(path, subtree);
            } else if (errno != Errno.ENOTDIR && errno != Errno.ENOENT) {
                fail(NativeFailure.addWatch(path, errno));
            }
            return null;
        }
        Node existing = byWd.get(wd);
        if (existing != null && !existing.anchorOnly) {
            if (!existing.root && (existing.parent != parent || !existing.name.equals(name))) {
                rehome(existing, parent, name);
            }
            return existing;
        }
        Node dir = adopt(existing, new Node(wd, false, true, parent, name, path));
        childrenOf(parent).put(name, dir);
        return dir;
    }

    private void fail(NativeFailure failure) {
        activity.watchFailed(failure.path(), failure.errnoName(), failure.getMessage());
    }

    /**
     * Reported once: once the limit is reached every further directory fails alike until it is
     * raised, and one report per directory would flood the log and the recording.
     */
    private void watchLimitReached(String path, String subtree) {
        if (!watchLimitReported) {
            watchLimitReported = true;
            NativeFailure f = NativeFailure.watchLimit(path, subtree);
            activity.watchFailed(subtree, f.errnoName(), f.getMessage());
        }
    }

    private void markScanned(Node dir, String name) {
        if (dir.scanned == null) {
            dir.scanned = new HashSet<>();
            withScans.add(dir);
        }
        dir.scanned.add(name);
        noteworthyPass = readPasses.getAsLong();
    }

    private static Map<String, Node> childrenOf(Node dir) {
        if (dir.children == null) {
            dir.children = new HashMap<>();
        }
        return dir.children;
    }

    /**
     * A known descriptor under another name is the same directory, moved: watches follow inodes.
     * Seen when it left and came back before the first move's half settled, which then finds
     * nothing under the old name to drop.
     */
    private void rehome(Node dir, Node parent, String name) {
        if (dir.parent != null && dir.parent.children != null && dir.parent.children.get(dir.name) == dir) {
            dir.parent.children.remove(dir.name);
        }
        dir.parent = parent;
        dir.name = name;
        childrenOf(parent).put(name, dir);
        repath(dir);
    }

    /** A directory was renamed: its path and every path below it change. */
    private void repath(Node dir) {
        pathsChanged++;
        ArrayDeque<Node> todo = new ArrayDeque<>();
        todo.push(dir);
        while (!todo.isEmpty()) {
            Node n = todo.pop();
            n.path = n.parent.child(n.name);
            if (n.children != null) {
                n.children.values().forEach(todo::push);
            }
        }
    }
}
