package org.inotifyjfr.agent.attribute;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.inotifyjfr.agent.linux.FanotifyInstance;
import org.inotifyjfr.agent.linux.FileNames;
import org.inotifyjfr.agent.linux.Inotify;
import org.inotifyjfr.agent.watch.Causes;
import org.inotifyjfr.agent.watch.Kind;

/**
 * The process that caused each recent change at a watched path, as fanotify reports it: its pid
 * (this JVM's own, another's, or 0 where the kernel does not say, which without CAP_SYS_ADMIN is
 * every other process) and its command name, read from {@code /proc/PID/comm} when the event is
 * read. fanotify merges a process's unread events on one file into one, so the last cause of a
 * kind at a path also stands for the events inotify reports after it, until another comes.
 *
 * <p>Cheap enough for a storm: a path is known by a 64-bit hash of its characters, computed from
 * the directory's path and the name's bytes as fanotify gives them, and from the path as inotify's
 * event names it, so no string is built. A slot of a fixed table holds a path's last two causes;
 * another path landing in the same slot takes it (that change's process is then unknown).
 *
 * <p>Used by the one thread that holds the reader's lock: catching up and matching both happen there.
 */
public final class ProcessOrigins implements Causes, FanotifyInstance.Sink {
    private static final System.Logger LOG = System.getLogger("org.inotifyjfr");
    static final long HOLD_NANOS = 2_000_000_000L;
    static final int SLOTS = 1 << 14;
    /** How long a command name read for a pid is trusted (pids are reused, slowly). */
    private static final long COMMAND_NANOS = 1_000_000_000L;
    private static final long PRIME = 0x100000001b3L;
    private static final long BASIS = 0xcbf29ce484222325L;
    public static final int NONE = -1;

    private final FanotifyInstance fanotify;
    private final int ownPid;
    private final String ownCommand;
    private final long[] keys = new long[SLOTS];
    private final long[] at = new long[SLOTS];
    /** Per slot: the older cause (pid, NONE if there is none, and kinds still to match) and the newer. */
    private final int[] olderPid = new int[SLOTS];
    private final int[] olderKinds = new int[SLOTS];
    private final int[] newerPid = new int[SLOTS];
    private final int[] newerKinds = new int[SLOTS];
    private final Map<Integer, Object[]> commands = new HashMap<>();
    private Causes.Paths paths;
    private long now;
    private String lastDirectory;
    private long lastDirectoryHash;
    private long overflows;

    public ProcessOrigins(FanotifyInstance fanotify) {
        this.fanotify = fanotify;
        this.ownPid = (int) ProcessHandle.current().pid();
        this.ownCommand = readCommand(ownPid);
        java.util.Arrays.fill(at, Long.MIN_VALUE / 2);
    }

    public int ownPid() {
        return ownPid;
    }

    public String ownCommand() {
        return ownCommand;
    }

    /** Whether the kernel tells every process's pid (CAP_SYS_ADMIN), or only this one's. */
    public boolean everyPid() {
        return fanotify.everyPid();
    }

    /** fanotify overflows so far: events whose process is not known. */
    public long overflows() {
        return overflows;
    }

    @Override
    public void catchUp(Causes.Paths paths) {
        this.paths = paths;
        this.now = System.nanoTime();
        fanotify.readAll(this);
    }

    @Override
    public void event(int wd, ByteBuffer bytes, int nameAt, int nameLength, int kinds, int pid) {
        String directory = paths.directory(wd);
        if (directory == null) {
            return;
        }
        long h = pathHash(directory, bytes, nameAt, nameLength);
        int s = slot(h);
        if (keys[s] != h || now - at[s] > HOLD_NANOS) {
            keys[s] = h;
            olderPid[s] = NONE;
            olderKinds[s] = 0;
            newerPid[s] = pid;
            newerKinds[s] = kinds;
        } else if (newerPid[s] == pid) {
            newerKinds[s] |= kinds;
        } else {
            olderPid[s] = newerPid[s];
            olderKinds[s] = newerKinds[s];
            newerPid[s] = pid;
            newerKinds[s] = kinds;
        }
        at[s] = now;
        if (pid != 0 && pid != ownPid) {
            command(pid); // now, while the process may still be there
        }
    }

    @Override
    public void overflowed() {
        if (overflows++ == 0) {
            LOG.log(System.Logger.Level.WARNING, "inotify-jfr: the fanotify queue overflowed (fs.fanotify."
                    + "max_queued_events): some file events' origin is unknown; a storm this large is recorded, "
                    + "who caused each change of it is not");
        }
    }

    /**
     * The pid of the process that caused a {@code kind} event at {@code path} (the new path of a
     * move unless {@code oldPath}), 0 if the kernel did not say which, or {@link #NONE} if fanotify
     * told nothing of it.
     */
    public int take(Kind kind, String path, boolean oldPath) {
        if (path == null) {
            return NONE;
        }
        long h = hash(BASIS, path);
        int s = slot(h);
        if (keys[s] != h || System.nanoTime() - at[s] > HOLD_NANOS) {
            return NONE;
        }
        int bits = bits(kind, oldPath);
        if (olderPid[s] != NONE && (olderKinds[s] & bits) != 0) {
            if ((newerKinds[s] & bits) != 0) {
                olderKinds[s] &= ~bits; // the newer cause stands for the next such event
            }
            return olderPid[s];
        }
        return (newerKinds[s] & bits) != 0 ? newerPid[s] : NONE;
    }

    /** The command name of {@code pid} as read when its change was, or null. */
    public String process(int pid) {
        if (pid == ownPid) {
            return ownCommand;
        }
        Object[] known = pid == 0 ? null : commands.get(pid);
        return known == null ? null : (String) known[1];
    }

    static int bits(Kind kind, boolean oldPath) {
        switch (kind) {
            case CREATE: return Inotify.IN_CREATE;
            case DELETE: return Inotify.IN_DELETE | Inotify.IN_DELETE_SELF;
            case MODIFY: return Inotify.IN_MODIFY;
            case ATTRIB: return Inotify.IN_ATTRIB;
            case CLOSE_WRITE: return Inotify.IN_CLOSE_WRITE;
            case CLOSE_NOWRITE: return Inotify.IN_CLOSE_NOWRITE;
            case OPEN: return Inotify.IN_OPEN;
            case ACCESS: return Inotify.IN_ACCESS;
            case MOVE: return (oldPath ? Inotify.IN_MOVED_FROM : Inotify.IN_MOVED_TO) | Inotify.IN_MOVE_SELF;
            default: return 0;
        }
    }

    /** The hash of the path of entry {@code name} ("." for the directory itself) of {@code directory}, as {@link #hash} of that path. */
    private long pathHash(String directory, ByteBuffer bytes, int nameAt, int nameLength) {
        if (directory != lastDirectory) {
            lastDirectory = directory;
            lastDirectoryHash = hash(BASIS, directory);
        }
        if (nameLength == 1 && bytes.get(nameAt) == '.') {
            return lastDirectoryHash;
        }
        long h = directory.endsWith("/") ? lastDirectoryHash : (lastDirectoryHash ^ '/') * PRIME;
        for (int i = nameAt; i < nameAt + nameLength; i++) {
            byte b = bytes.get(i);
            if (b < 0 || b == '\\') {
                byte[] name = new byte[nameLength]; // not plain ASCII: the name as FileNames writes it
                bytes.get(nameAt, name);
                return hash(directory.endsWith("/") ? lastDirectoryHash : (lastDirectoryHash ^ '/') * PRIME,
                        FileNames.decode(name));
            }
            h = (h ^ b) * PRIME;
        }
        return h;
    }

    private static long hash(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * PRIME;
        }
        return h;
    }

    private static int slot(long h) {
        long x = h ^ (h >>> 29);
        return (int) (x ^ (x >>> 32)) & (SLOTS - 1);
    }

    /** The command name of {@code pid}, read at most once a second. */
    private String command(int pid) {
        Object[] known = commands.get(pid);
        if (known != null && now - (long) known[0] < COMMAND_NANOS) {
            return (String) known[1];
        }
        if (commands.size() > 1024) {
            commands.clear();
        }
        String command = readCommand(pid);
        commands.put(pid, new Object[] {now, command});
        return command;
    }

    private static String readCommand(int pid) {
        try {
            byte[] bytes = Files.readAllBytes(Path.of("/proc/" + pid + "/comm"));
            int length = bytes.length > 0 && bytes[bytes.length - 1] == '\n' ? bytes.length - 1 : bytes.length;
            return new String(bytes, 0, length, StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            return null; // gone already
        }
    }
}
