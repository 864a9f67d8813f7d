package org.inotifyjfr.agent.watch;

import static org.inotifyjfr.agent.linux.Inotify.*;

import java.io.File;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;
import org.inotifyjfr.agent.linux.Directories;
import org.inotifyjfr.agent.linux.Dirent;
import org.inotifyjfr.agent.linux.Errno;
import org.inotifyjfr.agent.linux.InotifyInstance;
import org.inotifyjfr.agent.linux.MountInfo;
import org.inotifyjfr.agent.linux.NativeFailure;
import org.inotifyjfr.agent.linux.Stat;

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
    /** The events in a directory that change a symbolic link in it: see {@link #linkChanged}. */
    static final int LINK_EVENTS = IN_CREATE | IN_MOVED_TO | IN_DELETE | IN_MOVED_FROM;

    /** Paths worked out lately, by descriptor: most events are in a few directories. */
    private static final int PATH_CACHE = 1024;
    /** {@link #openErrno} for a path that leads to another directory than the one the tree has there. */
    private static final int STALE = -1;
    /** Entries waiting for current paths; beyond this many, one rescan is cheaper. */
    private static final int DEFERRED_LIMIT = 10_000;
    /** A deferred entry still failing after this many tries with the queue read means the tree is wrong there: rescan. */
    private static final int RETRIES = 3;

    private final InotifyInstance inotify;
    private final Directories dirs = new Directories();
    private final boolean recursive;
    private final Excludes excludes;
    private final FileActivity activity;
    private final DirectoryTable table;
    /** What scans reported that the kernel may report again; see {@link #consumeScanned}. */
    private final ScanNotes notes = new ScanNotes(() -> this.readPasses.getAsLong());
    /** Missing roots each directory is watched for; see {@link #await}. */
    private final Map<Integer, List<String>> awaited = new HashMap<>();
    /** Entries the kernel refused to watch for a cause that may go away: see {@link #retryRefused}. */
    private final Refused refused = new Refused();
    /** Symbolic links on the way to roots, by the directory holding each: see {@link #linkChanged}. */
    private final Links links = new Links();
    /** Set while {@link #retryRefused} runs: a failure already reported is not reported again. */
    private boolean retrying;
    private final List<String> roots = new ArrayList<>();
    private final int[] cachedDir = new int[PATH_CACHE];
    private final long[] cachedStamp = new long[PATH_CACHE];
    private final String[] cachedPath = new String[PATH_CACHE];
    private int attachErrno;
    /** Why {@link #open} or {@link #openChild} failed: an errno, or {@link #STALE}. */
    private int openErrno;
    /** Whether the last {@link #attach} added a directory the tree did not hold. */
    private boolean lastAttachNew;
    private final ArrayDeque<Deferred> deferred = new ArrayDeque<>();
    /** Set by lost events and by a tree found behind the file system: see {@link #rescan}. */
    private boolean resyncNeeded;
    /** The tries of the deferred entry being retried ({@link #queueEmpty}), else 0. */
    private int retryTries;
    /** During a rescan, the directories it found. */
    private Set<Integer> seen;
    /**
     * Told of every watched directory found inside the trees, so that a move out of it still
     * waiting to be settled is called off: it came back.
     */
    IntConsumer claimed = wd -> { };
    private boolean watchLimitReported;
    /** The event bits of every watch now: {@link #BOOKKEEPING} plus the kinds recorded. */
    private int events = BOOKKEEPING;
    /**
     * How many read passes over the kernel queue have begun ({@link InotifyReader}); a scan notes
     * it, so that only a pass that began after the scan ends what it suppresses.
     */
    LongSupplier readPasses = () -> 0;
    /** Counts renames of watched directories: a path worked out before a change is stale after it. */
    long pathsChanged;
    /** System.nanoTime() when the first root's watch was placed, 0 until then. */
    long firstWatchNanos;
    /** The watch descriptor of the root {@link #addRoot} watched last. */
    private int lastRoot = DirectoryTable.NONE;
    /** Whether that root got a watch of its own, not one it held already as part of another root's tree. */
    private boolean lastRootAdded;
    /** Rescans run so far: for tests that pin that overflows close together make one. */
    int rescans;
    /** What mounts and unmounts change under the trees. */
    private Mounts mounts = new Mounts(this, null);
    /**
     * Called between batches of a long walk: the reader hands its lock to whoever waits for it (a
     * chunk end, the recorder) and takes it back; true if it did, and then the tree may have
     * changed under the walk.
     */
    BooleanSupplier breather = () -> false;
    /** True while JFR's chunk hook reads: a long walk then leaves the rest of its work for later. */
    BooleanSupplier inChunkHook = () -> false;
    /** Walks under way on this tree: one inside another (an event handled while a walk let go of the lock) never lets go. */
    private int walkDepth;

    WatchTree(InotifyInstance inotify, boolean recursive, Excludes excludes, FileActivity activity) {
        this.inotify = inotify;
        this.recursive = recursive;
        this.excludes = excludes;
        this.activity = activity;
        this.table = new DirectoryTable();
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
        return notes.has(dir) || !awaited.isEmpty() && awaited.containsKey(dir)
                || links.in(dir);
    }

    /** Whether {@code dir} holds a symbolic link on the way to a root. */
    boolean hasLinks(int dir) {
        return links.in(dir);
    }

    /** Whether entries of {@code dir} could not be watched and are to be tried again on its events. */
    boolean hasRefused(int dir) {
        return refused.in(dir);
    }

    /**
     * An event in {@code dir}, whose entries could not be watched (permission denied, say): if
     * their cause is gone (a chmod, which is an attribute change, {@code attribChanged}), they are
     * watched now, with what they hold, and the failure no longer stands.
     */
    void retryRefused(int dir, boolean attribChanged) {
        List<String> names = refused.due(dir, attribChanged, System.nanoTime());
        retrying = true;
        try {
            for (String name : names) {
                if (table.contains(dir) && attachEntry(dir, table.encode(name), Walk.INITIAL)) {
                    activity.watchedAgain(child(dir, name));
                }
            }
        } finally {
            retrying = false;
        }
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

    /** The path of watched directory {@code dir}, as file events name it; null if it is not watched (any more). */
    String directoryPath(int dir) {
        return table.contains(dir) ? path(dir) : null;
    }

    /** The path of entry {@code name} in {@code dir}. */
    String child(int dir, String name) {
        return child(path(dir), name);
    }

    private static String child(String dirPath, String name) {
        return dirPath.endsWith("/") ? dirPath + name : dirPath + '/' + name;
    }

    /** The configured roots, as configured. */
    List<String> roots() {
        return List.copyOf(roots);
    }

    FileActivity activity() {
        return activity;
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
     * now gives another one, dropped unless known, and then the directory is reached as a walk
     * reaches it (through a checked descriptor), or when the queue is read.
     */
    void setEvents(int wanted) {
        int bits = wanted | BOOKKEEPING;
        if (bits == events) {
            return;
        }
        events = bits;
        List<Integer> watched = new ArrayList<>(table.size());
        table.forEach(watched::add);
        for (int dir : watched) {
            if (!isAnchorOnly(dir)) {
                int wd = inotify.addWatch(table.pathBytes(dir), isRoot(dir) ? events : events | ENTRY_FLAGS);
                if (wd >= 0 && wd != dir && !table.contains(wd)) {
                    inotify.removeWatch(wd);
                }
                if (wd != dir && isDirectory(dir)) {
                    // Deeper than PATH_MAX, or the path leads elsewhere (a rename still queued):
                    // opening it checked re-adds its watch through the descriptor, with the new bits.
                    int dirFd = open(dir);
                    if (dirFd >= 0) {
                        dirs.close(dirFd);
                    } else {
                        unreachable(dir, null, Walk.INITIAL);
                    }
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
        boolean linked = watchLinksOn(path);
        if (addRoot(path, Walk.INITIAL)) {
            if (linked) {
                links.target(path, realPath(path)); // for the message when the link is switched
            }
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
        // IN_ONLYDIR first: whether the root is a directory is then what the watch found, not
        // what a later look finds (it may be gone again by then).
        byte[] encoded = table.encode(path);
        int wd = inotify.addWatch(encoded, events | IN_ONLYDIR);
        boolean directory = wd >= 0;
        if (wd == -Errno.ENOTDIR) {
            wd = inotify.addWatch(encoded, events);
        }
        if (wd < 0) {
            attachErrno = -wd;
            return false;
        }
        lastRoot = wd;
        if (firstWatchNanos == 0) {
            firstWatchNanos = System.nanoTime();
        }
        boolean known = table.contains(wd);
        lastRootAdded = !known || isAnchorOnly(wd);
        if (!lastRootAdded) {
            return true; // already watched, as part of another root's tree
        }
        int flags = DirectoryTable.ROOT | (directory ? 0 : DirectoryTable.FILE);
        if (known) {
            becomes(wd, DirectoryTable.NONE, table.encode(path), flags); // the anchor it was takes over what it awaits
        } else {
            table.add(wd, DirectoryTable.NONE, table.encode(path), flags);
        }
        if (recursive && directory) {
            walk(wd, open(wd), path, mode);
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
        while (ancestor != null && typeOf(ancestor.getPath()) != Stat.S_IFDIR) {
            ancestor = ancestor.getParentFile();
        }
        if (ancestor == null) {
            return;
        }
        String path = ancestor.getPath();
        int wd = inotify.addWatch(path, ANCHOR_MASK);
        if (wd < 0) {
            int errno = -wd;
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
                    boolean directory = isDirectory(lastRoot);
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
        List<String> linked = links.remove(anchor);
        releaseIfUnused(anchor);
        if (waiting != null) {
            waiting.forEach(this::await);
        }
        for (String r : linked) {
            watchLinksOn(r);
            relink(r, 0);
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
        if (waiting == null && !links.in(anchor) && table.contains(anchor) && isAnchorOnly(anchor)) {
            table.remove(anchor);
            inotify.removeWatch(anchor);
        }
    }

    /**
     * Watches, for each symbolic link on the way to {@code root} (the root itself, or a directory
     * above it: {@code /srv/app/current/logs} with {@code current} a link), the directory holding
     * the link, for events naming it: switching the link there switches the root. Whether there
     * is such a link.
     */
    private boolean watchLinksOn(String root) {
        boolean found = false;
        for (int slash = root.indexOf('/', 1); ; slash = root.indexOf('/', slash + 1)) {
            String prefix = slash < 0 ? root : root.substring(0, slash);
            if (!prefix.isEmpty() && dirs.isLink(prefix)) {
                found = true;
                int cut = prefix.lastIndexOf('/');
                String holder = cut == 0 ? "/" : prefix.substring(0, cut);
                int wd = inotify.addWatch(holder, ANCHOR_MASK | LINK_EVENTS);
                if (wd >= 0) {
                    if (!table.contains(wd)) {
                        table.add(wd, DirectoryTable.NONE, table.encode(holder), DirectoryTable.ANCHOR_ONLY);
                    }
                    links.add(wd, prefix.substring(cut + 1), root);
                } else {
                    fail(NativeFailure.addWatch(holder, -wd));
                }
            }
            if (slash < 0) {
                return found;
            }
        }
    }

    /**
     * Entry {@code name} of {@code dir}, a symbolic link on the way to roots, changed ({@code
     * event} is the inotify bit: created, moved onto, deleted, moved away).
     */
    void linkChanged(int dir, String name, int event) {
        for (String root : links.rootsThrough(dir, name)) {
            relink(root, isAnchorOnly(dir) ? event : 0);
        }
    }

    /**
     * A symbolic link on the way to {@code root} may lead elsewhere now: if the root's directory
     * is another one, the old tree's watches go, the new one is watched (what it holds is not
     * reported: it was there before), and it is said, in the log and, if {@code event} is the
     * kernel's IN_MOVED_TO or IN_CREATE of the link in a directory not otherwise watched, in the
     * recording as the root's move or create. A link that leads nowhere now makes the root awaited.
     */
    private void relink(String root, int event) {
        int old = rootNamed(root);
        if (old != DirectoryTable.NONE) {
            int same = reopenRoot(old, root);
            if (same >= 0) {
                if (isDirectory(old)) {
                    dirs.close(same);
                }
                return; // still the same directory
            }
            unwatch(old);
        }
        if (addRoot(root, Walk.INITIAL)) {
            stopAwaiting(root);
            String target = realPath(root);
            String before = links.target(root, target);
            activity.rootRelinked(root, target, before);
            if (event == IN_MOVED_TO && activity.wants(Kind.MOVE)) {
                activity.moved(null, root, isDirectory(lastRoot), 0);
            } else if (event == IN_CREATE && activity.wants(Kind.CREATE)) {
                activity.created(root, isDirectory(lastRoot), false);
            }
        } else if (attachErrno == Errno.ENOENT) {
            if (old != DirectoryTable.NONE) {
                activity.rootRelinked(root, null, links.target(root, null));
            }
            await(root);
        } else {
            fail(NativeFailure.addWatch(root, attachErrno));
        }
    }

    /** Where {@code path} leads, links resolved, for messages; the path itself if that cannot be told. */
    private static String realPath(String path) {
        try {
            return java.nio.file.Path.of(path).toRealPath().toString();
        } catch (java.io.IOException | RuntimeException e) {
            return path;
        }
    }

    /** Whether {@code path}, on the way to {@code root}, is there: the root itself, or a directory above it. */
    private boolean arrived(String path, String root) {
        int type = typeOf(path);
        return path.equals(root) ? type != 0 : type == Stat.S_IFDIR;
    }

    /** {@link Stat#typeOf} {@code path}, a String by the rule for names (java.io.File goes by the JVM's locale). */
    private int typeOf(String path) {
        return dirs.typeOf(path);
    }

    /** The next component of {@code root}'s path below {@code dir}. */
    private static String nextComponent(String dir, String root) {
        String rest = root.substring(dir.endsWith("/") ? dir.length() : dir.length() + 1);
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    /** A directory appeared under {@code parent}: watch it, then report everything it already holds. */
    void created(int parent, String name) {
        if (!attachEntry(parent, table.encode(name), Walk.REPORT)) {
            notes.createdUnwatched(parent, name); // its rename may be queued: see renamed()
        }
    }

    /** A directory moved in from outside: watch it and everything below it, report nothing. */
    void movedIn(int parent, String name) {
        attachEntry(parent, table.encode(name), Walk.INITIAL);
    }

    /**
     * Watches entry {@code name} of {@code parent} and walks it as {@code mode} says; false if it
     * is not there (gone, renamed meanwhile, not a directory) or could not be watched. The entry is
     * reached through a descriptor of the parent, opened by the parent's path in the tree and
     * checked to hold the parent: that path may lead elsewhere by now, while the rename that
     * moved the parent is still queued. Then the entry waits until the queue is empty, when every
     * path in the tree is current again ({@link #queueEmpty}).
     */
    private boolean attachEntry(int parent, byte[] name, Walk mode) {
        int parentFd = open(parent);
        if (parentFd < 0) {
            unreachable(parent, name, mode);
            return false;
        }
        try {
            int dir = attach(parentFd, parent, name);
            if (dir == DirectoryTable.NONE) {
                if (attachErrno == Errno.ENOSPC) {
                    fail(NativeFailure.addWatch(child(parent, table.decode(name)), Errno.ENOSPC));
                }
                return false;
            }
            String path = path(dir);
            if (!lastAttachNew && mode == Walk.INITIAL) {
                return true; // it was watched already, and so was what is below it
            }
            walk(dir, openChild(parentFd, name, dir), path, mode);
            return true;
        } finally {
            dirs.close(parentFd);
        }
    }

    /** Entries and listings that had to wait for paths to be current: see {@link #attachEntry}. */
    private static final class Deferred {
        final int dir;
        /** The entry of {@code dir} to watch, or null to list {@code dir} itself. */
        final byte[] name;
        final Walk mode;
        /** How often it was tried with the queue read. */
        final int tries;

        Deferred(int dir, byte[] name, Walk mode, int tries) {
            this.dir = dir;
            this.name = name;
            this.mode = mode;
            this.tries = tries;
        }
    }

    /**
     * {@code dir} could not be opened to watch its entry {@code name} (null: to list it). If the
     * tree's path for it may be behind the file system (a rename on the way still queued), that
     * waits for the queue to be empty; any other failure is reported.
     */
    private void unreachable(int dir, byte[] name, Walk mode) {
        int errno = openErrno;
        if (errno == STALE || errno == Errno.ENOENT || errno == Errno.ENOTDIR || errno == Errno.ELOOP) {
            defer(dir, name, mode);
        } else {
            fail(NativeFailure.open(path(dir), errno));
        }
    }

    private void defer(int dir, byte[] name, Walk mode) {
        if (deferred.size() >= DEFERRED_LIMIT || retryTries >= RETRIES) {
            // far behind, or a path still wrong with the queue read: one rescan puts everything right
            resyncNeeded = true;
            return;
        }
        deferred.add(new Deferred(dir, name, mode, retryTries + 1));
        notes.noted();
    }

    /** An entry was renamed within the watched trees; if it is a watched directory ({@code moved}), it and its subtree follow. */
    void renamed(int moved, int from, String fromName, int to, String toName) {
        String toPath = child(to, toName);
        if (moved == DirectoryTable.NONE || !table.contains(moved)) {
            if (recursive && !excludes.matches(toPath, toName)) {
                if (notes.takeCreatedUnwatched(from, fromName)) {
                    created(to, toName); // new, so all it holds is new
                } else {
                    movedIn(to, toName); // excluded before, or it came in while its parent was unwatched
                }
            }
            return;
        }
        if (excludes.matches(toPath, toName)) {
            unwatch(moved);
            return;
        }
        relocate(moved, to, table.encode(toName));
        if (seen != null) {
            table.forEachBelow(moved, this::noteSeen); // a rescan that let go of the lock may have passed both places
        }
    }

    /** The watched directory at {@code name} in {@code parent} now, or {@link DirectoryTable#NONE}. */
    int childNamed(int parent, String name) {
        return table.contains(parent) ? table.child(parent, table.encode(name)) : DirectoryTable.NONE;
    }

    /**
     * A directory left every watched tree: drop its watches and those below it, unless it was
     * found inside the trees again since ({@link #claimed}), or its place was taken.
     */
    void movedOut(int moved, int parent, String name) {
        if (moved != DirectoryTable.NONE && table.contains(moved) && table.parent(moved) == parent
                && table.nameEquals(moved, table.encode(name))) {
            unwatch(moved);
        }
    }

    /** Drops the watches of {@code dir} and everything below it. */
    void unwatch(int dir) {
        List<Integer> below = new ArrayList<>();
        table.forEachBelow(dir, below::add);
        List<String> linked = links.isEmpty() ? List.of() : new ArrayList<>();
        for (int wd : below) {
            table.remove(wd);
            notes.forget(wd);
            awaited.remove(wd);
            refused.removeParent(wd);
            if (!links.isEmpty()) {
                linked.addAll(links.remove(wd));
            }
            inotify.removeWatch(wd); // EINVAL if the kernel dropped it already: fine
        }
        linked.forEach(this::watchLinksOn); // links that were in a watched directory: watched where they are now
    }

    /** IN_IGNORED: the kernel dropped the watch (deleted, unmounted, or removed by us). */
    void forget(int dir) {
        String path = path(dir);
        inotify.forgetMark(dir);
        boolean root = isRoot(dir);
        boolean unmountedHere = mounts.wentWithUnmount(dir, table.parent(dir), table.nameBytes(dir),
                root && roots.contains(path) ? path : null);
        table.remove(dir);
        notes.forget(dir);
        refused.removeParent(dir);
        List<String> waiting = awaited.remove(dir);
        List<String> linked = links.remove(dir);
        if (root && roots.contains(path) && !unmountedHere) {
            await(path); // deleted: watched again when it is created again
        }
        if (waiting != null) {
            waiting.forEach(this::await);
        }
        for (String r : linked) {
            watchLinksOn(r); // the directory holding the link is gone, and the link with it
            relink(r, 0);
        }
    }

    /** IN_UNMOUNT: the file system {@code dir} is on was unmounted; its IN_IGNORED follows. */
    void unmounted(int dir) {
        mounts.unmounted(dir);
    }

    /** The mount table to poll for mounts over the trees (the reader's). */
    void mountTable(MountInfo table) {
        mounts = new Mounts(this, table);
    }

    /** Watches configured root {@code root} anew where its path leads, reporting nothing: 0, or the errno. */
    int watchRootAgain(String root) {
        return addRoot(root, Walk.INITIAL) ? 0 : attachErrno;
    }

    /** Watches entry {@code name} of {@code parent} anew, with what it holds, reporting nothing; false if it cannot be. */
    boolean watchEntryAgain(int parent, byte[] name) {
        return table.contains(parent) && attachEntry(parent, name, Walk.INITIAL);
    }

    /**
     * {@code root} is no longer configured: its watches go (but for directories another root's
     * tree holds) and nothing waits for it; its links' anchors stay until they are unused.
     */
    void dropRoot(String root) {
        roots.remove(root);
        unwatchRoot(root);
        activity.rootDropped(root);
    }

    /** Drops the watches of configured root {@code root} and any wait for it. */
    void unwatchRoot(String root) {
        int wd = rootNamed(root);
        if (wd != DirectoryTable.NONE) {
            unwatch(wd);
        }
        stopAwaiting(root);
    }

    /** Reports that {@code path} could not be watched. */
    void addWatchFailed(String path, int errno) {
        fail(NativeFailure.addWatch(path, errno));
    }

    int parentOf(int dir) {
        return table.parent(dir);
    }

    byte[] nameOf(int dir) {
        return table.nameBytes(dir);
    }

    String decode(byte[] name) {
        return table.decode(name);
    }

    /** The watched directory at {@code path}, found down from the roots, or {@link DirectoryTable#NONE}. */
    int dirAt(String path) {
        for (String root : roots) {
            if (!path.startsWith(root.endsWith("/") ? root : root + "/")) {
                continue;
            }
            int dir = rootNamed(root);
            for (String name : path.substring(root.length()).split("/")) {
                if (dir == DirectoryTable.NONE) {
                    break;
                }
                if (!name.isEmpty()) {
                    dir = childNamed(dir, name);
                }
            }
            if (dir != DirectoryTable.NONE) {
                return dir;
            }
        }
        return DirectoryTable.NONE;
    }

    /** Events were lost: the trees are walked again, once, the next time the queue is empty. */
    void overflowed() {
        resyncNeeded = true;
    }

    /** Whether work that may take long (a rescan, walks deferred, directories uncovered) waits for the queue to be empty. */
    boolean longWorkWaits() {
        return resyncNeeded || !deferred.isEmpty() || mounts.pending();
    }

    /** Whether a rescan waits for the queue to be empty. */
    boolean rescanPending() {
        return resyncNeeded;
    }

    /**
     * Walks every root again: directories that appeared meanwhile are watched and what they hold
     * reported as scanned, directories found elsewhere than the tree had them are moved there,
     * directories no longer there lose their watches, and roots that could not be watched are
     * tried again.
     */
    void rescan() {
        resyncNeeded = false;
        deferred.clear();
        seen = new HashSet<>();
        Set<Integer> walkedRoots = new HashSet<>();
        rescans++;
        for (String path : List.copyOf(roots)) {
            int root = rootNamed(path);
            int rootFd = -1;
            if (root != DirectoryTable.NONE) {
                rootFd = reopenRoot(root, path);
                if (rootFd < 0) {
                    // Replaced or gone, its IN_IGNORED lost with the rest: the name now holds
                    // another inode, or none, and the old watches report nothing that is there.
                    unwatch(root);
                    root = DirectoryTable.NONE;
                }
            }
            if (root == DirectoryTable.NONE) {
                if (addRoot(path, Walk.REPORT)) {
                    stopAwaiting(path);
                    if (lastRootAdded) {
                        activity.rootWatched(path);
                    }
                } else if (attachErrno == Errno.ENOENT) {
                    await(path);
                }
            } else if (recursive && isDirectory(root)) {
                if (walk(root, rootFd, path, Walk.RESCAN)) {
                    walkedRoots.add(root);
                }
            } else if (isDirectory(root)) {
                dirs.close(rootFd);
            }
        }
        Set<Integer> visited = seen;
        seen = null;
        List<Integer> gone = new ArrayList<>();
        table.forEach(wd -> {
            if (!visited.contains(wd) && !isAnchorOnly(wd) && !isRoot(wd) && walkedRoots.contains(table.top(wd))) {
                gone.add(wd);
            }
        });
        for (int wd : gone) {
            if (table.contains(wd)) {
                unwatch(wd);
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
        return notes.consumeListed(dir, name);
    }

    /** An entry left the directory: a later IN_CREATE of the same name is new again. */
    void entryGone(int dir, String name) {
        if (!refused.isEmpty()) {
            refused.remove(dir, name);
        }
        notes.gone(dir, name);
    }

    /**
     * Read pass {@code pass} found the kernel queue empty: every path in the tree is current now.
     * If that pass began after the last scan, every IN_CREATE that could duplicate what a scan
     * reported has been seen. Then what waited for this is done: a rescan after lost events,
     * entries whose parent's path was stale. {@code settle} is false in JFR's chunk hook, where
     * no long walk may run.
     */
    void queueEmpty(long pass, boolean settle) {
        notes.queueEmpty(pass);
        if (!settle) {
            return;
        }
        mounts.settle();
        if (resyncNeeded) {
            rescan();
            return;
        }
        for (int n = deferred.size(); n > 0 && !deferred.isEmpty(); n--) {
            Deferred d = deferred.poll();
            if (!table.contains(d.dir)) {
                continue; // gone meanwhile
            }
            retryTries = d.tries;
            try {
                if (d.name != null) {
                    attachEntry(d.dir, d.name, d.mode);
                } else {
                    walk(d.dir, open(d.dir), path(d.dir), d.mode);
                }
            } finally {
                retryTries = 0;
            }
        }
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

    /** A directory being listed by {@link #walk}, open as {@code fd}. */
    private static final class Frame {
        final int dir;
        final int fd;
        /** Its path when last looked at: see {@link #breathe}. */
        String path;
        final Walk mode;
        Dirent.Listing entries;
        int next;

        Frame(int dir, int fd, String path, Walk mode) {
            this.dir = dir;
            this.fd = fd;
            this.path = path;
            this.mode = mode;
        }
    }

    /**
     * Lists {@code start} (open as {@code startFd}, which the walk closes; -1 if it could not be
     * opened, and then the walk waits, see {@link #defer}) and, as {@code mode} says, what is
     * below it, depth first. Every directory is reached through its parent's descriptor, so the
     * walk stays inside the inodes it started from whatever is renamed meanwhile, and no path it
     * hands the kernel is longer than {@code /proc/self/fd/N/NAME}. False if it stopped early
     * (the watch limit).
     */
    private boolean walk(int start, int startFd, String startPath, Walk mode) {
        if (startFd < 0) {
            unreachable(start, null, mode);
            return false;
        }
        noteSeen(start);
        ArrayDeque<Frame> frames = new ArrayDeque<>();
        frames.push(new Frame(start, startFd, startPath, mode));
        int work = 0;
        walkDepth++;
        try {
            while (!frames.isEmpty()) {
                if (work >= WALK_BATCH) {
                    work = 0;
                    breathe(frames);
                    continue; // the directories it was in may have gone meanwhile
                }
                Frame frame = frames.peek();
                if (frame.entries == null) {
                    frame.entries = dirs.list(frame.fd);
                    work++;
                }
                if (frame.entries == null || frame.next == frame.entries.count) {
                    dirs.close(frames.pop().fd);
                    continue;
                }
                int i = frame.next++;
                work++;
                Frame below = visit(frame, frame.entries.names[i], frame.entries.types[i], startPath);
                if (below == STOP) {
                    return false;
                }
                if (below != null) {
                    frames.push(below);
                }
            }
            return true;
        } finally {
            walkDepth--;
            for (Frame f : frames) {
                dirs.close(f.fd);
            }
        }
    }

    /**
     * Between two batches of a long walk that reports nothing (a rescan, a tree moved in, a root
     * at start), the walk does not keep others waiting: in JFR's chunk hook it leaves the
     * directories it is in to be listed again once the queue is read ({@link #defer}: what they
     * hold that is watched already is not walked twice); elsewhere it lets whoever waits for the
     * reader's lock have it, then drops the directories that went meanwhile and takes up the new
     * paths of those that moved. A walk that reports (a directory just created) goes on: listing
     * its entries again would report them twice.
     */
    private void breathe(ArrayDeque<Frame> frames) {
        if (walkDepth > 1) {
            return;
        }
        for (Frame f : frames) {
            if (f.mode == Walk.REPORT) {
                return;
            }
        }
        if (inChunkHook.getAsBoolean()) {
            for (Frame f : frames) {
                defer(f.dir, null, f.mode);
                dirs.close(f.fd);
            }
            frames.clear();
            return;
        }
        if (!breather.getAsBoolean()) {
            return;
        }
        for (Iterator<Frame> it = frames.iterator(); it.hasNext(); ) {
            Frame f = it.next();
            if (table.contains(f.dir) && !isAnchorOnly(f.dir)) {
                f.path = path(f.dir);
            } else {
                dirs.close(f.fd);
                it.remove();
            }
        }
    }

    private static final Frame STOP = new Frame(DirectoryTable.NONE, -1, "", Walk.INITIAL);

    /**
     * One entry of a listed directory: watched if it is a directory, reported if the walk
     * reports, and returned as a frame to list if the walk goes below it ({@link #STOP} at the
     * watch limit).
     */
    private Frame visit(Frame frame, byte[] nameBytes, byte type, String subtree) {
        String name = table.decode(nameBytes);
        String path = child(frame.path, name);
        if (excludes.matches(path, name)) {
            return null;
        }
        boolean mayBeDirectory = type == Dirent.DT_DIR || type == Dirent.DT_UNKNOWN;
        int child = mayBeDirectory ? attach(frame.fd, frame.dir, nameBytes) : DirectoryTable.NONE;
        if (child == DirectoryTable.NONE && mayBeDirectory && attachErrno == Errno.ENOSPC) {
            watchLimitReached(path, subtree);
            return STOP;
        }
        boolean isNew = child != DirectoryTable.NONE && lastAttachNew;
        boolean report = frame.mode == Walk.REPORT || frame.mode == Walk.RESCAN && isNew;
        if (child != DirectoryTable.NONE) {
            noteSeen(child);
        }
        if (report) {
            notes.listed(frame.dir, name);
            activity.created(path, child != DirectoryTable.NONE || type == Dirent.DT_DIR, true);
        }
        if (child == DirectoryTable.NONE) {
            return null;
        }
        boolean descend = report || frame.mode == Walk.RESCAN
                || isNew && !dirs.surelyNoSubdirectories(frame.fd, nameBytes);
        if (!descend) {
            return null;
        }
        int childFd = openChild(frame.fd, nameBytes, child);
        if (childFd < 0) {
            unreachable(child, null, report ? Walk.REPORT : frame.mode); // renamed since it was listed, say
            return null;
        }
        return new Frame(child, childFd, path, report ? Walk.REPORT : frame.mode);
    }

    /**
     * Watches entry {@code name} of {@code parent} (open as {@code parentFd}) if it is a
     * directory, in one call: with IN_ONLYDIR a file or symbolic link fails with ENOTDIR instead
     * of needing a stat first. Returns the directory's descriptor, its place in the tree settled
     * ({@link #place}), or {@link DirectoryTable#NONE} with {@link #attachErrno} set; failures
     * other than ENOENT, ENOTDIR and ENOSPC (the caller's to report) are reported here.
     */
    private int attach(int parentFd, int parent, byte[] name) {
        int wd = inotify.addWatchAt(parentFd, name, events | ENTRY_FLAGS);
        lastAttachNew = false;
        if (wd < 0) {
            int errno = -wd;
            attachErrno = errno;
            if (errno != Errno.ENOTDIR && errno != Errno.ENOENT && errno != Errno.ENOSPC) {
                if (!retrying) {
                    fail(NativeFailure.addWatch(child(parent, table.decode(name)), errno));
                }
                refused.add(parent, table.decode(name), System.nanoTime()); // tried again on the parent's events
            }
            return DirectoryTable.NONE;
        }
        return place(wd, parent, name);
    }

    /**
     * The file system says directory {@code wd} is entry {@code name} of {@code parent} now: the
     * tree agrees, adds it, or moves it there. A directory found where the tree did not have it
     * got there by renames whose events are queued or were lost; either way this is where it is,
     * and a move out waiting for it ({@link #claimed}) is called off. A move that would put a
     * directory below itself means the tree is behind the file system here: it stays as it is and
     * the trees are rescanned once the queue is empty.
     */
    private int place(int wd, int parent, byte[] name) {
        if (!table.contains(wd)) {
            table.add(wd, parent, name, 0);
            lastAttachNew = true;
            return wd;
        }
        claimed.accept(wd);
        if (isAnchorOnly(wd)) {
            becomes(wd, parent, name, 0); // it keeps what it awaits
            lastAttachNew = true;
            return wd;
        }
        if (isRoot(wd) && table.parent(wd) == DirectoryTable.NONE && !table.isAtOrBelow(parent, wd)) {
            // A configured root inside another root's tree: from now on a directory of that tree,
            // so that its moves are followed and its events reported once, by its parent's watch.
            becomes(wd, parent, name, 0);
            return wd;
        }
        if (isRoot(wd) || table.parent(wd) == parent && table.nameEquals(wd, name)) {
            return wd;
        }
        return relocate(wd, parent, name) ? wd : DirectoryTable.NONE;
    }

    /** Moves {@code dir} to entry {@code name} of {@code parent}; false, and a rescan due, if that would make a loop. */
    private boolean relocate(int dir, int parent, byte[] name) {
        if (table.isAtOrBelow(parent, dir)) {
            resyncNeeded = true;
            return false;
        }
        table.move(dir, parent, name);
        pathsChanged++;
        return true;
    }

    /**
     * Opens {@code dir} by its path in the tree and checks that the descriptor holds it: the path
     * may lead elsewhere while a rename of a directory on the way is queued. Returns the
     * descriptor, or -1 with {@link #openErrno} set ({@link #STALE} for a path leading elsewhere).
     */
    private int open(int dir) {
        int dirFd = dirs.open(table.pathBytes(dir), isRoot(dir));
        if (dirFd == -Errno.ENAMETOOLONG) {
            dirFd = openDownFromTop(dir);
        }
        return verified(dirFd, dir);
    }

    /**
     * Opens {@code dir} one name at a time from the top of its chain: for a path longer than
     * PATH_MAX, which open(2) refuses whole. The errno negated if a step fails.
     */
    private int openDownFromTop(int dir) {
        ArrayDeque<Integer> chain = new ArrayDeque<>();
        for (int wd = dir; wd != DirectoryTable.NONE; wd = table.parent(wd)) {
            chain.push(wd);
        }
        int top = chain.pop();
        int at = dirs.open(table.pathBytes(top), true);
        while (at >= 0 && !chain.isEmpty()) {
            int next = dirs.openAt(at, table.nameBytes(chain.pop()));
            dirs.close(at);
            at = next;
        }
        return at;
    }

    /**
     * Whether {@code path} still leads to {@code root}: for a directory its descriptor, opened
     * and checked ({@link #open}); for a file, 0 ({@link #sameFile}); -1 if it leads elsewhere now.
     */
    private int reopenRoot(int root, String path) {
        return isDirectory(root) ? open(root) : sameFile(root, path);
    }

    /** For a root that is a file: 0 if {@code path} still names the file watched as {@code root}, else -1. */
    private int sameFile(int root, String path) {
        int wd = inotify.addWatch(table.encode(path), events);
        if (wd == root) {
            return 0;
        }
        if (wd >= 0 && !table.contains(wd)) {
            inotify.removeWatch(wd);
        }
        return -1;
    }

    /** Opens entry {@code name} of the directory open as {@code parentFd}, checked to be {@code dir}; as {@link #open}. */
    private int openChild(int parentFd, byte[] name, int dir) {
        return verified(dirs.openAt(parentFd, name), dir);
    }

    /** {@code dirFd} (or the errno negated) if it holds {@code dir}, else -1 with {@link #openErrno} set. */
    private int verified(int dirFd, int dir) {
        if (dirFd < 0) {
            openErrno = -dirFd;
            return -1;
        }
        // Adding a watch returns the descriptor of the inode's watch: dir's if this is dir.
        int wd = inotify.addWatchOf(dirFd, isRoot(dir) ? events : events | IN_ONLYDIR);
        if (wd == dir) {
            return dirFd;
        }
        if (wd >= 0 && !table.contains(wd)) {
            inotify.removeWatch(wd);
        }
        dirs.close(dirFd);
        openErrno = STALE;
        return -1;
    }

    private void noteSeen(int dir) {
        if (seen != null) {
            seen.add(dir);
        }
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
}
