package org.inotifyjfr.agent.linux;

import java.nio.charset.StandardCharsets;

/**
 * Linux file names are bytes; JFR paths are Strings. One rule turns one into the other,
 * whatever the JVM's locale:
 *
 * <ul>
 * <li>a name that is valid UTF-8 is itself, character for character;
 * <li>a byte that is not part of valid UTF-8 is written {@code \xHH} (two upper-case hex digits);
 * <li>so that nothing else reads as such an escape, a run of backslashes just before an
 *     {@code x} or an escape is doubled ({@code a\x} becomes {@code a\\x}); other backslashes
 *     stay as they are.
 * </ul>
 *
 * Two different names never give the same String, no name gives U+FFFD or a lone surrogate,
 * and {@link #encode} gives the bytes back.
 */
public final class FileNames {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private FileNames() {
    }

    public static String decode(byte[] b) {
        return decode(b, 0, b.length);
    }

    public static String decode(byte[] b, int off, int len) {
        int end = off + len;
        boolean plain = true;
        for (int i = off; i < end; i++) {
            if (b[i] < 0 || b[i] == '\\') {
                plain = false;
                break;
            }
        }
        if (plain) {
            return new String(b, off, len, StandardCharsets.ISO_8859_1); // ASCII: the cheap common case
        }
        StringBuilder s = new StringBuilder(len + 8);
        int i = off;
        while (i < end) {
            int c = b[i] & 0xFF;
            if (c == '\\') {
                int run = i;
                while (run < end && b[run] == '\\') {
                    run++;
                }
                boolean doubled = run < end && (b[run] == 'x' || sequenceLength(b, run, end) == 0);
                for (int k = i; k < run; k++) {
                    s.append(doubled ? "\\\\" : "\\");
                }
                i = run;
                continue;
            }
            int n = sequenceLength(b, i, end);
            if (n == 0) {
                s.append('\\').append('x').append(HEX[c >> 4]).append(HEX[c & 15]);
                i++;
            } else {
                s.append(new String(b, i, n, StandardCharsets.UTF_8));
                i += n;
            }
        }
        return s.toString();
    }

    /** The bytes {@code name} stands for, by the rule above; a plain name is its UTF-8. */
    public static byte[] encode(String name) {
        if (name.indexOf('\\') < 0) {
            return name.getBytes(StandardCharsets.UTF_8);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(name.length() + 8);
        int i = 0;
        int n = name.length();
        while (i < n) {
            char c = name.charAt(i);
            if (c != '\\') {
                int next = i + Character.charCount(name.codePointAt(i));
                out.writeBytes(name.substring(i, next).getBytes(StandardCharsets.UTF_8));
                i = next;
                continue;
            }
            int run = i;
            while (run < n && name.charAt(run) == '\\') {
                run++;
            }
            int backslashes = run - i;
            boolean beforeX = run < n && name.charAt(run) == 'x';
            boolean escape = beforeX && backslashes % 2 == 1 && run + 2 < n
                    && hex(name.charAt(run + 1)) >= 0 && hex(name.charAt(run + 2)) >= 0;
            int literal = beforeX && (escape || backslashes % 2 == 0) ? backslashes / 2 : backslashes;
            for (int k = 0; k < literal; k++) {
                out.write('\\');
            }
            if (escape) {
                out.write(hex(name.charAt(run + 1)) << 4 | hex(name.charAt(run + 2)));
                i = run + 3;
            } else {
                i = run;
            }
        }
        return out.toByteArray();
    }

    private static int hex(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    /** The length of the well-formed UTF-8 sequence at {@code i} (no overlong forms, no surrogates), or 0. */
    private static int sequenceLength(byte[] b, int i, int end) {
        int c = b[i] & 0xFF;
        if (c < 0x80) {
            return 1;
        }
        int n;
        int lo = 0x80;
        int hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 3;
            if (c == 0xE0) {
                lo = 0xA0;
            } else if (c == 0xED) {
                hi = 0x9F;
            }
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 4;
            if (c == 0xF0) {
                lo = 0x90;
            } else if (c == 0xF4) {
                hi = 0x8F;
            }
        } else {
            return 0;
        }
        if (i + n > end) {
            return 0;
        }
        int second = b[i + 1] & 0xFF;
        if (second < lo || second > hi) {
            return 0;
        }
        for (int k = 2; k < n; k++) {
            int cont = b[i + k] & 0xFF;
            if (cont < 0x80 || cont > 0xBF) {
                return 0;
            }
        }
        return n;
    }
}
