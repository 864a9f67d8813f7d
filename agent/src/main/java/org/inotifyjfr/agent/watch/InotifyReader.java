package org.inotifyjfr.agent.watch;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.inotifyjfr.agent.linux.Errno;
import org.inotifyjfr.agent.linux.Inotify;
import org.inotifyjfr.agent.linux.LibC;
import org.inotifyjfr.agent.linux.NativeFailure;

/**
 * Owns one inotify instance and the daemon thread that reads it.
 *
 * <p>Threading: the reader thread blocks in {@code poll} on the inotify descriptor and an eventfd;
 * whoever reads the queue holds {@link #lock} (the reader thread, or JFR's periodic thread in
 * {@link #drain} at chunk end), and the watch tree and the counters live under that lock. Closing
 * writes the eventfd; the reader thread then closes both descriptors.
 */
public final class InotifyReader implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.inotifyjfr");
    static final long DRAIN_WAIT_MILLIS = 2000;

    /** A snapshot of the counters. */
    public static final class Counters {
        public long watches;
        public long eventsRead;
        public long overflows;
        public long reads;
        public long bytesRead;
    }

    private final int fd;
    private final int wakeFd;
    private final Memory buffer;
    private final ByteBuffer view;
    private final Memory pollFds = new Memory(2L * LibC.POLLFD_SIZE);
    private final Memory wakeCounter = new Memory(8);
    private final EventDecoder decoder;
    private final WatchTree tree;
    private final EventRouter router;
    /** Fair, so that a long walk handing it over between batches lets the reader in. */
    private final ReentrantLock lock = new ReentrantLock(true);
    /** The reader checks which kinds are recorded at least this often, even when nothing happens. */
    private static final int IDLE_MILLIS = 1000;
    private final FileActivity activity;
    private final Thread thread;
    private volatile boolean closing;
    private long reads;
    private long bytesRead;
    private volatile Counters lastCounters = new Counters();

    private InotifyReader(int fd, int wakeFd, int bufferSize, boolean recursive, Excludes excludes,
            FileActivity activity, Charset charset) {
        this.fd = fd;
        this.wakeFd = wakeFd;
        this.buffer = new Memory(bufferSize);
        this.view = buffer.getByteBuffer(0, bufferSize);
        this.activity = activity;
        this.decoder = new EventDecoder(charset);
        this.tree = new WatchTree(fd, recursive, excludes, activity);
        this.router = new EventRouter(tree, activity);
        this.thread = new Thread(this::run, "inotify-jfr reader");
        this.thread.setDaemon(true);
        pollFds.setInt(0, fd);
        pollFds.setShort(4, LibC.POLLIN);
        pollFds.setInt(LibC.POLLFD_SIZE, wakeFd);
        pollFds.setShort(LibC.POLLFD_SIZE + 4, LibC.POLLIN);
    }

    /** Creates the inotify instance; {@link #start()} starts reading it. */
    public static InotifyReader open(int bufferSize, boolean recursive, Excludes excludes, FileActivity activity,
            Charset charset) throws NativeFailure {
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
        return new InotifyReader(fd, wakeFd, bufferSize, recursive, excludes, activity, charset);
    }

    public void start() {
        thread.start();
    }

    /** Watches a configured root (recursively if so configured); failures go to the activity sink. */
    public boolean watch(String root) {
        lock.lock();
        try {
            updateEvents();
            tree.breather = () -> {
                if (lock.hasQueuedThreads()) {
                    lock.unlock();
                    lock.lock();
                }
            };
            return tree.watchRoot(root);
        } finally {
            tree.breather = () -> { };
            lock.unlock();
        }
    }

    /** Wakes the reader, which then also checks which kinds are recorded: for when a recording starts or stops. */
    public void wake() {
        Memory one = new Memory(8);
        one.setLong(0, 1);
        LibC.write(wakeFd, one, 8);
    }

    /** Asks the kernel for the event kinds some recording wants, and no others. */
    private void updateEvents() {
        int wanted = 0;
        for (Kind kind : Kind.values()) {
            if (activity.wants(kind)) {
                wanted |= kind.mask;
            }
        }
        tree.setEvents(wanted & Inotify.IN_ALL_EVENTS);
    }

    /**
     * Reads and reports everything the kernel holds now, and settles waiting move halves: called
     * before a chunk ends, so a change made just before a recording stops is in it. JFR calls this
     * on whatever thread ends the chunk, possibly the application's, so it waits for the reader
     * at most {@link #DRAIN_WAIT_MILLIS}; the reader then reports the rest in the next chunk.
     */
    public void drain() {
        try {
            if (!lock.tryLock(DRAIN_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            if (!closing) {
                pump();
                router.flushMoves();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The counters now, or, if the reader keeps its lock longer than {@link #DRAIN_WAIT_MILLIS}
     * (a long walk), the last ones taken: JFR asks on whatever thread ends a chunk.
     */
    public Counters counters() {
        try {
            if (!lock.tryLock(DRAIN_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                return lastCounters;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return lastCounters;
        }
        try {
            Counters c = new Counters();
            c.watches = tree.size();
            c.eventsRead = router.eventsRead;
            c.overflows = router.overflows;
            c.reads = reads;
            c.bytesRead = bytesRead;
            lastCounters = c;
            return c;
        } finally {
            lock.unlock();
        }
    }

    /** The inotify descriptor, for tests that inspect {@code /proc/self/fdinfo}. */
    public int fd() {
        return fd;
    }

    private void run() {
        int timeout = IDLE_MILLIS;
        try {
            while (!closing) {
                awaitReadable(timeout);
                lock.lock();
                try {
                    if (closing) {
                        break;
                    }
                    pump();
                    int untilExpiry = router.millisToNextExpiry(System.nanoTime());
                    timeout = untilExpiry < 0 ? IDLE_MILLIS : Math.min(untilExpiry, IDLE_MILLIS);
                } finally {
                    lock.unlock();
                }
            }
        } catch (NativeFailure | RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "inotify-jfr: the reader stopped; file activity is no longer recorded: " + e);
        } finally {
            LibC.close(fd);
            LibC.close(wakeFd);
        }
    }

    /** Blocks until the inotify descriptor or the wake-up descriptor is readable, or {@code timeout} ms. */
    private void awaitReadable(int timeout) throws NativeFailure {
        pollFds.setShort(6, (short) 0);
        pollFds.setShort(LibC.POLLFD_SIZE + 6, (short) 0);
        if (LibC.poll(pollFds, 2, timeout) < 0) {
            int errno = Native.getLastError();
            if (errno != Errno.EINTR) {
                throw NativeFailure.call("poll(inotify fd " + fd + ")", errno);
            }
        }
        if (pollFds.getShort(LibC.POLLFD_SIZE + 6) != 0) {
            LibC.read(wakeFd, wakeCounter, 8);
        }
    }

    /** Reads the queue until it is empty, reporting each record. Caller holds the lock. */
    private void pump() {
        updateEvents();
        while (true) {
            long n = LibC.read(fd, buffer, buffer.size());
            if (n <= 0) {
                int errno = n < 0 ? Native.getLastError() : 0;
                if (errno == Errno.EINTR) {
                    continue;
                }
                if (errno != Errno.EAGAIN && errno != 0) {
                    LOG.log(System.Logger.Level.WARNING, "inotify-jfr: read(inotify fd " + fd + ") failed: "
                            + Errno.name(errno));
                }
                break;
            }
            reads++;
            bytesRead += n;
            decoder.decode(view, (int) n, router);
        }
        router.queueEmpty(System.nanoTime());
    }

    /** Stops the reader thread and closes the inotify instance, waiting at most a second. */
    @Override
    public void close() {
        closing = true;
        if (thread.getState() == Thread.State.NEW) {
            LibC.close(fd);
            LibC.close(wakeFd);
            return;
        }
        wake();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
