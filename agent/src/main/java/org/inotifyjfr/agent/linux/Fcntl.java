package org.inotifyjfr.agent.linux;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * {@code <fcntl.h>}: {@code open} and {@code openat}, mapped directly, with the {@code O_} flags
 * the watch tree uses. They return a new file descriptor, or -1 with the cause in errno (ENOENT,
 * ENOTDIR with {@code O_DIRECTORY}, ELOOP with {@code O_NOFOLLOW} on a symbolic link, EACCES,
 * ENAMETOOLONG, EMFILE). Both are variadic in C; the mode argument is read only with
 * {@code O_CREAT}, which is never passed here, so it is left out.
 *
 * <p>The watch tree opens a directory to list it and to name its entries as
 * {@code /proc/self/fd/N/NAME} in later calls: such a path resolves through the inode the
 * descriptor holds, whatever was renamed meanwhile, and stays short however deep it lies.
 */
public final class Fcntl {
    static {
        Native.register("c");
    }

    private static final boolean ARM = System.getProperty("os.arch", "").startsWith("aarch64");

    public static final int O_RDONLY    = 0;
    /** Fail with ENOTDIR unless it is a directory (asm-generic: 0200000; arm64: 040000). */
    public static final int O_DIRECTORY = ARM ? 0x4000 : 0x10000;
    /** Fail with ELOOP if the last component is a symbolic link (asm-generic: 0400000; arm64: 0100000). */
    public static final int O_NOFOLLOW  = ARM ? 0x8000 : 0x20000;
    public static final int O_CLOEXEC   = 0x80000;

    /** Opens {@code pathname}; a new descriptor or -1. */
    public static native int open(Pointer pathname, int flags);

    /** Opens {@code pathname} relative to the directory {@code dirfd}; a new descriptor or -1. */
    public static native int openat(int dirfd, Pointer pathname, int flags);

    private Fcntl() {
    }
}
