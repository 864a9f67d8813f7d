package org.inotifyjfr.agent.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MovePairingTest {
    private final MovePairing pairing = new MovePairing();
    /** A watch descriptor. */
    private final int dir = 1;
    private final List<String> expired = new ArrayList<>();
    private final MovePairing.Expired sink = h -> expired.add(h.name);

    private void hold(int cookie, String name, long now, long records) {
        pairing.hold(cookie, dir, name, "/w/" + name, false, DirectoryTable.NONE, now, records, sink);
    }

    @Test
    void aHalfWaitsExactlyTheHoldWindowForItsPartner() {
        long t0 = -5_000_000L; // nanoTime may be negative
        hold(7, "a", t0, 0);
        pairing.expire(t0 + MovePairing.HOLD_NANOS - 1, sink);
        assertEquals(List.of(), expired);
        assertEquals(1, pairing.millisToNextExpiry(t0 + MovePairing.HOLD_NANOS - 1));
        pairing.expire(t0 + MovePairing.HOLD_NANOS, sink);
        assertEquals(List.of("a"), expired);
        assertEquals(-1, pairing.millisToNextExpiry(t0));
    }

    @Test
    void halvesPairByCookieWhateverTheOrder() {
        hold(1, "one", 0, 0);
        hold(2, "two", 0, 0);
        pairing.hold(3, dir, "three", "/w/three", true, 9, 0, 0, sink);
        assertEquals("two", pairing.take(2).name);
        MovePairing.Half three = pairing.take(3);
        assertEquals("three", three.name);
        assertEquals(9, three.moved);
        assertNull(pairing.take(2), "taken once");
        assertEquals("one", pairing.take(1).name);
    }

    @Test
    void expireAllHandsOverOldestFirst() {
        hold(1, "first", 10, 0);
        hold(2, "second", 20, 0);
        pairing.expireAll(sink);
        assertEquals(List.of("first", "second"), expired);
    }

    @Test
    void aHalfExpiresWhenTooManyRecordsCameAfterItEvenIfTheQueueIsNeverEmpty() {
        hold(1, "first", 0, 100);
        hold(2, "second", 0, 200);
        pairing.expireBehind(100 + MovePairing.HOLD_RECORDS, sink);
        assertEquals(List.of(), expired);
        pairing.expireBehind(101 + MovePairing.HOLD_RECORDS, sink);
        assertEquals(List.of("first"), expired);
    }

    @Test
    void theHalvesHeldAreBoundedTheOldestGoingFirst() {
        for (int i = 0; i < MovePairing.MOST_WAITING + 3; i++) {
            hold(i + 1, "n" + i, 0, 0);
        }
        assertEquals(List.of("n0", "n1", "n2"), expired);
        assertEquals("n3", pairing.take(4).name);
    }

    @Test
    void aDirectoryFoundInsideAgainIsNoLongerDroppedByTheHalfThatMovedItOut() {
        pairing.hold(1, dir, "d", "/w/d", true, 42, 0, 0, sink);
        pairing.claim(42);
        assertEquals(DirectoryTable.NONE, pairing.take(1).moved);
    }
}
