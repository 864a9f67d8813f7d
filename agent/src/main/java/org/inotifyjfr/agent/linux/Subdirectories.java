package org.inotifyjfr.agent.linux;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.util.HashMap;
import java.util.Map;

/**
 * Tells, with one {@code statx} call, that a directory has no subdirectories, so that a walk
 * looking for directories to watch need not list it (an open, two {@code getdents64} and a close
 * saved). On file systems that keep the Unix convention a directory's link count is 2 (its entry
 * in the parent and its own ".") plus one per subdirectory (their ".."), so a count of 2 means
 * none: the test {@code find} uses to skip leaves. Trusted only where the convention is known to
 * hold: ext2/3/4, tmpfs and XFS. Elsewhere (btrfs reports 1, NFS, CIFS, overlayfs and FUSE
 * vary) and whenever in doubt the answer is "don't know", and the caller lists the directory.
 * Not thread safe: one per walker.
 */
public final class Subdirectories {
    private static final Subdirectories UNAVAILABLE = new Subdirectories(null, null);

    private final Memory statx;
    private final Memory statfs;
    /** By device (major << 32 | minor): whether its file system keeps the link-count convention. */
    private final Map<Long, Boolean> trusted = new HashMap<>();
    private long lastDevice = -1;
    private boolean lastTrusted;

    private Subdirectories(Memory statx, Memory statfs) {
        this.statx = statx;
        this.statfs = statfs;
    }

    /** One that asks the kernel, or one that never knows where this C library has no statx. */
    public static Subdirectories open() {
        try {
            Class.forName(Stat.class.getName(), true, Stat.class.getClassLoader());
            return new Subdirectories(new Memory(Stat.STATX_SIZE), new Memory(Stat.STATFS_SIZE));
        } catch (ClassNotFoundException | LinkageError e) {
            return UNAVAILABLE;
        }
    }

    /**
     * True only if {@code dir} (a path in a {@link PathBuffer}) is a directory (not followed if a symbolic link) that surely has no
     * subdirectories now. A subdirectory made a moment later is the caller's to catch: call this
     * after the directory's watch is in place, and its IN_CREATE will be queued.
     */
    public boolean surelyNone(Pointer dir) {
        if (statx == null
                || Stat.statx(Stat.AT_FDCWD, dir, Stat.AT_SYMLINK_NOFOLLOW, Stat.STATX_TYPE | Stat.STATX_NLINK, statx) != 0) {
            return false;
        }
        int filled = statx.getInt(Stat.STX_MASK);
        if ((filled & Stat.STATX_NLINK) == 0 || (filled & Stat.STATX_TYPE) == 0
                || (statx.getShort(Stat.STX_MODE) & Stat.S_IFMT) != Stat.S_IFDIR
                || statx.getInt(Stat.STX_NLINK) != 2) {
            return false;
        }
        long device = (long) statx.getInt(Stat.STX_DEV_MAJOR) << 32 | (statx.getInt(Stat.STX_DEV_MINOR) & 0xffffffffL);
        if (device != lastDevice) {
            Boolean keeps = trusted.get(device);
            if (keeps == null) {
                if (Stat.statfs(dir, statfs) != 0) {
                    return false; // gone again: ask once more for the next directory on it
                }
                keeps = keepsConvention(statfs.getLong(Stat.F_TYPE));
                trusted.put(device, keeps);
            }
            lastDevice = device;
            lastTrusted = keeps;
        }
        return lastTrusted;
    }

    private static boolean keepsConvention(long fileSystemType) {
        return fileSystemType == Stat.EXT4_SUPER_MAGIC || fileSystemType == Stat.TMPFS_MAGIC
                || fileSystemType == Stat.XFS_SUPER_MAGIC;
    }
}
