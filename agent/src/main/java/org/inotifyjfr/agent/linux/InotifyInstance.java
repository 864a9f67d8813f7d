package org.inotifyjfr.agent.linux;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One inotify instance, as the watch tree and the reader use it: watches added and removed by
 * path, by a directory's descriptor or by an entry of one (each returns the watch descriptor, or
 * the errno negated), its queue read into one buffer, and a wait for the queue that a wake-up
 * descriptor can cut short. The mount table ({@link MountInfo}) is polled beside the queue, since
 * inotify says nothing of mounts.
 *
 * <p>Threads: watches are added and removed by whoever holds the reader's lock, reads are made by
 * one thread at a time, and {@link #wake} may be called from any thread.
 */
public final class InotifyInstance implements AutoCloseable {
    /** What {@link #await} saw. */
    public enum Ready { EVENTS, WOKEN, TIMED_OUT }

    private final int fd;
    private final int wakeFd;
    private final MountInfo mounts;
    private final Memory buffer;
    private final ByteBuffer view;
    private final PathBuffer path = new PathBuffer();
    /** Marks the same directories, to tell who caused each event; null when not used. */
    private volatile FanotifyInstance fanotify;
    /** inotify, the wake-up eventfd, the mount table (-1 where it cannot be opened: poll skips it). */
    private final Memory pollFds = new Memory(3L * LibC.POLLFD_SIZE);
    private final Memory wakeCounter = new Memory(8);
    private final Memory one = new Memory(8);

    private InotifyInstance(int fd, int wakeFd, int bufferSize) {
        this.fd = fd;
        this.wakeFd = wakeFd;
        this.mounts = MountInfo.open();
        this.buffer = new Memory(bufferSize);
        this.view = buffer.getByteBuffer(0, bufferSize).order(ByteOrder.nativeOrder());
        one.setLong(0, 1);
        pollFds.setInt(0, fd);
        pollFds.setShort(4, LibC.POLLIN);
        pollFds.setInt(LibC.POLLFD_SIZE, wakeFd);
        pollFds.setShort(LibC.POLLFD_SIZE + 4, LibC.POLLIN);
        pollFds.setInt(2 * LibC.POLLFD_SIZE, mounts.fd());
        pollFds.setShort(2 * LibC.POLLFD_SIZE + 4, MountInfo.POLLPRI);
    }

    /** inotify_init1 (non-blocking, close-on-exec) and an eventfd to wake a waiting reader; reads take up to {@code bufferSize} bytes. */
    public static InotifyInstance open(int bufferSize) throws NativeFailure {
        LibC.requireLp64();
        int fd = Inotify.inotify_init1(Inotify.IN_NONBLOCK | Inotify.IN_CLOEXEC);
        if (fd < 0) {
            throw NativeFailure.init(Native.getLastError());
        }
        int wakeFd = LibC.eventfd(0, LibC.EFD_NONBLOCK | LibC.EFD_CLOEXEC);
        if (wakeFd < 0) {
            int errno = Native.getLastError();
            LibC.close(fd);
            throw NativeFailure.call("eventfd", errno);
        }
        return new InotifyInstance(fd, wakeFd, bufferSize);
    }

    /** The inotify descriptor, as {@code /proc/self/fdinfo} names it. */
    public int fd() {
        return fd;
    }

    public MountInfo mounts() {
        return mounts;
    }

    /** Watches {@code path} (a Java path, bytes by {@link FileNames}' rule). */
    public int addWatch(String path, int mask) {
        return added(this.path.put(path), mask);
    }

    /** Watches the path given as its bytes. */
    public int addWatch(byte[] path, int mask) {
        return added(this.path.name(path), mask);
    }

    /** Watches the directory open as {@code dirFd}. */
    public int addWatchOf(int dirFd, int mask) {
        return added(path.fd(dirFd), mask);
    }

    /** Watches entry {@code name} of the directory open as {@code dirFd}: its path may be of any length. */
    public int addWatchAt(int dirFd, byte[] name, int mask) {
        return added(path.fd(dirFd, name), mask);
    }

    /** inotify_add_watch, and the same directory marked in the fanotify group if there is one (not for IN_MASK_ADD: an anchor). */
    private int added(Pointer path, int mask) {
        int wd = result(Inotify.inotify_add_watch(fd, path, mask));
        FanotifyInstance f = fanotify;
        if (wd >= 0 && f != null && (mask & Inotify.IN_MASK_ADD) == 0) {
            f.mark(path, mask, wd);
        }
        return wd;
    }

    /** From now on, each directory watched is marked in {@code fanotify} too, which tells who caused its events. */
    public void markAlso(FanotifyInstance fanotify) {
        this.fanotify = fanotify;
    }

    /** The kernel dropped watch {@code wd} (IN_IGNORED): its directory's fanotify events name nothing now. */
    public void forgetMark(int wd) {
        FanotifyInstance f = fanotify;
        if (f != null) {
            f.forget(wd);
        }
    }

    /** The fanotify group beside this instance, or null. */
    public FanotifyInstance fanotify() {
        return fanotify;
    }

    /** Removes a watch; the kernel then queues IN_IGNORED for it. EINVAL (negated) if the kernel had dropped it. */
    public int removeWatch(int wd) {
        FanotifyInstance f = fanotify;
        if (f != null) {
            f.forget(wd);
        }
        return result(Inotify.inotify_rm_watch(fd, wd));
    }

    /** The read buffer, in native byte order; {@link #read} fills it from the start. */
    public ByteBuffer buffer() {
        return view;
    }

    /** The size of the read buffer. */
    public int bufferSize() {
        return (int) buffer.size();
    }

    /** Reads what the kernel has queued, as much as fits: the bytes read, or the errno negated (EAGAIN: nothing queued). */
    public int read() {
        long n = LibC.read(fd, buffer, buffer.size());
        return n >= 0 ? (int) n : -Native.getLastError();
    }

    /**
     * Waits until events are queued, {@link #wake} is called, or {@code timeoutMillis} pass. A
     * change of the mount table found meanwhile is noted in {@link #mounts}.
     */
    public Ready await(int timeoutMillis) throws NativeFailure {
        if (!poll(pollFds, 3, timeoutMillis)) {
            return Ready.WOKEN;
        }
        return pollFds.getShort(6) != 0 ? Ready.EVENTS : Ready.TIMED_OUT;
    }

    /** Sleeps {@code millis} unless {@link #wake} is called first; false if it was. */
    public boolean sleep(int millis) throws NativeFailure {
        return poll(pollFds.share(LibC.POLLFD_SIZE), 1, millis);
    }

    /** Ends a wait or sleep now, or the next one if none runs. Any thread. */
    public void wake() {
        LibC.write(wakeFd, one, 8);
    }

    /** poll(2) on the first {@code count} entries of {@code fds}; false if a wake-up was taken. */
    private boolean poll(Pointer fds, int count, int timeout) throws NativeFailure {
        pollFds.setShort(6, (short) 0);
        pollFds.setShort(LibC.POLLFD_SIZE + 6, (short) 0);
        pollFds.setShort(2 * LibC.POLLFD_SIZE + 6, (short) 0);
        if (LibC.poll(fds, count, timeout) < 0) {
            int errno = Native.getLastError();
            if (errno != Errno.EINTR) {
                throw NativeFailure.call("poll(inotify fd " + fd + ")", errno);
            }
        }
        if (pollFds.getShort(2 * LibC.POLLFD_SIZE + 6) != 0) {
            mounts.noteChange(); // acted on once the queue is read
        }
        if (pollFds.getShort(LibC.POLLFD_SIZE + 6) != 0) {
            LibC.read(wakeFd, wakeCounter, 8);
            return false;
        }
        return true;
    }

    private static int result(int value) {
        return value >= 0 ? value : -Native.getLastError();
    }

    /** Closes the instance (the kernel drops every watch), the wake-up descriptor and the mount table. */
    @Override
    public void close() {
        LibC.close(fd);
        LibC.close(wakeFd);
        mounts.close();
        FanotifyInstance f = fanotify;
        if (f != null) {
            f.close();
        }
    }
}
