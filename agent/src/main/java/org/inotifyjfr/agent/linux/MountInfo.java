package org.inotifyjfr.agent.linux;

import com.sun.jna.Memory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * This process's mount table, {@code /proc/self/mountinfo}, and when it changes. inotify says
 * nothing when a file system is mounted over a watched directory (the old watch simply sees no
 * more events); the kernel marks the open mount table with POLLPRI (and POLLERR) when a mount is
 * added, removed or moved in this mount namespace, and a poll returns that once per change.
 *
 * <p>Each line of the table is {@code ID PARENT MAJOR:MINOR ROOT MOUNTPOINT OPTIONS ...}, with
 * space, tab, newline and backslash in paths written as {@code \040}, {@code \011}, {@code
 * \012} and {@code \134}. A mount is known by its ID, so a second mount on the same directory is
 * new too.
 */
public final class MountInfo implements AutoCloseable {
    public static final short POLLPRI = 0x0002;
    private static final Path TABLE = Path.of("/proc/self/mountinfo");

    private final int fd;
    private Map<String, String> mounts;
    /** Set by the thread whose poll saw the change, read by the one that acts on it. */
    private volatile boolean changed;
    private final Memory pollFd = new Memory(LibC.POLLFD_SIZE);

    private MountInfo(int fd, Map<String, String> mounts) {
        this.fd = fd;
        this.mounts = mounts;
        pollFd.setInt(0, fd);
        pollFd.setShort(4, POLLPRI);
    }

    /**
     * Opens the mount table and reads it once; if it cannot be opened (no {@code /proc}), the
     * result has {@link #fd()} -1 and never reports a change.
     */
    public static MountInfo open() {
        byte[] path = (TABLE + "\0").getBytes(StandardCharsets.US_ASCII);
        Memory name = new Memory(path.length);
        name.write(0, path, 0, path.length);
        int fd = Fcntl.open(name, Fcntl.O_RDONLY | Fcntl.O_CLOEXEC);
        Map<String, String> now = fd < 0 ? Map.of() : read();
        return new MountInfo(fd, now == null ? Map.of() : now);
    }

    /** The descriptor to poll for POLLPRI, or -1. */
    public int fd() {
        return fd;
    }

    /** Another poll of {@link #fd()} found the table changed: {@link #added} is to be asked. */
    public void noteChange() {
        changed = true;
    }

    /**
     * Polls the table without waiting, for a caller that does not wait on {@link #fd()} itself:
     * a change found is noted as {@link #noteChange} notes it.
     */
    public void look() {
        if (fd >= 0 && LibC.poll(pollFd, 1, 0) > 0) {
            changed = true;
        }
    }

    /**
     * The mount points of mounts that appeared since the last call (or since {@link #open}), in
     * the table's order. Reads the table only after a change was noted, so that a reader asking
     * at every empty queue makes no system call for it.
     */
    public List<String> added() {
        if (fd < 0 || !changed) {
            return List.of();
        }
        changed = false;
        Map<String, String> now = read();
        if (now == null) {
            return List.of();
        }
        List<String> added = new ArrayList<>();
        now.forEach((id, point) -> {
            if (!point.equals(mounts.get(id))) {
                added.add(point);
            }
        });
        mounts = now;
        return added;
    }

    /** Mount ID to mount point, in the table's order; null if the table cannot be read. */
    private static Map<String, String> read() {
        try {
            return parse(Files.readAllBytes(TABLE));
        } catch (IOException e) {
            return null;
        }
    }

    /** Mount ID to mount point of every line of a mount table. */
    static Map<String, String> parse(byte[] table) {
        Map<String, String> mounts = new LinkedHashMap<>();
        int line = 0;
        while (line < table.length) {
            int end = line;
            while (end < table.length && table[end] != '\n') {
                end++;
            }
            int[] space = new int[5]; // the first five spaces: the mount point lies between the 4th and 5th
            int found = 0;
            for (int i = line; i < end && found < 5; i++) {
                if (table[i] == ' ') {
                    space[found++] = i;
                }
            }
            if (found == 5) {
                String id = new String(table, line, space[0] - line, StandardCharsets.US_ASCII);
                mounts.put(id, unescape(table, space[3] + 1, space[4]));
            }
            line = end + 1;
        }
        return mounts;
    }

    /** A path as the mount table writes it, with its octal escapes undone, as {@link FileNames} decodes names. */
    static String unescape(byte[] b, int from, int to) {
        byte[] out = new byte[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            if (b[i] == '\\' && i + 3 < to && octal(b[i + 1]) && octal(b[i + 2]) && octal(b[i + 3])) {
                out[n++] = (byte) (((b[i + 1] - '0') << 6) | ((b[i + 2] - '0') << 3) | (b[i + 3] - '0'));
                i += 3;
            } else {
                out[n++] = b[i];
            }
        }
        return FileNames.decode(out, 0, n);
    }

    private static boolean octal(byte c) {
        return c >= '0' && c <= '7';
    }

    @Override
    public void close() {
        if (fd >= 0) {
            LibC.close(fd);
        }
    }
}
