package org.inotifyjfr.agent.linux;

import com.sun.jna.Memory;
import com.sun.jna.Native;

/**
 * The file-system calls a walk of the watched trees makes: open a directory by its path or as an
 * entry of one already open, list it, close it, and look at what a path names. Paths and names
 * are bytes ({@link FileNames}); a call that fails returns the errno negated. Not thread safe:
 * one per watch tree.
 */
public final class Directories {
    private static final int DIRECTORY = Fcntl.O_RDONLY | Fcntl.O_DIRECTORY | Fcntl.O_CLOEXEC;

    private final PathBuffer path = new PathBuffer();
    private final Memory statBuffer = new Memory(Stat.STATX_SIZE);
    private final Dirent listing = new Dirent();
    private final Subdirectories subdirectories = Subdirectories.open();

    /** Opens the directory at {@code path}; unless {@code followLast}, a symbolic link there fails (ELOOP). */
    public int open(byte[] path, boolean followLast) {
        return result(Fcntl.open(this.path.name(path), DIRECTORY | (followLast ? 0 : Fcntl.O_NOFOLLOW)));
    }

    /** Opens entry {@code name} of the directory open as {@code dirFd}, not following a symbolic link. */
    public int openAt(int dirFd, byte[] name) {
        return result(Fcntl.openat(dirFd, path.name(name), DIRECTORY | Fcntl.O_NOFOLLOW));
    }

    public void close(int fd) {
        LibC.close(fd);
    }

    /** The entries of the directory open as {@code fd}, or null if it cannot be read. */
    public Dirent.Listing list(int fd) {
        return listing.list(fd);
    }

    /** Whether entry {@code name} of the directory open as {@code dirFd} surely holds no directory (so need not be listed). */
    public boolean surelyNoSubdirectories(int dirFd, byte[] name) {
        return subdirectories.surelyNone(path.fd(dirFd, name));
    }

    /** The file type bits ({@link Stat#S_IFDIR}, ...) of what {@code path} names, links followed; 0 if nothing is there. */
    public int typeOf(String path) {
        return Stat.typeOf(this.path.put(path), statBuffer);
    }

    /** Whether {@code path} names a symbolic link. */
    public boolean isLink(String path) {
        return Stat.isLink(this.path.put(path), statBuffer);
    }

    private static int result(int fd) {
        return fd >= 0 ? fd : -Native.getLastError();
    }
}
