package org.inotifyjfr.agent.watch;

/**
 * Where decoded file activity goes. Called by the reader with its lock held, one call at a time.
 * Paths are absolute. {@link #wants} is asked before any path string is built.
 */
public interface FileActivity {
    /** Whether anyone records this kind now; if not, the reader builds no strings for it. */
    boolean wants(Kind kind);

    /** Any kind but CREATE and MOVE. */
    void file(Kind kind, String path, boolean directory);

    void created(String path, boolean directory, boolean scanned);

    /** {@code oldPath} is null when it came from outside the watched trees, {@code path} when it left. */
    void moved(String oldPath, String path, boolean directory, int cookie);

    void overflowed(long overflows, long queueLimit, String action);

    /** A path that could not be watched: the errno symbol and a message naming the remedy. */
    void watchFailed(String path, String errno, String message);

    /**
     * The agent stopped watching {@code paths} (a fault ended its reader): standing, like a
     * failure to watch. The caller has logged it already.
     */
    default void stopped(String paths, String cause, String message) {
        watchFailed(paths, cause, message);
    }

    /** A directory that could not be watched (its failure reported) is watched now: the cause went away. */
    void watchedAgain(String path);

    /**
     * A root whose path goes through a symbolic link that was switched leads to {@code target}
     * now (null: to nothing, and it is awaited), and that is what is watched under its path;
     * {@code before} is what it led to (null if unknown).
     */
    void rootRelinked(String root, String target, String before);

    /** A file system was unmounted from {@code path}: the directory it covered is watched now. */
    void uncovered(String path);

    /**
     * A file system was mounted on {@code mountPoint}, hiding what {@code path} (the mount point
     * or a root inside it) held: what the path leads to now is watched.
     */
    void mounted(String mountPoint, String path);

    /** {@code path} is no longer configured (the agent was reconfigured or stopped): a failure of it no longer stands. */
    default void rootDropped(String path) {
    }

    /**
     * With {@code watch=recording}: a recording enabled file events and the trees are watched now
     * ({@code watches} of them, walked in {@code millis}; what changed before was not seen), or
     * none does any more and every watch is dropped.
     */
    default void treesFollowRecordings(boolean watched, long watches, long millis) {
    }

    /**
     * The configured roots are {@code roots} from now on (one was added or dropped): told before
     * the kinds wanted are asked again, as a filter may keep nothing of a kind below them.
     */
    default void rootsChanged(java.util.List<String> roots) {
    }

    /** A configured root that was missing (or gone) is watched now. */
    void rootWatched(String path);
}
