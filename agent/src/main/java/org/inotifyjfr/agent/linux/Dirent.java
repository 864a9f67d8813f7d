package org.inotifyjfr.agent.linux;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.util.Arrays;

/**
 * {@code getdents64(2)} (glibc 2.30 and later), mapped directly, and a reader of the
 * {@code struct linux_dirent64} records it fills. Names come back as the bytes the file system
 * holds, whatever the JVM's locale, and with their type, so a walk needs no {@code stat} to tell
 * a directory from a file. Not thread safe: one per walker.
 */
public final class Dirent {
    static {
        Native.register("c");
    }

    // struct linux_dirent64 { ino64_t d_ino; off64_t d_off; unsigned short d_reclen;
    //                         unsigned char d_type; char d_name[]; }
    private static final int D_RECLEN = 16;
    private static final int D_TYPE = 18;
    private static final int D_NAME = 19;

    // d_type values (<dirent.h>).
    public static final int DT_UNKNOWN = 0;
    public static final int DT_DIR = 4;

    /**
     * Reads directory entries of the directory open as {@code fd} into {@code dirp}, continuing
     * from the descriptor's offset; returns the bytes filled, 0 at the end, or -1 with errno.
     */
    public static native long getdents64(int fd, Memory dirp, long count);

    /** One directory's entries, "." and ".." left out. */
    public static final class Listing {
        public byte[][] names = new byte[16][];
        public byte[] types = new byte[16];
        public int count;

        void add(byte[] name, byte type) {
            if (count == names.length) {
                names = Arrays.copyOf(names, count * 2);
                types = Arrays.copyOf(types, count * 2);
            }
            names[count] = name;
            types[count++] = type;
        }
    }

    private final Memory buffer = new Memory(32 * 1024);

    /** Lists the directory open (for reading) as {@code fd}; null with errno set if it failed. */
    public Listing list(int fd) {
        Listing listing = new Listing();
        while (true) {
            long n = getdents64(fd, buffer, buffer.size());
            if (n < 0) {
                return null;
            }
            if (n == 0) {
                return listing;
            }
            for (int at = 0; at < n; at += buffer.getShort(at + D_RECLEN) & 0xffff) {
                int length = 0;
                while (buffer.getByte(at + D_NAME + length) != 0) {
                    length++;
                }
                if (isDotOrDotDot(at, length)) {
                    continue;
                }
                listing.add(buffer.getByteArray(at + D_NAME, length), buffer.getByte(at + D_TYPE));
            }
        }
    }

    private boolean isDotOrDotDot(int at, int length) {
        return buffer.getByte(at + D_NAME) == '.' && (length == 1 || length == 2 && buffer.getByte(at + D_NAME + 1) == '.');
    }
}
