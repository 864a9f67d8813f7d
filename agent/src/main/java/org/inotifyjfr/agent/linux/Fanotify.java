package org.inotifyjfr.agent.linux;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * {@code <sys/fanotify.h>} and {@code name_to_handle_at(2)}, mapped directly. Used in the
 * notification class with {@code FAN_REPORT_DFID_NAME}: an event names the directory by its file
 * handle and the entry by name, and carries the pid of the process that caused it. Without
 * CAP_SYS_ADMIN (Linux 5.13+) only inode marks are allowed and the pid is 0 unless the listener
 * itself caused the event. Every function returns -1 on failure with the cause in errno.
 */
public final class Fanotify {
    static {
        Native.register("c");
    }

    // fanotify_init flags.
    public static final int FAN_CLOEXEC         = 0x00000001;
    public static final int FAN_NONBLOCK        = 0x00000002;
    public static final int FAN_CLASS_NOTIF     = 0x00000000;
    public static final int FAN_REPORT_DIR_FID  = 0x00000400;
    public static final int FAN_REPORT_NAME     = 0x00000800;
    public static final int FAN_REPORT_DFID_NAME = FAN_REPORT_DIR_FID | FAN_REPORT_NAME;

    // fanotify_mark flags.
    public static final int FAN_MARK_ADD        = 0x00000001;
    public static final int FAN_MARK_REMOVE     = 0x00000002;
    public static final int FAN_MARK_DONT_FOLLOW = 0x00000004;
    public static final int FAN_MARK_ONLYDIR    = 0x00000008;
    public static final int FAN_MARK_FLUSH      = 0x00000080;

    // Event bits: the same values as inotify's for the kinds both have (IN_ACCESS .. IN_MOVE_SELF).
    public static final long FAN_ALL_INOTIFY_KINDS = 0x00000fffL;
    public static final long FAN_Q_OVERFLOW     = 0x00004000L;
    public static final long FAN_EVENT_ON_CHILD = 0x08000000L;
    public static final long FAN_ONDIR          = 0x40000000L;

    /** {@code struct fanotify_event_metadata}: event_len, vers, reserved, metadata_len, mask, fd, pid. */
    public static final int METADATA_SIZE = 24;
    public static final int FANOTIFY_METADATA_VERSION = 3;
    /** {@code struct fanotify_event_info_header}: info_type, pad, len; then fsid (8) and a file_handle. */
    public static final int INFO_HEADER_SIZE = 4;
    public static final int FAN_EVENT_INFO_TYPE_DFID_NAME = 2;
    /** Largest {@code f_handle} (MAX_HANDLE_SZ). */
    public static final int MAX_HANDLE_SZ = 128;

    // name_to_handle_at flags and the "current directory" descriptor.
    public static final int AT_FDCWD = -100;
    public static final int AT_SYMLINK_FOLLOW = 0x400;

    /** Creates a group; EPERM without CAP_SYS_ADMIN before Linux 5.13, EINVAL for flags the kernel does not know, ENOSYS without fanotify. */
    public static native int fanotify_init(int flags, int eventFileFlags);

    /** Adds or removes {@code mask} on the inode at {@code pathname} (relative to {@code dirfd}). */
    public static native int fanotify_mark(int fd, int flags, long mask, int dirfd, Pointer pathname);

    /**
     * Fills {@code handle} ({@code struct file_handle}: handle_bytes, handle_type, f_handle) with the
     * handle of {@code pathname}, the one fanotify reports for it, and {@code mountId} with its mount.
     */
    public static native int name_to_handle_at(int dirfd, Pointer pathname, Pointer handle, Pointer mountId, int flags);

    private Fanotify() {
    }
}
