package org.inotifyjfr.agent.linux;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The libc calls the reader needs besides inotify: {@code read}, {@code write}, {@code close},
 * {@code poll} and {@code eventfd}. Mapped directly; -1 means failure with the cause in errno
 * ({@link Native#getLastError()}). {@code size_t} and {@code ssize_t} are Java longs: the agent
 * runs on 64-bit Linux only, which {@link #requireLp64()} checks.
 */
public final class LibC {
    static {
        Native.register("c");
    }

    /** {@code struct pollfd}: int fd; short events; short revents. */
    public static final int POLLFD_SIZE = 8;
    public static final short POLLIN = 0x0001;

    public static final int EFD_NONBLOCK = 0x00000800;
    public static final int EFD_CLOEXEC = 0x00080000;

    /** Reads up to {@code count} bytes; returns the count read, or -1 (EAGAIN when nothing is there). */
    public static native long read(int fd, Pointer buf, long count);

    /** Writes up to {@code count} bytes; returns the count written, or -1. */
    public static native long write(int fd, Pointer buf, long count);

    /** Closes a file descriptor; 0 or -1. */
    public static native int close(int fd);

    /**
     * Waits until one of {@code nfds} descriptors in the {@code struct pollfd} array is ready, or
     * {@code timeout} milliseconds pass (-1: no limit). Returns how many are ready, 0 on time-out,
     * or -1 (EINTR when a signal came first).
     */
    public static native int poll(Pointer fds, long nfds, int timeout);

    /** Creates an event counter descriptor, used here to wake a thread blocked in poll. */
    public static native int eventfd(int initval, int flags);

    /** Fails unless longs and pointers are 64 bits wide, as the mappings above assume. */
    public static void requireLp64() {
        if (Native.LONG_SIZE != 8 || Native.POINTER_SIZE != 8) {
            throw new IllegalStateException("inotify-jfr needs a 64-bit JVM on 64-bit Linux; this one has "
                    + (Native.LONG_SIZE * 8) + "-bit longs");
        }
    }

    private LibC() {
    }
}
