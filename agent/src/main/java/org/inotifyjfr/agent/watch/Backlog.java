package org.inotifyjfr.agent.watch;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;

/**
 * What was read from the kernel and not decoded yet, in read order. The reader thread only moves
 * bytes out of the kernel's queue into here, which takes microseconds, so a recorder that falls
 * behind for a while (a JIT warming up, a GC pause, a burst) costs memory, up to {@link #limit}
 * bytes, instead of an overflow that loses events. Thread safe.
 */
final class Backlog {
    /**
     * The bytes of one or more reads, in order. {@code queueEmpty}: the read that ended them found
     * the kernel queue empty after them.
     */
    static final class Chunk {
        final byte[] bytes;
        final ByteBuffer view;
        int length;
        boolean queueEmpty;
        /** For a {@code queueEmpty} chunk: which read pass it ended. */
        long pass;

        Chunk(int size) {
            bytes = new byte[size];
            view = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
        }
    }

    /** Chunks kept for reuse once decoded: enough for a steady stream, little when idle. */
    private static final int POOLED = 8;

    private final int chunkSize;
    private final long limit;
    private final ArrayDeque<Chunk> queued = new ArrayDeque<>();
    private final ArrayDeque<Chunk> pool = new ArrayDeque<>();
    private long queuedBytes;
    private long peakBytes;
    private boolean closed;

    Backlog(int chunkSize, long limit) {
        this.chunkSize = chunkSize;
        this.limit = limit;
    }

    /**
     * Whether a read can be taken now: false if the backlog is at its limit or closed. Events then
     * stay in the kernel's queue, which may overflow: the limit is the point where losing events
     * is better than taking more memory from the application.
     */
    synchronized boolean hasRoom() {
        return !closed && !full();
    }

    private boolean full() {
        return queuedBytes + chunkSize > limit && !queued.isEmpty();
    }

    /** Waits until {@link #hasRoom}; false once closed. */
    synchronized boolean awaitSpace() throws InterruptedException {
        while (!closed && full()) {
            wait();
        }
        return !closed;
    }

    /**
     * Queues the first {@code length} bytes of {@code read} (possibly none, to carry {@code
     * queueEmpty}) after what is queued. They go into the newest queued chunk while it has room, so
     * that the limit counts what was read and not how many reads it took: without batching, a
     * recorder held up for a moment otherwise finds the backlog full of chunks that each hold a
     * few events of one small read, and the kernel's queue overflows behind them.
     */
    synchronized void add(ByteBuffer read, int length, boolean queueEmpty, long pass) {
        if (closed) {
            return;
        }
        Chunk c = queued.peekLast();
        if (c == null || c.bytes.length - c.length < length) {
            c = pool.poll();
            if (c == null) {
                c = new Chunk(chunkSize);
            }
            queued.add(c);
            queuedBytes += c.bytes.length;
            peakBytes = Math.max(peakBytes, queuedBytes);
        }
        read.get(0, c.bytes, c.length, length);
        c.length += length;
        // the queue was empty after these bytes or it was not; if an earlier read of this chunk
        // found it empty, the mark moves here, a little later, which is what waits for it needs
        c.queueEmpty = queueEmpty;
        c.pass = pass;
        notifyAll();
    }

    /** The oldest queued chunk, or null if none. Hand it back with {@link #done}. */
    synchronized Chunk poll() {
        return queued.poll();
    }

    synchronized void done(Chunk c) {
        if (closed) {
            return; // counted out by close()
        }
        queuedBytes -= c.bytes.length;
        recycle(c);
        notifyAll();
    }

    private void recycle(Chunk c) {
        c.length = 0;
        c.queueEmpty = false;
        if (pool.size() < POOLED) {
            pool.add(c);
        }
    }

    /** Waits until a chunk is queued or the backlog is closed; false once closed. */
    synchronized boolean await() throws InterruptedException {
        while (!closed && queued.isEmpty()) {
            wait();
        }
        return !closed;
    }

    /** Whether no chunk waits to be recorded. */
    synchronized boolean isEmpty() {
        return queued.isEmpty();
    }

    /** The most bytes that were ever waiting at once. */
    synchronized long peakBytes() {
        return peakBytes;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** Nothing is read or recorded any more: what waits is dropped, its memory given back. */
    synchronized void close() {
        closed = true;
        queued.clear();
        pool.clear();
        queuedBytes = 0;
        notifyAll();
    }
}
