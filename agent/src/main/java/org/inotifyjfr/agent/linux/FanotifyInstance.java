package org.inotifyjfr.agent.linux;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/**
 * One fanotify group beside the inotify instance, marking the same directories, for one fact
 * inotify lacks: the process that caused each event. It names a directory by its file handle,
 * which {@link #mark} maps to the inotify watch descriptor of the same directory, so the watch
 * tree turns an event into the path it reports.
 *
 * <p>Threads: marks are placed by whoever holds the reader's lock (as watches are), and reads are
 * made by one thread at a time, also under that lock.
 */
public final class FanotifyInstance implements AutoCloseable {
    /**
     * Receives each event read: the watch descriptor of its directory, the entry's name ("." for
     * the directory itself) as {@code nameLength} bytes at {@code nameAt} in {@code bytes} (valid
     * during the call only), the kinds (inotify bits) and the pid (0: not told).
     */
    public interface Sink {
        void event(int wd, ByteBuffer bytes, int nameAt, int nameLength, int kinds, int pid);

        /** The group's queue overflowed: some events' processes are not known. */
        void overflowed();
    }

    private final int fd;
    /** Whether the kernel reports every process's pid (CAP_SYS_ADMIN), or only this one's. */
    private final boolean everyPid;
    private final Memory buffer = new Memory(64 * 1024);
    private final ByteBuffer view = buffer.getByteBuffer(0, buffer.size()).order(ByteOrder.nativeOrder());
    private final Memory handle = new Memory(8 + Fanotify.MAX_HANDLE_SZ);
    private final Memory mountId = new Memory(4);
    /** Handle (type and bytes, hashed) to watch descriptor, and back. */
    private final Map<Long, Integer> wdByHandle = new HashMap<>();
    private final Map<Integer, long[]> byWd = new HashMap<>();
    private long lastKey;
    private int lastWd = -1;
    private int markFailures;
    private int firstMarkErrno;

    private FanotifyInstance(int fd, boolean everyPid) {
        this.fd = fd;
        this.everyPid = everyPid;
    }

    /** fanotify_init in the notification class with directory handles and names, non-blocking. */
    public static FanotifyInstance open(boolean everyPid) throws NativeFailure {
        int fd = Fanotify.fanotify_init(Fanotify.FAN_CLASS_NOTIF | Fanotify.FAN_REPORT_DFID_NAME | Fanotify.FAN_CLOEXEC
                | Fanotify.FAN_NONBLOCK, Fcntl.O_RDONLY);
        if (fd < 0) {
            throw NativeFailure.call("fanotify_init(FAN_CLASS_NOTIF | FAN_REPORT_DFID_NAME)", Native.getLastError());
        }
        return new FanotifyInstance(fd, everyPid);
    }

    public boolean everyPid() {
        return everyPid;
    }

    /**
     * Marks the directory at {@code path} (as inotify_add_watch was just given it, with the same
     * inotify mask) for the same kinds, and notes that its events belong to watch {@code wd}.
     * A failure is counted, not thrown: that directory's events then have no known process.
     */
    public void mark(Pointer path, int inotifyMask, int wd) {
        boolean follow = (inotifyMask & Inotify.IN_DONT_FOLLOW) == 0;
        long kinds = inotifyMask & Fanotify.FAN_ALL_INOTIFY_KINDS;
        long[] known = byWd.get(wd);
        if (known == null) {
            handle.setInt(0, Fanotify.MAX_HANDLE_SZ);
            if (Fanotify.name_to_handle_at(Fanotify.AT_FDCWD, path, handle, mountId,
                    follow ? Fanotify.AT_SYMLINK_FOLLOW : 0) < 0) {
                failed(Native.getLastError());
                return;
            }
            long key = key(handle, 0);
            known = new long[] {key, 0};
            lastWd = -1;
            Integer before = wdByHandle.put(key, wd);
            if (before != null && before != wd) {
                byWd.remove(before); // the same directory under a new watch descriptor
            }
            byWd.put(wd, known);
        }
        int flags = (follow ? 0 : Fanotify.FAN_MARK_DONT_FOLLOW) | Fanotify.FAN_MARK_ONLYDIR;
        if (Fanotify.fanotify_mark(fd, Fanotify.FAN_MARK_ADD | flags,
                kinds | Fanotify.FAN_EVENT_ON_CHILD | Fanotify.FAN_ONDIR, Fanotify.AT_FDCWD, path) < 0) {
            failed(Native.getLastError());
            return;
        }
        long dropped = known[1] & ~kinds;
        if (dropped != 0) {
            Fanotify.fanotify_mark(fd, Fanotify.FAN_MARK_REMOVE | flags, dropped, Fanotify.AT_FDCWD, path);
        }
        known[1] = kinds;
    }

    /** Forgets watch {@code wd} (removed): its directory's events no longer name a path. Its mark goes with its inode, or with {@link #flush}. */
    public void forget(int wd) {
        long[] known = byWd.remove(wd);
        lastWd = -1;
        if (known != null) {
            wdByHandle.remove(known[0], wd);
        }
    }

    /** Removes every mark: no directory is watched any more. */
    public void flush() {
        Fanotify.fanotify_mark(fd, Fanotify.FAN_MARK_FLUSH, 0, Fanotify.AT_FDCWD, null);
        wdByHandle.clear();
        byWd.clear();
        lastWd = -1;
    }

    private void failed(int errno) {
        if (markFailures++ == 0) {
            firstMarkErrno = errno;
        }
    }

    /** Directories that could not be marked, and the errno of the first ("errno 0" if none). */
    public String markFailures() {
        return markFailures == 0 ? "none" : markFailures + " (first: " + Errno.name(firstMarkErrno) + ")";
    }

    /** Reads everything queued now into {@code sink}; the events read. */
    public int readAll(Sink sink) {
        int events = 0;
        while (true) {
            long n = LibC.read(fd, buffer, buffer.size());
            if (n <= 0) {
                return events;
            }
            events += decode(view, (int) n, sink);
        }
    }

    /** Decodes {@code length} bytes of events from the start of {@code bytes} (native order). Public for the decoder's tests. */
    public int decode(ByteBuffer bytes, int length, Sink sink) {
        int events = 0;
        int at = 0;
        while (at + Fanotify.METADATA_SIZE <= length) {
            int eventLength = bytes.getInt(at);
            int metadataLength = bytes.getShort(at + 6) & 0xffff;
            if (eventLength < Fanotify.METADATA_SIZE || at + eventLength > length
                    || bytes.get(at + 4) != Fanotify.FANOTIFY_METADATA_VERSION) {
                return events; // not what this code was written for: read nothing more of it
            }
            long mask = bytes.getLong(at + 8);
            int pid = bytes.getInt(at + 20);
            if ((mask & Fanotify.FAN_Q_OVERFLOW) != 0) {
                sink.overflowed();
            }
            int info = at + metadataLength;
            while (info + Fanotify.INFO_HEADER_SIZE + 16 <= at + eventLength) {
                int type = bytes.get(info) & 0xff;
                int infoLength = bytes.getShort(info + 2) & 0xffff;
                if (infoLength == 0) {
                    break;
                }
                if (type == Fanotify.FAN_EVENT_INFO_TYPE_DFID_NAME) {
                    int handleAt = info + Fanotify.INFO_HEADER_SIZE + 8;
                    int wd = wdOf(key(bytes, handleAt));
                    if (wd >= 0) {
                        int nameAt = handleAt + 8 + bytes.getInt(handleAt);
                        int nameEnd = nameAt;
                        while (nameEnd < info + infoLength && bytes.get(nameEnd) != 0) {
                            nameEnd++;
                        }
                        sink.event(wd, bytes, nameAt, nameEnd - nameAt, (int) (mask & Fanotify.FAN_ALL_INOTIFY_KINDS), pid);
                        events++;
                    }
                }
                info += infoLength;
            }
            at += eventLength;
        }
        return events;
    }

    /** The watch of the directory with handle {@code key}, or -1; the last one found is kept at hand (a storm is in one directory). */
    private int wdOf(long key) {
        if (key == lastKey && lastWd >= 0) {
            return lastWd;
        }
        Integer wd = wdByHandle.get(key);
        lastKey = key;
        lastWd = wd == null ? -1 : wd;
        return lastWd;
    }

    /** A {@code struct file_handle} at {@code at} (handle_bytes, handle_type, f_handle), as a 64-bit hash. */
    private static long key(Memory memory, long at) {
        return key(memory.getByteBuffer(at, 8 + Fanotify.MAX_HANDLE_SZ).order(ByteOrder.nativeOrder()), 0);
    }

    private static long key(ByteBuffer bytes, int at) {
        int size = Math.min(bytes.getInt(at), Fanotify.MAX_HANDLE_SZ);
        long hash = 0xcbf29ce484222325L ^ bytes.getInt(at + 4); // FNV-1a over the type, then the bytes
        for (int i = 0; i < size; i++) {
            hash = (hash ^ (bytes.get(at + 8 + i) & 0xff)) * 0x100000001b3L;
        }
        return hash;
    }

    @Override
    public void close() {
        LibC.close(fd);
    }
}
