package org.inotifyjfr.agent.linux;

/** errno values as the symbols users search for (asm-generic/errno-base.h and errno.h). */
public final class Errno {
    public static final int EPERM        = 1;
    public static final int ENOENT       = 2;
    public static final int EINTR        = 4;
    public static final int EIO          = 5;
    public static final int EBADF        = 9;
    public static final int EAGAIN       = 11;
    public static final int ENOMEM       = 12;
    public static final int EACCES       = 13;
    public static final int EFAULT       = 14;
    public static final int EEXIST       = 17;
    public static final int EXDEV        = 18;
    public static final int ENODEV       = 19;
    public static final int ENOTDIR      = 20;
    public static final int EINVAL       = 22;
    public static final int ENFILE       = 23;
    public static final int EMFILE       = 24;
    public static final int ENOSPC       = 28;
    public static final int ENAMETOOLONG = 36;
    public static final int ENOSYS       = 38;
    public static final int ELOOP        = 40;
    public static final int EOPNOTSUPP   = 95;

    private Errno() {
    }

    /** The symbol, such as {@code "ENOSPC"}, or {@code "errno 123"} for one not listed here. */
    public static String name(int errno) {
        switch (errno) {
            case EPERM: return "EPERM";
            case ENOENT: return "ENOENT";
            case EINTR: return "EINTR";
            case EIO: return "EIO";
            case EBADF: return "EBADF";
            case EAGAIN: return "EAGAIN";
            case ENOMEM: return "ENOMEM";
            case EACCES: return "EACCES";
            case EFAULT: return "EFAULT";
            case EEXIST: return "EEXIST";
            case EXDEV: return "EXDEV";
            case ENODEV: return "ENODEV";
            case ENOTDIR: return "ENOTDIR";
            case EINVAL: return "EINVAL";
            case ENFILE: return "ENFILE";
            case EMFILE: return "EMFILE";
            case ENOSPC: return "ENOSPC";
            case ENAMETOOLONG: return "ENAMETOOLONG";
            case ENOSYS: return "ENOSYS";
            case ELOOP: return "ELOOP";
            case EOPNOTSUPP: return "EOPNOTSUPP";
            default: return "errno " + errno;
        }
    }
}
