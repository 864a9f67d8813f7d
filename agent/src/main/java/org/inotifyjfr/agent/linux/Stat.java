package org.inotifyjfr.agent.linux;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * {@code statx(2)} and {@code statfs(2)}, mapped directly. {@code struct statx} is used rather than
 * {@code struct stat} because its layout is the same on every architecture. A class of its own: a
 * C library without {@code statx} (glibc before 2.28) fails to link this class only, and the agent
 * then lists every directory instead of asking how many subdirectories it has.
 */
public final class Stat {
    static {
        Native.register("c");
    }

    /** {@code dirfd} meaning "relative to the working directory"; the agent passes absolute paths. */
    public static final int AT_FDCWD = -100;
    /** Do not follow a symbolic link in the last component. */
    public static final int AT_SYMLINK_NOFOLLOW = 0x100;

    // Fields asked for in statx's mask, and confirmed in stx_mask.
    public static final int STATX_TYPE  = 0x0001;
    public static final int STATX_NLINK = 0x0004;

    /** {@code sizeof(struct statx)}. */
    public static final int STATX_SIZE = 256;
    // Offsets in struct statx (<linux/stat.h>).
    public static final int STX_MASK = 0;
    public static final int STX_NLINK = 16;
    public static final int STX_MODE = 28;
    public static final int STX_DEV_MAJOR = 136;
    public static final int STX_DEV_MINOR = 140;

    public static final int S_IFMT = 0170000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFLNK = 0120000;

    /** {@code sizeof(struct statfs)} on 64-bit Linux is 120; room to spare. */
    public static final int STATFS_SIZE = 128;
    /** {@code f_type}, the file system's magic number, is the first field, a long on 64-bit Linux. */
    public static final int F_TYPE = 0;

    // f_type values (<linux/magic.h>) of file systems whose directories count their subdirectories.
    public static final long EXT4_SUPER_MAGIC = 0xEF53L;
    public static final long TMPFS_MAGIC = 0x01021994L;
    public static final long XFS_SUPER_MAGIC = 0x58465342L;

    /**
     * Fills {@code statxbuf} with what {@code mask} asks for about {@code pathname}; 0, or -1
     * with errno set (ENOENT, EACCES, ENOTDIR, ...).
     */
    public static native int statx(int dirfd, Pointer pathname, int flags, int mask, Pointer statxbuf);

    /** Fills {@code buf} with a {@code struct statfs} for the file system holding {@code path}; 0 or -1. */
    public static native int statfs(Pointer path, Pointer buf);

    private Stat() {
    }

    /**
     * Whether {@code path} names something (a symbolic link counts as itself); a path that cannot
     * be checked (EACCES, say) counts as there. {@code buffer} holds {@link #STATX_SIZE} bytes.
     */
    public static boolean exists(Pointer path, Pointer buffer) {
        if (statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_TYPE, buffer) == 0) {
            return true;
        }
        int errno = com.sun.jna.Native.getLastError();
        return errno != Errno.ENOENT && errno != Errno.ENOTDIR;
    }

    /** {@link #exists(Pointer, Pointer)} for a path given as a String ({@link FileNames}' rule), with buffers of its own. */
    public static boolean exists(String path) {
        return exists(new PathBuffer().put(path), new com.sun.jna.Memory(STATX_SIZE));
    }

    /** The type bits ({@code & S_IFMT}) of what {@code path} names, links followed; 0 if nothing is there or it cannot be told. */
    public static int typeOf(Pointer path, Pointer buffer) {
        if (statx(AT_FDCWD, path, 0, STATX_TYPE, buffer) != 0) {
            return 0;
        }
        return buffer.getShort(STX_MODE) & S_IFMT;
    }

    /** Whether {@code path} names a symbolic link (the link itself, not what it leads to). */
    public static boolean isLink(Pointer path, Pointer buffer) {
        return statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_TYPE, buffer) == 0
                && (buffer.getShort(STX_MODE) & S_IFMT) == S_IFLNK;
    }
}
