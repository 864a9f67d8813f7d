package org.inotifyjfr.agent.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FileNamesTest {
    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    @Test
    void validUtf8IsVerbatim() {
        for (String name : new String[] {"plain.txt", "dirü", "emoji😀", "日本語", "a\\b", "tab\there"}) {
            assertEquals(name, FileNames.decode(name.getBytes(StandardCharsets.UTF_8)));
            assertArrayEquals(name.getBytes(StandardCharsets.UTF_8), FileNames.encode(name));
        }
    }

    @Test
    void bytesThatAreNotUtf8AreEscapedAndKeptApart() {
        assertEquals("caf\\xE9", FileNames.decode(bytes('c', 'a', 'f', 0xE9)));
        assertEquals("caf\\xE8", FileNames.decode(bytes('c', 'a', 'f', 0xE8)));
        assertEquals("\\xFFdir", FileNames.decode(bytes(0xFF, 'd', 'i', 'r')));
        assertEquals("\\xED\\xA0\\x80", FileNames.decode(bytes(0xED, 0xA0, 0x80)), "a surrogate's UTF-8 form is not valid");
        assertEquals("\\xC0\\xAF", FileNames.decode(bytes(0xC0, 0xAF)), "nor is an overlong form");
    }

    @Test
    void aNameThatLooksLikeAnEscapeIsNotTakenForOne() {
        String literal = FileNames.decode("caf\\xE9".getBytes(StandardCharsets.US_ASCII));
        assertEquals("caf\\\\xE9", literal);
        assertNotEquals(FileNames.decode(bytes('c', 'a', 'f', 0xE9)), literal);
        assertNotEquals(FileNames.decode(bytes('\\', 0xFF)), FileNames.decode("\\xFF".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void everyNameComesBackAndNoTwoNamesMeet() {
        Random random = new Random(13);
        Map<String, byte[]> seen = new HashMap<>();
        byte[] alphabet = bytes('\\', 'x', 'F', 'E', '9', 'a', 0xC3, 0xA9, 0xE9, 0xFF, 0xF0, 0x9F, 0x98, 0x80, 0xED);
        for (int n = 0; n < 200_000; n++) {
            byte[] name = new byte[1 + random.nextInt(6)];
            for (int i = 0; i < name.length; i++) {
                name[i] = alphabet[random.nextInt(alphabet.length)];
            }
            String s = FileNames.decode(name);
            assertArrayEquals(name, FileNames.encode(s), s);
            assertFalse(s.contains("\uFFFD"), s);
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (Character.isSurrogate(c)) {
                    assertTrue(Character.isHighSurrogate(c) && Character.isLowSurrogate(s.charAt(++i)), s);
                }
            }
            byte[] before = seen.putIfAbsent(s, name);
            assertTrue(before == null || java.util.Arrays.equals(before, name), s);
        }
    }
}
