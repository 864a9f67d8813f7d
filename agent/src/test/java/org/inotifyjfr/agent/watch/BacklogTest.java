package org.inotifyjfr.agent.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class BacklogTest {
    private static final int CHUNK = 64 * 1024;

    private static ByteBuffer read(int length, int fill) {
        ByteBuffer b = ByteBuffer.allocate(CHUNK);
        for (int i = 0; i < length; i++) {
            b.put(i, (byte) fill);
        }
        return b;
    }

    @Test
    void smallReadsShareAChunkSoTheLimitCountsBytesReadNotReads() {
        Backlog backlog = new Backlog(CHUNK, 4L * CHUNK);
        int reads = 0;
        while (backlog.hasRoom() && reads < 100_000) {
            backlog.add(read(48, reads), 48, true, reads);
            reads++;
        }
        // 4 chunks of 64 KiB hold 5,461 reads of 48 bytes; one read per chunk would be 4
        assertTrue(reads >= 3 * CHUNK / 48, reads + " reads taken before the backlog was full");
        assertEquals(4L * CHUNK, backlog.peakBytes());
    }

    @Test
    void readsComeOutInOrderWithTheLastReadsQueueEmptyMarkAndPass() {
        Backlog backlog = new Backlog(CHUNK, 4L * CHUNK);
        backlog.add(read(100, 1), 100, true, 7);
        backlog.add(read(200, 2), 200, false, 8);
        backlog.add(read(CHUNK - 100, 3), CHUNK - 100, true, 9); // does not fit after 300 bytes
        backlog.add(read(0, 0), 0, true, 10); // an empty read carries only its mark
        Backlog.Chunk first = backlog.poll();
        assertEquals(300, first.length);
        assertEquals(1, first.bytes[99]);
        assertEquals(2, first.bytes[100]);
        assertEquals(2, first.bytes[299]);
        assertFalse(first.queueEmpty, "the read that ended the chunk did not find the queue empty");
        assertEquals(8, first.pass);
        Backlog.Chunk second = backlog.poll();
        assertEquals(CHUNK - 100, second.length);
        assertEquals(3, second.bytes[0]);
        assertTrue(second.queueEmpty);
        assertEquals(10, second.pass);
        assertEquals(null, backlog.poll());
        backlog.done(first);
        backlog.done(second);
        assertTrue(backlog.isEmpty());
        assertTrue(backlog.hasRoom());
    }

    @Test
    void aClosedBacklogTakesNothing() {
        Backlog backlog = new Backlog(CHUNK, 4L * CHUNK);
        backlog.close();
        assertFalse(backlog.hasRoom());
        backlog.add(read(10, 1), 10, true, 1);
        assertTrue(backlog.isEmpty());
    }
}
