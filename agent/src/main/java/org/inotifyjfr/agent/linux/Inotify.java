package org.inotifyjfr.agent.linux;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * {@code <sys/inotify.h>}, mapped directly ({@link Native#register}), which costs about a third of
 * an interface-mapped call. Every function returns -1 on failure and leaves the cause in errno,
 * read with {@link Native#getLastError()} on the calling thread.
 */
public final class Inotify {
    static {
        Native.register("c");
    }

    // Events a watch can report (inotify(7)); also the bits of inotify_event.mask.
    public static final int IN_ACCESS        = 0x00000001;
    public static final int IN_MODIFY        = 0x00000002;
    public static final int IN_ATTRIB        = 0x00000004;
    public static final int IN_CLOSE_WRITE   = 0x00000008;
    public static final int IN_CLOSE_NOWRITE = 0x00000010;
    public static final int IN_OPEN          = 0x00000020;
    public static final int IN_MOVED_FROM    = 0x00000040;
    public static final int IN_MOVED_TO      = 0x00000080;
    public static final int IN_CREATE        = 0x00000100;
    public static final int IN_DELETE        = 0x00000200;
    public static final int IN_DELETE_SELF   = 0x00000400;
    public static final int IN_MOVE_SELF     = 0x00000800;
    public static final int IN_ALL_EVENTS    = 0x00000fff;

    // Set by the kernel in inotify_event.mask only.
    public static final int IN_UNMOUNT       = 0x00002000;
    public static final int IN_Q_OVERFLOW    = 0x00004000;
    public static final int IN_IGNORED       = 0x00008000;
    public static final int IN_ISDIR         = 0x40000000;

    // Flags for inotify_add_watch.
    public static final int IN_ONLYDIR       = 0x01000000;
    public static final int IN_DONT_FOLLOW   = 0x02000000;
    public static final int IN_EXCL_UNLINK   = 0x04000000;
    public static final int IN_MASK_ADD      = 0x20000000;

    // Flags for inotify_init1 (the O_ values on Linux).
    public static final int IN_NONBLOCK      = 0x00000800;
    public static final int IN_CLOEXEC       = 0x00080000;

    /**
     * Creates an inotify instance and returns its file descriptor. Fails with EMFILE when the
     * user's {@code fs.inotify.max_user_instances} is reached, ENFILE or ENOMEM otherwise.
     */
    public static native int inotify_init1(int flags);

    /**
     * Adds a watch on {@code pathname}, or replaces the mask of the existing watch on the same
     * inode, and returns its watch descriptor (the same one again for an inode already watched).
     * Fails with ENOENT, EACCES, ENOTDIR (with IN_ONLYDIR), ENOSPC when the user's
     * {@code fs.inotify.max_user_watches} is reached, or ENOMEM. The path is bytes, NUL-terminated
     * in native memory ({@link PathBuffer}): names are bytes, whatever the JVM's locale.
     */
    public static native int inotify_add_watch(int fd, Pointer pathname, int mask);

    /** Removes a watch; the kernel then queues IN_IGNORED for it. Fails with EINVAL if unknown. */
    public static native int inotify_rm_watch(int fd, int wd);

    private Inotify() {
    }
}
