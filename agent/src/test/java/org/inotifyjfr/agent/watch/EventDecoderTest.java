package org.inotifyjfr.agent.watch;

import static org.inotifyjfr.agent.linux.Inotify.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventDecoderTest {
    private final EventDecoder decoder = new EventDecoder();

    /** What one record decoded to. */
    private static final class Seen {
        final int wd;
        final int mask;
        final int cookie;
        final String name;

        Seen(EventDecoder.Record r) {
            wd = r.wd;
            mask = r.mask;
            cookie = r.cookie;
            name = r.name();
        }
    }

    /** Appends a record as the kernel lays it out: 16-byte header, name NUL padded to {@code padTo}. */
    private static void put(ByteBuffer buf, int wd, int mask, int cookie, String name, int padTo) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        int len = name.isEmpty() ? 0 : ((bytes.length + 1 + padTo - 1) / padTo) * padTo;
        buf.putInt(wd).putInt(mask).putInt(cookie).putInt(len);
        buf.put(bytes);
        for (int i = bytes.length; i < len; i++) {
            buf.put((byte) 0);
        }
    }

    private List<Seen> decode(ByteBuffer buf) {
        List<Seen> seen = new ArrayList<>();
        int length = buf.position();
        int count = decoder.decode(buf, length, r -> seen.add(new Seen(r)));
        assertEquals(seen.size(), count);
        return seen;
    }

    private static ByteBuffer buffer() {
        return ByteBuffer.allocate(8192).order(ByteOrder.nativeOrder());
    }

    @Test
    void decodesSeveralRecordsWithNulPaddedNames() {
        ByteBuffer buf = buffer();
        put(buf, 1, IN_CREATE, 0, "a.txt", 16);
        put(buf, 1, IN_MODIFY, 0, "a.txt", 16);
        put(buf, 2, IN_MOVED_FROM | IN_ISDIR, 77, "dir", 16);
        put(buf, 3, IN_MOVED_TO | IN_ISDIR, 77, "dir2", 16);
        List<Seen> seen = decode(buf);
        assertEquals(4, seen.size());
        assertEquals("a.txt", seen.get(0).name);
        assertEquals(IN_CREATE, seen.get(0).mask);
        assertEquals(IN_MODIFY, seen.get(1).mask);
        assertEquals(2, seen.get(2).wd);
        assertEquals(IN_MOVED_FROM | IN_ISDIR, seen.get(2).mask);
        assertEquals(77, seen.get(2).cookie);
        assertEquals("dir", seen.get(2).name);
        assertEquals("dir2", seen.get(3).name);
        assertEquals(3, seen.get(3).wd);
    }

    @Test
    void decodesANameThatFillsItsPaddingExactly() {
        ByteBuffer buf = buffer();
        put(buf, 5, IN_CREATE, 0, "fifteen-chars-x", 16); // 15 bytes + NUL = 16, no extra padding
        put(buf, 5, IN_DELETE, 0, "b", 16);
        List<Seen> seen = decode(buf);
        assertEquals("fifteen-chars-x", seen.get(0).name);
        assertEquals("b", seen.get(1).name);
    }

    @Test
    void decodesTheLongestNameTheKernelAllows() {
        String longest = "n".repeat(255); // NAME_MAX
        ByteBuffer buf = buffer();
        put(buf, 9, IN_CLOSE_WRITE, 0, longest, 16);
        put(buf, 9, IN_ATTRIB, 0, "after", 16);
        List<Seen> seen = decode(buf);
        assertEquals(longest, seen.get(0).name);
        assertEquals("after", seen.get(1).name);
    }

    @Test
    void decodesMultiByteUtf8Names() {
        ByteBuffer buf = buffer();
        put(buf, 1, IN_CREATE, 0, "résumé-日本.txt", 16);
        assertEquals("résumé-日本.txt", decode(buf).get(0).name);
    }

    @Test
    void decodesTheOverflowRecordWithoutWatchOrName() {
        ByteBuffer buf = buffer();
        put(buf, -1, IN_Q_OVERFLOW, 0, "", 16);
        put(buf, 4, IN_IGNORED, 0, "", 16);
        List<Seen> seen = decode(buf);
        assertEquals(2, seen.size());
        assertEquals(-1, seen.get(0).wd);
        assertEquals(IN_Q_OVERFLOW, seen.get(0).mask);
        assertEquals("", seen.get(0).name);
        assertEquals(IN_IGNORED, seen.get(1).mask);
    }

    @Test
    void decodesNothingFromATruncatedRecord() {
        ByteBuffer buf = buffer();
        put(buf, 1, IN_CREATE, 0, "whole", 16);
        int whole = buf.position();
        put(buf, 1, IN_CREATE, 0, "cut-off", 16);
        List<Seen> seen = new ArrayList<>();
        int count = decoder.decode(buf, whole + 20, r -> seen.add(new Seen(r)));
        assertEquals(1, count);
        assertEquals("whole", seen.get(0).name);
    }

    @Test
    void recordWithoutNameHasNone() {
        ByteBuffer buf = buffer();
        put(buf, 1, IN_DELETE_SELF, 0, "", 16);
        decoder.decode(buf, buf.position(), r -> assertFalse(r.hasName()));
    }
}
