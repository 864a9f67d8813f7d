package org.inotifyjfr.agent.watch;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.inotifyjfr.agent.linux.Errno;
import org.inotifyjfr.agent.linux.Inotify;
import org.inotifyjfr.agent.linux.InotifyInstance;
import org.inotifyjfr.agent.linux.NativeFailure;

/**
 * Owns one inotify instance and the two daemon threads that read it.
 *
 * <p>Threading, in four lines:
 * <ul>
 * <li>the <em>reader</em> thread waits for the queue, reads it into the {@link Backlog} (a small read it records itself);
 * <li>the <em>recorder</em> thread decodes the backlog and does what waits for an empty queue (rescans, long walks);
 * <li>both record, and JFR's chunk-end hook ({@link #drain}) reads and records, under {@link #lock}, which guards the tree;
 * <li>reads are serialized by {@link #readLock}, so events keep the kernel's order; {@link #close} wakes the reader.
 * </ul>
 */
public final class InotifyReader implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.inotifyjfr");
    static final long DRAIN_WAIT_MILLIS = 2000;
    /** The most bytes read ahead of the recorder: about half a million events. */
    static final long BACKLOG_LIMIT = 16L << 20;
    /**
     * A read this small, with nothing queued before it, is recorded by the reader thread itself:
     * about 500 events, a few milliseconds even before the JIT has compiled anything, while the
     * kernel's queue holds 16,384.
     */
    static final int RECORD_HERE_BYTES = 16 * 1024;
    /** The biggest record: the header and a name of NAME_MAX (255) bytes, NUL terminated and padded. */
    static final int MAX_EVENT_SIZE = EventDecoder.HEADER_SIZE + 256;
    /** The recorder gives up its lock after this many chunks, so a chunk-end drain is not kept waiting. */
    private static final int CHUNKS_PER_TURN = 16;
    /** The reader wakes at least this often, so the recorder checks which kinds are recorded. */
    private static final int IDLE_MILLIS = 1000;

    /** A snapshot of the counters. */
    public static final class Counters {
        public long watches;
        public long eventsRead;
        /** Events dropped because handling them failed (a bug, logged). */
        public long eventsFailed;
        public long overflows;
        public long reads;
        public long bytesRead;
        public long backlogPeak;
    }

    private final InotifyInstance inotify;
    /** The read buffer as the decoder reads it. */
    private final ByteBuffer bufferView;
    private final Backlog backlog;
    private final EventDecoder decoder;
    private final WatchTree tree;
    private final EventRouter router;
    /** Fair, so that a long walk handing it over between batches lets the recorder in. */
    private final ReentrantLock lock = new ReentrantLock(true);
    private final Object readLock = new Object();
    private final int batchMillis;
    private final Thread readerThread;
    private final Thread recorderThread;
    private volatile boolean closing;
    /** Set while JFR's chunk hook drains: no long walk may run then. Guarded by {@link #lock}. */
    private boolean draining;
    /** How long the reader may sleep when nothing happens: shorter while a move half waits. */
    private volatile int tickMillis = IDLE_MILLIS;
    /** Read passes begun: see {@link WatchTree#queueEmpty}. */
    private volatile long passes;
    private volatile long reads;
    private volatile long bytesRead;
    private volatile Counters lastCounters = new Counters();
    /** Who caused the events, told before each read is reported; null if no source beside inotify. */
    private volatile Causes causes;
    private final Causes.Paths paths;
    /** watch=recording: the trees are watched only while a recording wants file events. Guarded by {@link #lock}. */
    private boolean whileRecorded;
    private boolean treesWatched = true;
    /** The roots configured, watched or not (watch=recording). Guarded by {@link #lock}. */
    private final List<String> configured = new java.util.ArrayList<>();

    private InotifyReader(InotifyInstance inotify, int batchMillis, boolean recursive, Excludes excludes,
            FileActivity activity) {
        this.inotify = inotify;
        this.batchMillis = batchMillis;
        this.bufferView = inotify.buffer();
        int bufferSize = inotify.bufferSize();
        this.backlog = new Backlog(bufferSize, Math.max(BACKLOG_LIMIT, 2L * bufferSize));
        this.decoder = new EventDecoder();
        this.tree = new WatchTree(inotify, recursive, excludes, activity);
        this.router = new EventRouter(tree, activity);
        this.paths = tree::directoryPath;
        this.tree.readPasses = () -> passes;
        this.tree.breather = this::letOthersIn;
        this.tree.inChunkHook = () -> draining;
        this.tree.mountTable(inotify.mounts());
        this.readerThread = new Thread(this::readLoop, "inotify-jfr reader");
        this.readerThread.setDaemon(true);
        this.recorderThread = new Thread(this::recordLoop, "inotify-jfr recorder");
        this.recorderThread.setDaemon(true);
    }

    /**
     * Creates the inotify instance; {@link #start()} starts reading it. Once the queue holds
     * something, the reader waits {@code batchMillis} before it reads, so that one read takes many
     * events (0: read at once).
     */
    public static InotifyReader open(int bufferSize, int batchMillis, boolean recursive, Excludes excludes,
            FileActivity activity) throws NativeFailure {
        return new InotifyReader(InotifyInstance.open(bufferSize), batchMillis, recursive, excludes, activity);
    }

    public void start() {
        recorderThread.start();
        readerThread.start();
    }

    /** Watches a configured root (recursively if so configured); failures go to the activity sink. */
    public boolean watch(String root) {
        lock.lock();
        try {
            List<String> roots = new java.util.ArrayList<>(roots());
            if (!roots.contains(root)) {
                roots.add(root);
            }
            tree.activity().rootsChanged(roots);
            if (whileRecorded) {
                if (!configured.contains(root)) {
                    configured.add(root);
                }
                if (!treesWatched) {
                    updateEvents();
                    return true; // watched when a recording wants file events
                }
            }
            updateEvents();
            return tree.watchRoot(root);
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@code watch=recording}: from now on the trees are watched only while some running recording
     * enables a file event: walked when one starts (before its {@code start()} returns), every
     * watch dropped when the last one stops. Call before the first {@link #watch}.
     */
    public void watchOnlyWhileRecorded() {
        lock.lock();
        try {
            whileRecorded = true;
            treesWatched = false;
        } finally {
            lock.unlock();
        }
    }

    /** With {@code watch=recording}: watches or drops the trees as the kinds recorded now ask. Caller holds the lock. */
    private void follow(int wanted) {
        if (wanted != 0 && !treesWatched) {
            treesWatched = true;
            long start = System.nanoTime();
            tree.setEvents(wanted & Inotify.IN_ALL_EVENTS);
            for (String root : configured) {
                tree.watchRoot(root);
            }
            tree.activity().treesFollowRecordings(true, tree.size(), (System.nanoTime() - start) / 1_000_000);
        } else if (wanted == 0 && treesWatched) {
            treesWatched = false;
            for (String root : tree.roots()) {
                tree.dropRoot(root);
            }
            tree.activity().treesFollowRecordings(false, 0, 0);
        }
    }

    /**
     * A long walk's breather ({@link WatchTree#breather}): hands the lock to a thread waiting for
     * it and takes it back; true if it did. Not while this thread also holds {@link #readLock}
     * (the reader recording a read itself), which the waiting drain would then wait for.
     */
    private boolean letOthersIn() {
        if (lock.getHoldCount() != 1 || !lock.hasQueuedThreads() || Thread.holdsLock(readLock)) {
            return false;
        }
        lock.unlock();
        lock.lock();
        return true;
    }

    /** Stops watching configured root {@code root} and what lies below it. */
    public void unwatch(String root) {
        lock.lock();
        try {
            configured.remove(root);
            tree.dropRoot(root);
            tree.activity().rootsChanged(roots());
            updateEvents();
        } finally {
            lock.unlock();
        }
    }

    /** From now on, {@code causes} catches up before each read is reported (see {@link Causes}). */
    public void reportCausesFrom(Causes causes) {
        this.causes = causes;
    }

    /** The inotify instance, for the fanotify group that marks what it watches. */
    public InotifyInstance instance() {
        return inotify;
    }

    /** Wakes the reader, which then also checks which kinds are recorded: for when a recording starts or stops. */
    public void wake() {
        inotify.wake();
    }

    /**
     * A recording started or stopped: the kernel is asked for the kinds recorded now before this
     * returns. JFR calls it on the thread that starts the recording, after the recording's
     * settings apply, so a change made once {@code start()} has returned is reported with every
     * kind the recording enables. Waits for the lock at most {@link #DRAIN_WAIT_MILLIS} (a long
     * walk holds it); the reader then widens the masks when it is done.
     */
    public void recordingsChanged() {
        if (lockWithinDrainWait()) {
            try {
                if (!closing) {
                    updateEvents();
                }
            } finally {
                lock.unlock();
            }
        }
        wake();
    }

    /** Asks the kernel for the event kinds some recording wants, and no others (with watch=recording, for no tree if none). */
    private void updateEvents() {
        int wanted = router.refreshWanted();
        if (whileRecorded) {
            follow(wanted);
        }
        tree.setEvents(wanted & Inotify.IN_ALL_EVENTS);
    }

    /**
     * Reads and reports everything the kernel holds now, and settles waiting move halves: called
     * before a chunk ends, so a change made just before a recording stops is in it. JFR calls this
     * on whatever thread ends the chunk, possibly the application's (and at exit, the JVM waits
     * for it), so it waits for the lock at most {@link #DRAIN_WAIT_MILLIS} and reads for at most
     * as long again; the reader then reports the rest in the next chunk.
     */
    public void drain() {
        drain(false);
    }

    /**
     * {@link #drain} that also runs what waits for an empty queue (a rescan after an overflow,
     * entries deferred), as the reader thread does: for tests that read without that thread.
     */
    void settle() {
        inotify.mounts().look(); // the reader thread's wait would have seen a mount; without it, look now
        drain(true);
    }

    private void drain(boolean settle) {
        if (!lockWithinDrainWait()) {
            return;
        }
        draining = !settle;
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_WAIT_MILLIS);
            while (!closing) {
                boolean emptied = readAll();
                record(Integer.MAX_VALUE);
                // A storm may refill the queue as fast as it is read, and a reader that died left
                // the backlog closed: either way the rest waits for the next chunk, or is lost.
                if (emptied || backlog.isClosed() || System.nanoTime() - deadline > 0) {
                    break;
                }
            }
            if (!closing) {
                router.flushMoves();
            }
        } finally {
            draining = false;
            lock.unlock();
        }
    }

    /**
     * The counters now, or, if the reader keeps its lock longer than {@link #DRAIN_WAIT_MILLIS}
     * (a long walk), the last ones taken: JFR asks on whatever thread ends a chunk.
     */
    public Counters counters() {
        if (!lockWithinDrainWait()) {
            return lastCounters;
        }
        try {
            Counters c = new Counters();
            c.watches = tree.size();
            c.eventsRead = router.eventsRead;
            c.overflows = router.overflows;
            c.eventsFailed = router.failures;
            c.reads = reads;
            c.bytesRead = bytesRead;
            c.backlogPeak = backlog.peakBytes();
            lastCounters = c;
            return c;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns once the work holding the lock now (a walk, a batch of records) is done: for tests
     * whose next step would otherwise race a scan that has placed its watches but not yet listed
     * what they hold.
     */
    void awaitCurrentWork() {
        lock.lock();
        lock.unlock();
    }

    /**
     * Runs {@code work} holding the lock, if it comes within {@link #DRAIN_WAIT_MILLIS}, and returns
     * what it returned; null if the lock did not come: for JFR's threads, which must not hang.
     */
    public <T> T whileHeld(java.util.function.Supplier<T> work) {
        if (!lockWithinDrainWait()) {
            return null;
        }
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /** The lock, for tests that hold the recorder up as a long walk or a slow chunk-end drain does. */
    ReentrantLock lockForTests() {
        return lock;
    }

    /** Takes the lock if it comes within {@link #DRAIN_WAIT_MILLIS}: for JFR's threads, which must not hang. */
    private boolean lockWithinDrainWait() {
        try {
            return lock.tryLock(DRAIN_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** System.nanoTime() when the first root's watch was placed, 0 if none is yet. */
    public long firstWatchNanos() {
        lock.lock();
        try {
            return tree.firstWatchNanos;
        } finally {
            lock.unlock();
        }
    }

    /** The configured roots, in the order they were given. */
    public List<String> roots() {
        lock.lock();
        try {
            return whileRecorded ? List.copyOf(configured) : tree.roots();
        } finally {
            lock.unlock();
        }
    }

    /** Rescans run so far, for tests. */
    int rescans() {
        lock.lock();
        try {
            return tree.rescans;
        } finally {
            lock.unlock();
        }
    }

    /** The inotify descriptor, for tests that inspect {@code /proc/self/fdinfo}. */
    public int fd() {
        return inotify.fd();
    }

    /** The reader thread: waits for events, lets them gather, moves them into the backlog. */
    private void readLoop() {
        try {
            while (!closing && !backlog.isClosed()) {
                if (inotify.await(tickMillis) == InotifyInstance.Ready.EVENTS && batchMillis > 0) {
                    inotify.sleep(batchMillis);
                }
                // also when woken or idle: the queue-empty mark lets the recorder expire moves
                while (!readAll() && backlog.awaitSpace()) {
                    // the recorder is behind by BACKLOG_LIMIT: the kernel's queue takes the rest
                }
            }
        } catch (NativeFailure | InterruptedException | RuntimeException | Error e) {
            stopped("reader", e);
        } finally {
            backlog.close();
            synchronized (readLock) {
                inotify.close();
            }
        }
    }

    /** The recorder thread: decodes and reports what the reader queued. */
    private void recordLoop() {
        try {
            while (backlog.await()) {
                lock.lock();
                try {
                    if (closing) {
                        break;
                    }
                    record(CHUNKS_PER_TURN);
                } finally {
                    lock.unlock();
                }
            }
        } catch (InterruptedException | RuntimeException | Error e) {
            stopped("recorder", e);
        } finally {
            backlog.close(); // the reader stops too, and a drain no longer waits for either
            wake();
        }
    }

    /**
     * A thread of the agent ended on a fault (a bug, or the heap exhausted): said in the log and,
     * standing, in the recording. Nothing then waits for the reader, and the JVM runs and exits as
     * it would without the agent.
     */
    private void stopped(String thread, Throwable e) {
        backlog.close(); // first: a drain that comes now must not read what this says is lost
        if (closing) {
            return;
        }
        String message = "the " + thread + " stopped, so file activity is no longer recorded: " + e
                + "; this is a bug in inotify-jfr or the heap is exhausted: please report it with this message";
        LOG.log(System.Logger.Level.ERROR, "inotify-jfr: " + message);
        try {
            tree.activity().stopped(String.join(", ", tree.roots()), e.getClass().getSimpleName(), message);
        } catch (RuntimeException | Error again) {
            // the log has it
        }
    }

    /**
     * Moves everything the kernel holds into the backlog, the last chunk marked as having emptied
     * the queue; true when it did, false when the backlog is full (or closing). Never waits, so
     * that the reader thread, the recorder and a drain cannot wait for each other. A small read
     * with nothing queued before it is recorded here and then ({@link #recordHere}). Called by the
     * reader thread, and by {@link #drain} under the lock.
     */
    private boolean readAll() {
        synchronized (readLock) {
            long pass = ++passes;
            while (!closing) {
                if (!backlog.hasRoom()) {
                    return false;
                }
                int n = inotify.read();
                if (n > 0) {
                    reads++;
                    bytesRead += n;
                    // The kernel fills a read while events are queued and fit: if the biggest one
                    // would still have fit, the queue was empty, and no second read need say so.
                    boolean emptied = inotify.bufferSize() - n >= MAX_EVENT_SIZE;
                    handOver(n, emptied, pass);
                    if (emptied) {
                        return true;
                    }
                    continue;
                }
                int errno = -n;
                if (errno == Errno.EINTR) {
                    continue;
                }
                if (errno != Errno.EAGAIN && errno != 0) {
                    LOG.log(System.Logger.Level.WARNING, "inotify-jfr: read(inotify fd " + inotify.fd() + ") failed: "
                            + Errno.name(errno));
                }
                handOver(0, true, pass);
                return true;
            }
            return false;
        }
    }

    /**
     * Passes on the first {@code length} bytes of the read buffer (and, if {@code queueEmpty}, that
     * the queue was empty after them): recorded here if small and nothing waits before them, else
     * queued for the recorder.
     */
    private void handOver(int length, boolean queueEmpty, long pass) {
        if (length > RECORD_HERE_BYTES || !recordHere(length, queueEmpty, pass)) {
            backlog.add(bufferView, length, queueEmpty, pass);
        }
    }

    /**
     * Records the first {@code length} bytes of the read buffer (and, if {@code queueEmpty}, that
     * the read after them found the queue empty) on this thread, if nothing read before waits in
     * the backlog and nobody holds the lock: handing a small read over to the recorder thread
     * costs more than recording it. False if it must go through the backlog instead.
     */
    private boolean recordHere(int length, boolean queueEmpty, long pass) {
        if (!backlog.isEmpty() || !lock.tryLock()) {
            return false;
        }
        try {
            if (!backlog.isEmpty() || closing) {
                return false; // queued meanwhile: order first
            }
            updateEvents();
            report(bufferView, length, queueEmpty, pass, true);
            updateTick();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Decodes and reports up to {@code chunks} queued chunks, oldest first. Caller holds the lock. */
    private void record(int chunks) {
        updateEvents();
        for (int i = 0; i < chunks; i++) {
            Backlog.Chunk chunk = backlog.poll();
            if (chunk == null) {
                break;
            }
            try {
                report(chunk.view, chunk.length, chunk.queueEmpty, chunk.pass, false);
            } finally {
                backlog.done(chunk);
            }
        }
        updateTick();
    }

    /**
     * Reports one read's records and then, if it emptied the queue, that it did. Caller holds the
     * lock; {@code onReader}: the reader thread, recording a small read itself.
     */
    private void report(ByteBuffer bytes, int length, boolean queueEmpty, long pass, boolean onReader) {
        Causes c = causes;
        if (c != null && length > 0) {
            c.catchUp(paths);
        }
        decoder.decode(bytes, length, router);
        if (queueEmpty) {
            // What waits for an empty queue (a rescan) waits also for what the backlog still
            // holds: overflow markers queued one behind the other then make one rescan, not one each.
            boolean settle = !draining && backlog.isEmpty();
            if (settle && onReader && tree.longWorkWaits()) {
                // the recorder does it, and meanwhile the reader goes on emptying the kernel's queue
                backlog.add(bufferView, 0, true, pass);
                settle = false;
            }
            router.queueEmpty(System.nanoTime(), pass, settle);
        }
    }

    /** The reader's sleep when idle: shorter while a move half waits to expire. Caller holds the lock. */
    private void updateTick() {
        int untilExpiry = router.millisToNextExpiry(System.nanoTime());
        int tick = untilExpiry < 0 ? IDLE_MILLIS : Math.max(1, Math.min(untilExpiry, IDLE_MILLIS));
        int before = tickMillis;
        tickMillis = tick;
        if (tick < before && before == IDLE_MILLIS) {
            wake(); // the reader may be asleep for a second; a move half must expire sooner
        }
    }

    /** Stops the reader thread and closes the inotify instance, waiting at most a second. */
    @Override
    public void close() {
        closing = true;
        backlog.close();
        if (readerThread.getState() == Thread.State.NEW) {
            inotify.close();
            return;
        }
        wake();
        try {
            readerThread.join(1000);
            recorderThread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
