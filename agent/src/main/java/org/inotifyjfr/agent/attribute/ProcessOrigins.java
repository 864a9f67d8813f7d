package org.inotifyjfr.agent.attribute;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.inotifyjfr.agent.linux.FanotifyInstance;
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
 * <p>Used by the one thread that holds the reader's lock: catching up and matching both happen
 * there.
 */
public final class ProcessOrigins implements Causes, FanotifyInstance.Sink {
    private static final System.Logger LOG = System.getLogger("org.inotifyjfr");
    static final long HOLD_NANOS = 2_000_000_000L;
    /** Most paths held; the oldest go first. */
    static final int MOST = 8192;
    static final int MOST_PER_PATH = 8;
    /** How long a command name read for a pid is trusted (pids are reused, slowly). */
    private static final long COMMAND_NANOS = 1_000_000_000L;

    /** A process that changed a path, and the kinds (inotify bits) of its changes not yet matched. */
    public static final class Cause {
        public final int pid;
        /** Its command name, or null: not told, or gone before it could be read. */
        public final String process;
        int kinds;
        long at;

        Cause(int pid, String process, int kinds, long at) {
            this.pid = pid;
            this.process = process;
            this.kinds = kinds;
            this.at = at;
        }
    }

    private final FanotifyInstance fanotify;
    private final int ownPid;
    private final String ownCommand;
    private final Map<String, ArrayDeque<Cause>> byPath = new LinkedHashMap<>(256, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ArrayDeque<Cause>> eldest) {
            return size() > MOST;
        }
    };
    private final Map<Integer, Object[]> commands = new HashMap<>();
    private Causes.Paths paths;
    private long overflows;

    public ProcessOrigins(FanotifyInstance fanotify) {
        this.fanotify = fanotify;
        this.ownPid = (int) ProcessHandle.current().pid();
        this.ownCommand = readCommand(ownPid);
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
        fanotify.readAll(this);
    }

    @Override
    public void event(int wd, byte[] name, int kinds, int pid) {
        String path = paths.at(wd, name);
        if (path == null) {
            return;
        }
        long now = System.nanoTime();
        ArrayDeque<Cause> causes = byPath.get(path);
        if (causes == null) {
            causes = new ArrayDeque<>(2);
            byPath.put(path, causes);
        }
        Cause last = causes.peekLast();
        if (last != null && last.pid == pid) {
            last.kinds |= kinds;
            last.at = now;
            return;
        }
        if (causes.size() == MOST_PER_PATH) {
            causes.pollFirst();
        }
        causes.addLast(new Cause(pid, command(pid, now), kinds, now));
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
     * The process that caused a {@code kind} event at {@code path} (the new path of a move unless
     * {@code oldPath}), or null if fanotify told nothing of it.
     */
    public Cause take(Kind kind, String path, boolean oldPath) {
        if (path == null || byPath.isEmpty()) {
            return null;
        }
        ArrayDeque<Cause> causes = byPath.get(path);
        if (causes == null) {
            return null;
        }
        int bits = bits(kind, oldPath);
        long now = System.nanoTime();
        Cause found = null;
        for (Iterator<Cause> i = causes.iterator(); i.hasNext(); ) {
            Cause c = i.next();
            if (now - c.at > HOLD_NANOS) {
                i.remove();
            } else if ((c.kinds & bits) != 0) {
                if (found == null) {
                    found = c;
                } else {
                    found.kinds &= ~bits; // a later cause stands for the next such event
                    break;
                }
            }
        }
        if (causes.isEmpty()) {
            byPath.remove(path);
        }
        return found;
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

    /** The command name of {@code pid}, read at most once a second. */
    private String command(int pid, long now) {
        if (pid == 0) {
            return null;
        }
        if (pid == ownPid) {
            return ownCommand;
        }
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
