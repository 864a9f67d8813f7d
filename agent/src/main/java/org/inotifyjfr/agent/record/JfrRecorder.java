package org.inotifyjfr.agent.record;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.EventType;
import org.inotifyjfr.agent.watch.FileActivity;
import org.inotifyjfr.agent.watch.Kind;
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
    private final Map<String, WatchFailureEvent> standingFailures = new LinkedHashMap<>();
    private volatile long recorded;

    public JfrRecorder() {
        register(Kind.CREATE, FileCreateEvent.class);
        register(Kind.DELETE, FileDeleteEvent.class);
        register(Kind.MODIFY, FileModifyEvent.class);
        register(Kind.ATTRIB, FileAttribEvent.class);
        register(Kind.CLOSE_WRITE, FileCloseWriteEvent.class);
        register(Kind.CLOSE_NOWRITE, FileCloseNoWriteEvent.class);
        register(Kind.OPEN, FileOpenEvent.class);
        register(Kind.ACCESS, FileAccessEvent.class);
        register(Kind.MOVE, FileMoveEvent.class);
        register(Kind.UNMOUNT, UnmountEvent.class);
        // Registered now, on the start-up thread: a first registration later would take JFR's
        // metadata lock while the reader holds its own, and JFR's hooks take them the other way.
        EventType.getEventType(QueueOverflowEvent.class);
        EventType.getEventType(WatchFailureEvent.class);
    }

    private void register(Kind kind, Class<? extends jdk.jfr.Event> type) {
        types[kind.ordinal()] = EventType.getEventType(type);
    }

    @Override
    public boolean wants(Kind kind) {
        return types[kind.ordinal()].isEnabled();
    }

    @Override
    public void file(Kind kind, String path, boolean directory) {
        FileEvent event = newEvent(kind);
        event.path = path;
        event.directory = directory;
        event.commit();
        recorded++;
    }

    private static FileEvent newEvent(Kind kind) {
        switch (kind) {
            case DELETE: return new FileDeleteEvent();
            case MODIFY: return new FileModifyEvent();
            case ATTRIB: return new FileAttribEvent();
            case CLOSE_WRITE: return new FileCloseWriteEvent();
            case CLOSE_NOWRITE: return new FileCloseNoWriteEvent();
            case OPEN: return new FileOpenEvent();
            case ACCESS: return new FileAccessEvent();
            case UNMOUNT: return new UnmountEvent();
            default: throw new IllegalArgumentException("not a plain file event: " + kind);
        }
    }

    @Override
    public void created(String path, boolean directory, boolean scanned) {
        FileCreateEvent event = new FileCreateEvent();
        event.path = path;
        event.directory = directory;
        event.scanned = scanned;
        event.commit();
        recorded++;
    }

    @Override
    public void moved(String oldPath, String path, boolean directory, int cookie) {
        FileMoveEvent event = new FileMoveEvent();
        event.oldPath = oldPath;
        event.path = path;
        event.directory = directory;
        event.cookie = cookie;
        event.commit();
        recorded++;
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

    @Override
    public void watchFailed(String path, String errno, String message) {
        LOG.log(System.Logger.Level.WARNING, "inotify-jfr: " + message);
        WatchFailureEvent event = failure(path, errno, message);
        synchronized (standingFailures) {
            standingFailures.put(path, event);
        }
        event.commit();
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

    /** Commits every failure that still stands; runs at the start of each chunk. */
    void recommitStandingFailures() {
        List<WatchFailureEvent> standing;
        synchronized (standingFailures) {
            standing = List.copyOf(standingFailures.values());
        }
        for (WatchFailureEvent f : standing) {
            failure(f.path, f.errno, f.message).commit();
        }
    }

    private static WatchFailureEvent failure(String path, String errno, String message) {
        WatchFailureEvent event = new WatchFailureEvent();
        event.path = path;
        event.errno = errno;
        event.message = message;
        return event;
    }

    long recorded() {
        return recorded;
    }
}
