package org.inotifyjfr.agent.watch;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.inotifyjfr.agent.linux.FileNames;

/**
 * Walks the records one {@code read} of an inotify descriptor returns. Each is:
 *
 * <pre>
 * struct inotify_event {
 *     int      wd;       // watch descriptor, -1 for IN_Q_OVERFLOW
 *     uint32_t mask;     // event bits, plus IN_ISDIR and the kernel-only bits
 *     uint32_t cookie;   // ties IN_MOVED_FROM to its IN_MOVED_TO, else 0
 *     uint32_t len;      // size of name[], NUL padded, 0 for events on the watch itself
 *     char     name[];   // entry name within the watched directory
 * };
 * </pre>
 *
 * The decoder is reused: {@link #decode} fills one {@link Record} per entry and hands it to the
 * sink; the name stays bytes in the buffer until someone asks for it.
 */
public final class EventDecoder {
    static final int HEADER_SIZE = 16;

    /** One record, valid only during the sink call. */
    public static final class Record {
        public int wd;
        public int mask;
        public int cookie;
        private ByteBuffer buffer;
        private int nameOffset;
        private int nameLength;
        private final byte[] scratch = new byte[4096];

        public boolean hasName() {
            return nameLength > 0;
        }

        /** A hash of the name's bytes. */
        int nameHash() {
            int h = 0;
            for (int i = 0; i < nameLength; i++) {
                h = 31 * h + buffer.get(nameOffset + i);
            }
            return h;
        }

        /** Whether the name is exactly {@code bytes}. */
        boolean nameEquals(byte[] bytes) {
            if (bytes.length != nameLength) {
                return false;
            }
            for (int i = 0; i < nameLength; i++) {
                if (buffer.get(nameOffset + i) != bytes[i]) {
                    return false;
                }
            }
            return true;
        }

        /** A copy of the name's bytes. */
        byte[] nameBytes() {
            byte[] bytes = new byte[nameLength];
            copyName(bytes);
            return bytes;
        }

        /**
         * Byte by byte, not with ByteBuffer's bulk get: that takes another branch for more than
         * six bytes, and a run of names growing past six sent the JIT's compiled reader loop
         * back to the interpreter to be compiled again.
         */
        private void copyName(byte[] bytes) {
            for (int i = 0; i < nameLength; i++) {
                bytes[i] = buffer.get(nameOffset + i);
            }
        }

        /** The entry name, decoded now; "" for events on the watched inode itself. */
        public String name() {
            if (nameLength == 0) {
                return "";
            }
            byte[] bytes = nameLength <= scratch.length ? scratch : new byte[nameLength];
            copyName(bytes);
            return FileNames.decode(bytes, 0, nameLength);
        }
    }

    /** Receives each record of a read. */
    public interface Sink {
        void accept(Record record);
    }

    private final Record record;

    public EventDecoder() {
        this.record = new Record();
    }

    /**
     * Decodes the first {@code length} bytes of {@code buffer} (native byte order, as the kernel
     * wrote them) and returns how many records there were. A truncated tail is ignored: the
     * kernel only ever returns whole records.
     */
    public int decode(ByteBuffer buffer, int length, Sink sink) {
        ByteBuffer buf = buffer.order() == ByteOrder.nativeOrder() ? buffer : buffer.duplicate().order(ByteOrder.nativeOrder());
        Record r = record;
        r.buffer = buf;
        int count = 0;
        int pos = 0;
        while (pos + HEADER_SIZE <= length) {
            r.wd = buf.getInt(pos);
            r.mask = buf.getInt(pos + 4);
            r.cookie = buf.getInt(pos + 8);
            int len = buf.getInt(pos + 12);
            int end = pos + HEADER_SIZE + len;
            if (len < 0 || end > length) {
                break;
            }
            r.nameOffset = pos + HEADER_SIZE;
            r.nameLength = nameLength(buf, r.nameOffset, len);
            sink.accept(r);
            count++;
            pos = end;
        }
        return count;
    }

    /** The name is NUL terminated and padded with more NULs to an alignment boundary. */
    private static int nameLength(ByteBuffer buf, int offset, int len) {
        int n = 0;
        while (n < len && buf.get(offset + n) != 0) {
            n++;
        }
        return n;
    }
}
