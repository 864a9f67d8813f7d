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

    @Test
    void aHalfWaitsExactlyTheHoldWindowForItsPartner() {
        long t0 = -5_000_000L; // nanoTime may be negative
        pairing.hold(7, dir, "a", "/w/a", false, t0);
        pairing.expire(t0 + MovePairing.HOLD_NANOS - 1, h -> expired.add(h.name));
        assertEquals(List.of(), expired);
        assertEquals(1, pairing.millisToNextExpiry(t0 + MovePairing.HOLD_NANOS - 1));
        pairing.expire(t0 + MovePairing.HOLD_NANOS, h -> expired.add(h.name));
        assertEquals(List.of("a"), expired);
        assertEquals(-1, pairing.millisToNextExpiry(t0));
    }

    @Test
    void halvesPairByCookieWhateverTheOrder() {
        pairing.hold(1, dir, "one", "/w/one", false, 0);
        pairing.hold(2, dir, "two", "/w/two", false, 0);
        pairing.hold(3, dir, "three", "/w/three", true, 0);
        assertEquals("two", pairing.take(2).name);
        assertEquals("three", pairing.take(3).name);
        assertNull(pairing.take(2), "taken once");
        assertEquals("one", pairing.take(1).name);
    }

    @Test
    void expireAllHandsOverOldestFirst() {
        pairing.hold(1, dir, "first", "/w/first", false, 10);
        pairing.hold(2, dir, "second", "/w/second", false, 20);
        pairing.expireAll(h -> expired.add(h.name));
        assertEquals(List.of("first", "second"), expired);
    }
}
