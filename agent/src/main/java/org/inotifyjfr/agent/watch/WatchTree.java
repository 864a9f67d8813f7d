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
import java.nio.charset.Charset;
import java.util.function.LongSupplier;
import org.inotifyjfr.agent.linux.Errno;
import org.inotifyjfr.agent.linux.Inotify;
import org.inotifyjfr.agent.linux.NativeFailure;
import org.inotifyjfr.agent.linux.PathBuffer;
import org.inotifyjfr.agent.linux.Subdirectories;

/**
 * The watched directories and what to do as they change. A directory is known by its watch
 * descriptor ({@code int dir} throughout) and knows only its parent and name
 * ({@link DirectoryTable}), so a descriptor follows its inode through renames and paths below a
 * renamed directory stay true. Not thread safe: the reader's lock guards it.
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
    /**
     * How much work (a listing, or a look at an entry) a walk does between two {@link #breather}
     * calls: about a millisecond.
     */
    private static final int WALK_BATCH = 1024;
    /**
     * An anchor waits for a missing root to appear below it. IN_MASK_ADD: the same directory may
     * be watched as part of a tree already, and that watch must keep its events.
     */
    static final int ANCHOR_MASK = IN_CREATE | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_MASK_ADD;

    /** Paths worked out lately, by descriptor: most events are in a few directories. */
    private static final int PATH_CACHE = 1024;

    private final int fd;
    private final boolean recursive;
    private final Excludes excludes;
    private final FileActivity activity;
    private final DirectoryTable table;
    private final Subdirectories subdirectories = Subdirectories.open();
    private final PathBuffer entryPath;
    /** Names a scan reported whose kernel IN_CREATE may still be queued, by directory; see {@link #consumeScanned}. */
    private final Map<Integer, Set<String>> scanned = new HashMap<>();
    /** Missing roots each directory is watched for; see {@link #await}. */
    private final Map<Integer, List<String>> awaited = new HashMap<>();
    private final List<String> roots = new ArrayList<>();
    /** "wd/name" of directories created here that were renamed before their watch was in place. */
    private final Set<String> createdUnwatched = new HashSet<>();
    private final int[] cachedDir = new int[PATH_CACHE];
    private final long[] cachedStamp = new long[PATH_CACHE];
    private final String[] cachedPath = new String[PATH_CACHE];
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

    WatchTree(int fd, boolean recursive, Excludes excludes, FileActivity activity, Charset charset) {
        this.fd = fd;
        this.recursive = recursive;
        this.excludes = excludes;
        this.activity = activity;
        this.table = new DirectoryTable(charset);
        this.entryPath = new PathBuffer(charset);
    }

    /** Whether {@code dir} is a watch this tree holds. */
    boolean knows(int dir) {
        return table.contains(dir);
    }

    boolean isAnchorOnly(int dir) {
        return (table.flags(dir) & DirectoryTable.ANCHOR_ONLY) != 0;
    }

    boolean isRoot(int dir) {
        return (table.flags(dir) & DirectoryTable.ROOT) != 0;
    }

    /** False only for a root that is a file. */
    boolean isDirectory(int dir) {
        return (table.flags(dir) & DirectoryTable.FILE) == 0;
    }

    /** Whether events in {@code dir} matter to the tree beyond what they report: a scan or an awaited root. */
    boolean tracks(int dir) {
        return !scanned.isEmpty() && scanned.containsKey(dir) || !awaited.isEmpty() && awaited.containsKey(dir);
    }

    /** Whether a missing root is awaited through {@code dir}. */
    boolean awaitsIn(int dir) {
        return !awaited.isEmpty() && awaited.containsKey(dir);
    }

    String path(int dir) {
        int i = dir & (PATH_CACHE - 1);
        String path = cachedPath[i];
        if (path == null || cachedDir[i] != dir || cachedStamp[i] != pathsChanged) {
            path = table.path(dir);
            cachedDir[i] = dir;
            cachedStamp[i] = pathsChanged;
            cachedPath[i] = path;
        }
        return path;
    }

    /** The path of entry {@code name} in {@code dir}. */
    String child(int dir, String name) {
        return child(path(dir), name);
    }

    private static String child(String dirPath, String name) {
        return dirPath.endsWith("/") ? dirPath + name : dirPath + '/' + name;
    }

    int size() {
        return table.size();
    }

    boolean recursive() {
        return recursive;
    }

    Excludes excludes() {
        return excludes;
    }

    /**
     * Makes every watch ask for {@code wanted} (plus {@link #BOOKKEEPING}). Re-adding a watch by
     * path replaces its mask and returns the same descriptor; a path that names another inode by
     * now gives another one, dropped unless known.
     */
    void setEvents(int wanted) {
        int bits = wanted | BOOKKEEPING;
        if (bits == events) {
            return;
        }
        events = bits;
        List<Integer> dirs = new ArrayList<>(table.size());
        table.forEach(dirs::add);
        for (int dir : dirs) {
            if (!isAnchorOnly(dir)) {
                int wd = Inotify.inotify_add_watch(fd, entryPath.put(path(dir)), isRoot(dir) ? events : events | ENTRY_FLAGS);
                if (wd >= 0 && wd != dir && !table.contains(wd)) {
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
        boolean known = table.contains(wd);
        if (known && !isAnchorOnly(wd)) {
            return true; // already watched, as part of another root's tree
        }
        boolean directory = new File(path).isDirectory();
        int flags = DirectoryTable.ROOT | (directory ? 0 : DirectoryTable.FILE);
        if (known) {
            becomes(wd, DirectoryTable.NONE, table.encode(path), flags); // the anchor it was takes over what it awaits
        } else {
            table.add(wd, DirectoryTable.NONE, table.encode(path), flags);
        }
        if (recursive && directory) {
            walk(wd, path, mode);
        }
        return true;
    }

    /** An anchor turns out to be watched for itself now: it takes its place in the tree. */
    private void becomes(int anchor, int parent, byte[] name, int flags) {
        table.move(anchor, parent, name);
        table.setFlags(anchor, flags);
        pathsChanged++;
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
        if (!table.contains(wd)) {
            table.add(wd, DirectoryTable.NONE, table.encode(path), DirectoryTable.ANCHOR_ONLY);
        }
        List<String> waiting = awaited.computeIfAbsent(wd, k -> new ArrayList<>());
        if (!waiting.contains(root)) {
            waiting.add(root);
        }
        String anchorPath = path(wd);
        String next = nextComponent(anchorPath, root);
        if (arrived(child(anchorPath, next), root)) {
            appeared(wd, next, false); // it came between the look and the watch
        }
    }

    /**
     * {@code name} appeared in {@code anchor}: roots awaited through it are watched if they exist
     * now (and their appearance reported, unless the anchor is a watched directory whose own
     * event reports it), or awaited one level further down.
     */
    void appeared(int anchor, String name, boolean movedIn) {
        List<String> waiting = awaited.get(anchor);
        if (waiting == null) {
            return;
        }
        String anchorPath = path(anchor);
        for (String root : List.copyOf(waiting)) {
            String next = nextComponent(anchorPath, root);
            if (!next.equals(name)) {
                continue;
            }
            String arrived = child(anchorPath, name);
            if (!arrived(arrived, root)) {
                continue; // a file where a directory of the path should be, or gone again
            }
            waiting.remove(root);
            boolean reportedByKernel = arrived.equals(root);
            boolean anchorOnly = table.contains(anchor) && isAnchorOnly(anchor);
            if (addRoot(root, movedIn ? Walk.INITIAL : Walk.REPORT)) {
                activity.rootWatched(root);
                if (anchorOnly) {
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
    void anchorMoved(int anchor) {
        List<String> waiting = awaited.remove(anchor);
        releaseIfUnused(anchor);
        if (waiting != null) {
            waiting.forEach(this::await);
        }
    }

    /** A root was moved away: its watches would report under a stale path, so they go, and the path is awaited. */
    void rootMoved(int root) {
        String path = path(root);
        unwatch(root);
        if (roots.contains(path)) {
            await(path);
        }
    }

    private void releaseIfUnused(int anchor) {
        List<String> waiting = awaited.get(anchor);
        if (waiting != null && waiting.isEmpty()) {
            awaited.remove(anchor);
            waiting = null;
        }
        if (waiting == null && table.contains(anchor) && isAnchorOnly(anchor)) {
            table.remove(anchor);
            Inotify.inotify_rm_watch(fd, anchor);
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

    /** A directory appeared under {@code parent}: watch it, then report everything it already holds. */
    void created(int parent, String name) {
        String path = child(parent, name);
        int dir = attach(parent, name, path, path);
        if (dir != DirectoryTable.NONE) {
            walk(dir, path, Walk.REPORT);
        } else if (attachErrno == Errno.ENOENT) {
            createdUnwatched.add(parent + "/" + name); // its rename is queued: see renamed()
            noteworthyPass = readPasses.getAsLong();
        }
    }

    /** A directory moved in from outside: watch it and everything below it, report nothing. */
    void movedIn(int parent, String name) {
        String path = child(parent, name);
        int dir = attach(parent, name, path, path);
        if (dir != DirectoryTable.NONE) {
            walk(dir, path, Walk.INITIAL);
        }
    }

    /** An entry was renamed within the watched trees; if it is a watched directory, it and its subtree follow. */
    void renamed(int from, String fromName, int to, String toName) {
        int dir = table.contains(from) ? table.child(from, table.encode(fromName)) : DirectoryTable.NONE;
        String toPath = child(to, toName);
        if (dir == DirectoryTable.NONE) {
            if (recursive && !excludes.matches(toPath, toName)) {
                if (createdUnwatched.remove(from + "/" + fromName)) {
                    created(to, toName); // new, so all it holds is new
                } else {
                    movedIn(to, toName); // it was excluded before
                }
            }
            return;
        }
        if (excludes.matches(toPath, toName)) {
            unwatch(dir);
            return;
        }
        rehome(dir, to, table.encode(toName));
    }

    /** A directory left every watched tree: drop its watches and those below it. */
    void movedOut(int parent, String name) {
        int dir = table.contains(parent) ? table.child(parent, table.encode(name)) : DirectoryTable.NONE;
        if (dir != DirectoryTable.NONE) {
            unwatch(dir);
        }
    }

    /** Drops the watches of {@code dir} and everything below it. */
    void unwatch(int dir) {
        List<Integer> below = new ArrayList<>();
        table.forEachBelow(dir, below::add);
        for (int wd : below) {
            table.remove(wd);
            scanned.remove(wd);
            awaited.remove(wd);
            Inotify.inotify_rm_watch(fd, wd); // EINVAL if the kernel dropped it already: fine
        }
    }

    /** IN_IGNORED: the kernel dropped the watch (deleted, unmounted, or removed by us). */
    void forget(int dir) {
        String path = path(dir);
        boolean root = isRoot(dir);
        table.remove(dir);
        scanned.remove(dir);
        List<String> waiting = awaited.remove(dir);
        if (root && roots.contains(path)) {
            await(path); // deleted: watched again when it is created again
        }
        if (waiting != null) {
            waiting.forEach(this::await);
        }
    }

    /**
     * After events were lost: walk every root again, watch directories that appeared meanwhile and
     * report what they hold as scanned; roots that could not be watched are tried again.
     */
    void rescan() {
        for (String path : roots) {
            int root = rootNamed(path);
            if (root == DirectoryTable.NONE) {
                if (addRoot(path, Walk.REPORT)) {
                    stopAwaiting(path);
                    activity.rootWatched(path);
                }
            } else if (recursive) {
                walk(root, path, Walk.RESCAN);
            }
        }
    }

    /** A root found by other means than its anchor's event: the anchor need not wait for it. */
    private void stopAwaiting(String root) {
        for (int anchor : List.copyOf(awaited.keySet())) {
            if (awaited.get(anchor).remove(root)) {
                releaseIfUnused(anchor);
            }
        }
    }

    /**
     * Whether this IN_CREATE was already reported by a scan. The watch on a new directory comes
     * before its scan, so an entry created in between is both listed and queued by the kernel.
     */
    boolean consumeScanned(int dir, String name) {
        Set<String> names = scanned.isEmpty() ? null : scanned.get(dir);
        return names != null && names.remove(name);
    }

    /** An entry left the directory: a later IN_CREATE of the same name is new again. */
    void entryGone(int dir, String name) {
        Set<String> names = scanned.isEmpty() ? null : scanned.get(dir);
        if (names != null) {
            names.remove(name);
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
        scanned.clear();
    }

    private int rootNamed(String path) {
        int[] found = {DirectoryTable.NONE};
        table.forEach(wd -> {
            if (found[0] == DirectoryTable.NONE && isRoot(wd) && table.parent(wd) == DirectoryTable.NONE
                    && table.name(wd).equals(path)) {
                found[0] = wd;
            }
        });
        return found[0];
    }

    private enum Walk {
        /** Watch what is not watched yet, report nothing: the state at start and after a move in. */
        INITIAL,
        /** Watch and report every entry as created: a directory that was just created. */
        REPORT,
        /** Descend everywhere, report only directories that were not watched and what they hold. */
        RESCAN
    }

    /** Lists {@code start} (at {@code startPath}) and, as {@code mode} says, what is below it. */
    private void walk(int start, String startPath, Walk mode) {
        ArrayDeque<Integer> dirs = new ArrayDeque<>();
        ArrayDeque<String> paths = new ArrayDeque<>();
        ArrayDeque<Walk> modes = new ArrayDeque<>();
        dirs.push(start);
        paths.push(startPath);
        modes.push(mode);
        int work = 0;
        while (!dirs.isEmpty()) {
            if (work >= WALK_BATCH) {
                breather.run();
                work = 0;
            }
            int dir = dirs.pop();
            String dirPath = paths.pop();
            Walk m = modes.pop();
            String[] names = new File(dirPath).list();
            if (names == null) {
                continue; // gone again, or unreadable: the watch on it (if any) already failed loudly
            }
            work += 1 + names.length;
            for (String name : names) {
                String path = child(dirPath, name);
                if (excludes.matches(path, name)) {
                    continue;
                }
                int sizeBefore = table.size();
                int child = attach(dir, name, path, startPath);
                if (child == DirectoryTable.NONE && attachErrno == Errno.ENOSPC) {
                    return; // reported; every further directory would fail the same way
                }
                boolean isNew = table.size() > sizeBefore;
                boolean report = m == Walk.REPORT || (m == Walk.RESCAN && isNew);
                if (report) {
                    markScanned(dir, name);
                    activity.created(path, child != DirectoryTable.NONE, true);
                }
                if (child != DirectoryTable.NONE && (report || m == Walk.RESCAN
                        || isNew && !subdirectories.surelyNone(entryPath.put(path)))) {
                    dirs.push(child);
                    paths.push(path);
                    modes.push(report ? Walk.REPORT : m);
                }
            }
        }
    }

    /**
     * Watches entry {@code name} of {@code parent} (at {@code path}) if it is a directory, in one
     * call: with IN_ONLYDIR a file or symbolic link fails with ENOTDIR instead of needing a stat
     * first. Returns the directory's descriptor, or {@link DirectoryTable#NONE} for anything that
     * is not a watched directory. Hitting the watch limit is reported naming {@code subtree}, the
     * part left unwatched.
     */
    private int attach(int parent, String name, String path, String subtree) {
        int wd = Inotify.inotify_add_watch(fd, entryPath.put(path), events | ENTRY_FLAGS);
        if (wd < 0) {
            int errno = Native.getLastError();
            attachErrno = errno;
            if (errno == Errno.ENOSPC) {
                watchLimitReached(path, subtree);
            } else if (errno != Errno.ENOTDIR && errno != Errno.ENOENT) {
                fail(NativeFailure.addWatch(path, errno));
            }
            return DirectoryTable.NONE;
        }
        byte[] nameBytes = table.encode(name);
        if (!table.contains(wd)) {
            table.add(wd, parent, nameBytes, 0);
        } else if (isAnchorOnly(wd)) {
            becomes(wd, parent, nameBytes, 0); // it keeps what it awaits
        } else if (!isRoot(wd) && (table.parent(wd) != parent || !table.nameEquals(wd, nameBytes))) {
            rehome(wd, parent, nameBytes);
        }
        return wd;
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

    private void markScanned(int dir, String name) {
        scanned.computeIfAbsent(dir, k -> new HashSet<>()).add(name);
        noteworthyPass = readPasses.getAsLong();
    }

    /**
     * A known descriptor under another name is the same directory, moved: watches follow inodes,
     * and every path below it changes with it. Seen when it left and came back before the first
     * move's half settled, which then finds nothing under the old name to drop.
     */
    private void rehome(int dir, int parent, byte[] name) {
        table.move(dir, parent, name);
        pathsChanged++;
    }
}
