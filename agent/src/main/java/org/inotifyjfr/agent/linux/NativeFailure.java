package org.inotifyjfr.agent.linux;

/**
 * A failed system call, described the way a user needs it: the call, the path, the errno symbol,
 * and what to do. {@link #getMessage()} is the whole sentence.
 */
public final class NativeFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final int errno;

    private NativeFailure(String path, int errno, String message) {
        super(message, null, false, false);
        this.path = path;
        this.errno = errno;
    }

    /** The path the call was about, or null. */
    public String path() {
        return path;
    }

    public String errnoName() {
        return Errno.name(errno);
    }

    /** inotify_add_watch failed on {@code path}. */
    public static NativeFailure addWatch(String path, int errno) {
        String call = "inotify_add_watch(" + path + ") failed: " + Errno.name(errno) + "; ";
        return new NativeFailure(path, errno, call + addWatchRemedy(path, errno));
    }

    private static String addWatchRemedy(String path, int errno) {
        switch (errno) {
            case Errno.ENOENT:
                return "no such file or directory; it is watched as soon as it appears";
            case Errno.EACCES:
                String unsearchable = path.startsWith("/") ? Access.unsearchableOnTheWay(path) : null;
                if (unsearchable != null) {
                    return "permission denied: the JVM's user may not search (x) " + unsearchable + ", and reaching "
                            + "anything in it needs that; give it search access (chmod +x " + unsearchable
                            + ", or an ACL), or exclude it";
                }
                return "permission denied; give the JVM's user read access to it, or exclude it";
            case Errno.ENOTDIR:
                return "not a directory (a file or a symbolic link, which are not followed)";
            case Errno.ENOSPC:
                return "the watch limit " + KernelLimits.MAX_USER_WATCHES.describe()
                        + " is reached; raise it (sysctl -w " + KernelLimits.MAX_USER_WATCHES.sysctl()
                        + "=524288) or exclude large directories";
            case Errno.ENOMEM:
                return "the kernel is out of memory for watches";
            case Errno.ELOOP:
                return "too many levels of symbolic links";
            case Errno.ENAMETOOLONG:
                return "the path is longer than PATH_MAX (4,096 bytes) or a name in it longer than NAME_MAX (255), "
                        + "the most a system call takes, so this directory and everything below it are unwatched; "
                        + "the agent reaches directories deeper than that inside a watched tree through their "
                        + "parent's descriptor, but a root must be named by a shorter path: watch a directory above it";
            default:
                return "unexpected error";
        }
    }

    /** open failed on directory {@code path}, to list it or to watch its entries. */
    public static NativeFailure open(String path, int errno) {
        String call = "open(" + path + ") failed: " + Errno.name(errno) + "; ";
        switch (errno) {
            case Errno.EACCES:
                return new NativeFailure(path, errno, call + "permission denied, so what it holds is not watched; "
                        + "give the JVM's user read and search (r-x) access to it, or exclude it");
            case Errno.EMFILE:
                return new NativeFailure(path, errno, call + "this process has no file descriptor left, so what it "
                        + "holds is not watched; raise the limit (ulimit -n)");
            case Errno.ENFILE:
                return new NativeFailure(path, errno, call + "the system-wide open file limit is reached, so what "
                        + "it holds is not watched");
            default:
                return new NativeFailure(path, errno, call + "so what it holds is not watched (unexpected error)");
        }
    }

    /** inotify_add_watch failed with ENOSPC while watching the tree below {@code subtree}. */
    public static NativeFailure watchLimit(String path, String subtree) {
        return new NativeFailure(subtree, Errno.ENOSPC, "inotify_add_watch(" + path + ") failed: ENOSPC; the watch "
                + "limit " + KernelLimits.MAX_USER_WATCHES.describe() + " is reached, so " + path + " and the "
                + "directories below " + subtree + " not watched by then are not watched; raise the limit (sysctl -w "
                + KernelLimits.MAX_USER_WATCHES.sysctl() + "=524288) or exclude large directories");
    }

    /** inotify_init1 failed. */
    public static NativeFailure init(int errno) {
        String call = "inotify_init1 failed: " + Errno.name(errno) + "; ";
        switch (errno) {
            case Errno.EMFILE:
                return new NativeFailure(null, errno, call + "the instance limit "
                        + KernelLimits.MAX_USER_INSTANCES.describe() + " is reached (every inotify "
                        + "watcher of this user holds one), or this process has no file descriptor left "
                        + "(ulimit -n); raise the first (sysctl -w " + KernelLimits.MAX_USER_INSTANCES.sysctl()
                        + "=1024) or stop other watchers");
            case Errno.ENFILE:
                return new NativeFailure(null, errno, call + "the system-wide open file limit is reached");
            default:
                return new NativeFailure(null, errno, call + "unexpected error");
        }
    }

    /** Another call ({@code read}, {@code poll}, {@code eventfd}) failed. */
    public static NativeFailure call(String call, int errno) {
        return new NativeFailure(null, errno, call + " failed: " + Errno.name(errno));
    }
}
