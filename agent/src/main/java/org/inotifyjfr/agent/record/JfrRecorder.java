package org.inotifyjfr.agent.record;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.inotifyjfr.agent.attribute.ProcessOrigins;
import org.inotifyjfr.agent.attribute.RecentOperations;
import org.inotifyjfr.agent.linux.Stat;
import java.util.List;
import java.util.Map;
import jdk.jfr.EventType;
import org.inotifyjfr.agent.watch.FileActivity;
import org.inotifyjfr.agent.watch.Kind;
import org.inotifyjfr.events.AttributedFileEvent;
import org.inotifyjfr.events.DirectoryActivityEvent;
import org.inotifyjfr.events.FileAccessEvent;
import org.inotifyjfr.events.FileAttribEvent;
import org.inotifyjfr.events.FileCloseNoWriteEvent;
import org.inotifyjfr.events.FileCloseWriteEvent;
import org.inotifyjfr.events.FileCreateEvent;
import org.inotifyjfr.events.FileDeleteEvent;
import org.inotifyjfr.events.FileEvent;
import org.inotifyjfr.events.FileModifyEvent;
import org.inotifyjfr.events.FileMoveEvent;
import org.inotifyjfr.events.FileOpenEvent;
import org.inotifyjfr.events.QueueOverflowEvent;
import org.inotifyjfr.events.UnmountEvent;
import org.inotifyjfr.events.WatchFailureEvent;

/**
 * Commits one JFR event per reported file activity. Whether a kind is wanted is the JFR event
 * type's own switch ({@link EventType#isEnabled()}: enabled in at least one running recording),
 * so a kind no recording asks for costs the reader no strings.
 */
public final class JfrRecorder implements FileActivity {
    private static final System.Logger LOG = System.getLogger("org.inotifyjfr");

    private final EventType[] types = new EventType[Kind.values().length];
    private final Committer[] committers = new Committer[Kind.values().length];
    /** The {@code filter} settings of the running recordings, combined. */
    final RecordingFilters filters;
    private final EventType summaryType;
    /** Per kind: whether the directory summary asks the kernel for it (the kinds that change files). */
    private final boolean[] summarized = new boolean[Kind.values().length];
    private final DirectorySummary summary = new DirectorySummary();
    private final Map<String, WatchFailureEvent> standingFailures = new LinkedHashMap<>();
    /** Told how long a walk of the trees took when a recording started them (watch=recording). */
    public volatile java.util.function.LongConsumer walked = ms -> { };
    /** The Java operations file events are matched to; null while attribution is off. */
    private volatile RecentOperations recent;
    /** Who caused the event being committed: set before each commit, by the one thread that records. */
    private Thread causeThread;
    private long causeId;
    private String causeOrigin = ORIGIN_UNKNOWN;
    private int causePid;
    private String causeProcess;
    /** The processes that caused recent changes, from fanotify; null while it is not used. */
    private volatile ProcessOrigins origins;
    static final String ORIGIN_JAVA = "java";
    static final String ORIGIN_JVM = "jvm";
    static final String ORIGIN_OTHER = "other";
    static final String ORIGIN_UNKNOWN = "unknown";
    /** Told the roots whenever they change (the advice that attributes Java's file operations). */
    public volatile java.util.function.Consumer<List<String>> rootsFollower = roots -> { };
    private volatile long recorded;
    private final int ownPid = (int) ProcessHandle.current().pid();
    /** Most directories whose failure stands at once. */
    static final int STANDING_LIMIT = 256;
    private final Map<String, Long> failuresByErrno = new HashMap<>();
    /** Standing failures that are not a path (a stopped thread): they stand however the file system changes. */
    private final Set<String> stoppedPaths = ConcurrentHashMap.newKeySet();
    /** For the periodic check, on JFR's thread, of whether a failing path still exists. */

    /**
     * Fills and commits one kind's event, the fields a kind does not have ignored; false if no
     * recording takes it (no recording enables the kind, or JFR's own settings filtered it out).
     */
    @FunctionalInterface
    private interface Committer {
        boolean commit(String oldPath, String path, boolean directory, boolean scanned, int cookie);
    }

    public JfrRecorder() {
        EventClasses.initialize(); // first: see there why
        register(Kind.CREATE, FileCreateEvent.class, (oldPath, path, directory, scanned, cookie) -> {
            FileCreateEvent event = new FileCreateEvent();
            event.scanned = scanned;
            return commit(event, path, directory);
        });
        register(Kind.DELETE, FileDeleteEvent.class, (o, path, directory, s, c) -> commit(new FileDeleteEvent(), path, directory));
        register(Kind.MODIFY, FileModifyEvent.class, (o, path, directory, s, c) -> commit(new FileModifyEvent(), path, directory));
        register(Kind.ATTRIB, FileAttribEvent.class, (o, path, directory, s, c) -> commit(new FileAttribEvent(), path, directory));
        register(Kind.CLOSE_WRITE, FileCloseWriteEvent.class,
                (o, path, directory, s, c) -> commit(new FileCloseWriteEvent(), path, directory));
        register(Kind.CLOSE_NOWRITE, FileCloseNoWriteEvent.class,
                (o, path, directory, s, c) -> commit(new FileCloseNoWriteEvent(), path, directory));
        register(Kind.OPEN, FileOpenEvent.class, (o, path, directory, s, c) -> commit(new FileOpenEvent(), path, directory));
        register(Kind.ACCESS, FileAccessEvent.class, (o, path, directory, s, c) -> commit(new FileAccessEvent(), path, directory));
        register(Kind.MOVE, FileMoveEvent.class, (oldPath, path, directory, scanned, cookie) -> {
            FileMoveEvent event = new FileMoveEvent();
            if (!event.shouldCommit()) {
                return false;
            }
            event.oldPath = oldPath;
            event.path = path;
            event.directory = directory;
            event.cookie = cookie;
            attribute(event);
            event.commit();
            return true;
        });
        register(Kind.UNMOUNT, UnmountEvent.class, (o, path, directory, s, c) -> commit(new UnmountEvent(), path, directory));
        filters = new RecordingFilters(types);
        summaryType = EventType.getEventType(DirectoryActivityEvent.class);
        for (Kind kind : List.of(Kind.CREATE, Kind.DELETE, Kind.MODIFY, Kind.ATTRIB, Kind.CLOSE_WRITE, Kind.MOVE, Kind.UNMOUNT)) {
            summarized[kind.ordinal()] = true;
        }
        // Registered now, on the start-up thread: a first registration later would take JFR's
        // metadata lock while the reader holds its own, and JFR's hooks take them the other way.
        EventType.getEventType(QueueOverflowEvent.class);
        EventType.getEventType(WatchFailureEvent.class);
    }

    private void register(Kind kind, Class<? extends jdk.jfr.Event> type, Committer committer) {
        types[kind.ordinal()] = EventType.getEventType(type);
        committers[kind.ordinal()] = committer;
    }

    private boolean commit(FileEvent event, String path, boolean directory) {
        if (!event.shouldCommit()) {
            return false;
        }
        event.path = path;
        event.directory = directory;
        attribute(event);
        event.commit();
        return true;
    }

    @Override
    public boolean wants(Kind kind) {
        return (types[kind.ordinal()].isEnabled() && !filters.keepsNothing(kind))
                || (summarized[kind.ordinal()] && summaryType.isEnabled());
    }

    @Override
    public void rootsChanged(List<String> roots) {
        filters.roots(roots);
        rootsFollower.accept(roots);
    }

    @Override
    public void file(Kind kind, String path, boolean directory) {
        commit(kind, null, path, directory, false, 0);
    }

    @Override
    public void created(String path, boolean directory, boolean scanned) {
        commit(Kind.CREATE, null, path, directory, scanned, 0);
    }

    @Override
    public void moved(String oldPath, String path, boolean directory, int cookie) {
        commit(Kind.MOVE, oldPath, path, directory, false, cookie);
    }

    /**
     * Every file event goes through this one call, whose receiver is one of ten classes: the JIT
     * does not inline such a call, so each kind's commit (with JFR's writer, several kilobytes
     * of machine code) is compiled once, on its own. Called directly, all ten were inlined into
     * the reader's routing code, and each time that was compiled again (its profile changes as
     * kinds appear and names grow) C2 spent 0.3 to 0.9 s on it.
     */
    private void commit(Kind kind, String oldPath, String path, boolean directory, boolean scanned, int cookie) {
        if (summaryType.isEnabled()) {
            summary.count(kind, oldPath, path);
        }
        if (types[kind.ordinal()].isEnabled() && filters.keeps(kind, oldPath, path) && attributed(kind, oldPath, path)
                && committers[kind.ordinal()].commit(oldPath, path, directory, scanned, cookie)) {
            recorded++;
        }
        RecentOperations r = recent;
        if (kind == Kind.CLOSE_WRITE && r != null) {
            r.closed(path); // its writer is done, whether or not the close is recorded
        }
    }

    /**
     * Sets who caused the event about to be committed; always true. fanotify says which process
     * (when it is used and told of the change); a Java operation of this JVM is looked for unless
     * it was another process.
     */
    private boolean attributed(Kind kind, String oldPath, String path) {
        ProcessOrigins o = origins;
        int pid = ProcessOrigins.NONE;
        if (o != null) {
            pid = o.take(kind, path, false);
            if (pid == ProcessOrigins.NONE && oldPath != null) {
                pid = o.take(kind, oldPath, true);
            }
        }
        RecentOperations r = recent;
        RecentOperations.Entry cause = null;
        if (r != null && (pid == ProcessOrigins.NONE || pid == ownPid)) {
            cause = r.find(kind, path);
            if (cause == null && oldPath != null) {
                cause = r.find(kind, oldPath);
            }
        }
        causeThread = cause == null ? null : cause.thread;
        causeId = cause == null ? 0 : cause.operationId;
        if (cause != null) {
            causeOrigin = ORIGIN_JAVA;
            causePid = ownPid;
            causeProcess = o != null ? o.ownCommand() : null;
        } else if (pid != ProcessOrigins.NONE) {
            causeOrigin = pid == ownPid ? ORIGIN_JVM : ORIGIN_OTHER;
            causePid = pid;
            causeProcess = o.process(pid);
        } else {
            causeOrigin = ORIGIN_UNKNOWN;
            causePid = 0;
            causeProcess = null;
        }
        return true;
    }

    /** Says in {@code event} who caused it, as {@link #attributed} found. */
    private void attribute(AttributedFileEvent event) {
        event.javaThread = causeThread;
        event.operationId = causeId;
        event.origin = causeOrigin;
        event.pid = causePid;
        event.process = causeProcess;
    }

    /** From now on, file events say which process caused them, as fanotify tells. */
    public void originsFrom(ProcessOrigins origins) {
        this.origins = origins;
    }

    /** From now on, file events are matched to these Java operations. */
    public void attributeTo(RecentOperations recent) {
        this.recent = recent;
    }

    @Override
    public void overflowed(long overflows, long queueLimit, String action) {
        LOG.log(System.Logger.Level.WARNING, "inotify-jfr: the kernel's inotify queue overflowed (" + overflows
                + " so far; fs.inotify.max_queued_events=" + queueLimit + "): file events were lost; " + action);
        QueueOverflowEvent event = new QueueOverflowEvent();
        event.overflows = overflows;
        event.queueLimit = queueLimit;
        event.action = action;
        event.commit();
    }

    /**
     * Each failure is recorded once when it happens, and stands (is recorded again at each chunk)
     * while its directory exists, for at most {@link #STANDING_LIMIT} directories. The log has the
     * 1st, 2nd, 4th, 8th... failure of each errno, with the count: a tree of short-lived
     * directories that cannot be watched must not flood the log, the recording or the heap.
     */
    @Override
    public void watchFailed(String path, String errno, String message) {
        long n;
        synchronized (standingFailures) {
            n = failuresByErrno.merge(errno, 1L, Long::sum);
            if (standingFailures.size() < STANDING_LIMIT || standingFailures.containsKey(path)) {
                standingFailures.put(path, failure(path, errno, message));
            }
        }
        if (Long.bitCount(n) == 1) {
            LOG.log(System.Logger.Level.WARNING, "inotify-jfr: " + message + (n == 1 ? "" : " (failure " + n
                    + " with " + errno + "; the log shows the 1st, 2nd, 4th, 8th... of each kind, the recording each once)"));
        }
        failure(path, errno, message).commit();
    }

    @Override
    public void stopped(String paths, String cause, String message) {
        WatchFailureEvent event = failure(paths, cause, message);
        stoppedPaths.add(paths);
        synchronized (standingFailures) {
            standingFailures.put(paths, event);
        }
        event.commit();
    }

    @Override
    public void watchedAgain(String path) {
        synchronized (standingFailures) {
            standingFailures.remove(path);
        }
        LOG.log(System.Logger.Level.INFO, "inotify-jfr: " + path + " is watched now, with what it holds: what "
                + "kept it from being watched is gone");
    }

    @Override
    public void rootRelinked(String root, String target, String before) {
        String was = before == null || before.equals(root) ? "" : " (it led to " + before + ")";
        LOG.log(System.Logger.Level.INFO, "inotify-jfr: " + root + " goes through a symbolic link that was switched: "
                + (target == null ? "it leads nowhere now" + was + "; it is watched again as soon as it does"
                        : "it leads to " + target + " now" + was + ", which is watched from now on and reported under "
                        + root));
    }

    @Override
    public void uncovered(String path) {
        LOG.log(System.Logger.Level.INFO, "inotify-jfr: a file system was unmounted from " + path
                + ": the directory it covered is watched now, with what it holds");
    }

    @Override
    public void mounted(String mountPoint, String path) {
        LOG.log(System.Logger.Level.INFO, "inotify-jfr: a file system was mounted on " + mountPoint
                + (path.equals(mountPoint) ? ": what it holds" : ": " + path + ", inside it,")
                + " is watched now; what the directory held before is hidden until it is unmounted");
    }

    @Override
    public void rootWatched(String path) {
        boolean wasFailing;
        synchronized (standingFailures) {
            wasFailing = standingFailures.remove(path) != null;
        }
        LOG.log(System.Logger.Level.INFO, "inotify-jfr: " + path + " appeared and is watched now"
                + (wasFailing ? "" : " again"));
    }

    @Override
    public void treesFollowRecordings(boolean watched, long watches, long millis) {
        if (watched) {
            walked.accept(millis);
        }
        LOG.log(System.Logger.Level.INFO, "inotify-jfr: " + (watched
                ? "a recording enables file events: the trees are watched now with " + watches + " watches, walked in "
                        + millis + " ms; changes made before this were not seen (watch=recording)"
                : "no running recording enables a file event: every watch is dropped until one does (watch=recording)"));
    }

    @Override
    public void rootDropped(String path) {
        synchronized (standingFailures) {
            standingFailures.remove(path);
        }
    }

    /** The failures that stand now, one line each: for a status report. */
    public List<String> standingFailures() {
        synchronized (standingFailures) {
            return standingFailures.values().stream().map(f -> f.message).collect(java.util.stream.Collectors.toList());
        }
    }

    /** Commits every failure that still stands; runs at the start of each chunk. */
    void recommitStandingFailures() {
        List<WatchFailureEvent> standing;
        synchronized (standingFailures) {
            standing = List.copyOf(standingFailures.values());
        }
        for (WatchFailureEvent f : standing) {
            // A missing root stands until it appears (rootWatched); any other path's failure
            // goes with the path.
            if (!stoppedPaths.contains(f.path) && !"ENOENT".equals(f.errno) && !exists(f.path)) {
                synchronized (standingFailures) {
                    standingFailures.remove(f.path); // gone: nothing there is unwatched any more
                }
                continue;
            }
            failure(f.path, f.errno, f.message).commit();
        }
    }

    /** Whether {@code path} names something (a symbolic link included), by the agent's rule for names. */
    private boolean exists(String path) {
        return Stat.exists(path);
    }

    private static WatchFailureEvent failure(String path, String errno, String message) {
        WatchFailureEvent event = new WatchFailureEvent();
        event.path = path;
        event.errno = errno;
        event.message = message;
        return event;
    }

    /** What the directory summary counted since it was last taken; the caller holds the reader's lock. */
    DirectorySummary.Taken takeDirectoryActivity() {
        return summary.take();
    }

    public long recorded() {
        return recorded;
    }
}
