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
    /** One read's bytes. {@code queueEmpty}: the read after it found the kernel queue empty. */
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
     * A chunk to read into, or null if the backlog is at its limit or closed. Events then stay in
     * the kernel's queue, which may overflow: the limit is the point where losing events is
     * better than taking more memory from the application.
     */
    synchronized Chunk free() {
        if (closed || full()) {
            return null;
        }
        Chunk c = pool.poll();
        return c != null ? c : new Chunk(chunkSize);
    }

    private boolean full() {
        return queuedBytes + chunkSize > limit && !queued.isEmpty();
    }

    /** Waits until a chunk can be had from {@link #free}; false once closed. */
    synchronized boolean awaitSpace() throws InterruptedException {
        while (!closed && full()) {
            wait();
        }
        return !closed;
    }

    /** Queues a filled chunk (possibly empty, to carry {@code queueEmpty}). */
    synchronized void add(Chunk c) {
        queued.add(c);
        queuedBytes += c.bytes.length;
        peakBytes = Math.max(peakBytes, queuedBytes);
        notifyAll();
    }

    /** Gives back a chunk {@link #free} handed out and that was not queued. */
    synchronized void discard(Chunk c) {
        recycle(c);
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
