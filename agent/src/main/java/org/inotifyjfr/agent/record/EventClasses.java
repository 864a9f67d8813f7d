package org.inotifyjfr.agent.record;

import java.util.List;
import org.inotifyjfr.events.ConfigurationEvent;
import org.inotifyjfr.events.DirectoryActivityEvent;
import org.inotifyjfr.events.JavaFileOperationEvent;
import org.inotifyjfr.events.FileAccessEvent;
import org.inotifyjfr.events.FileAttribEvent;
import org.inotifyjfr.events.FileCloseNoWriteEvent;
import org.inotifyjfr.events.FileCloseWriteEvent;
import org.inotifyjfr.events.FileCreateEvent;
import org.inotifyjfr.events.FileDeleteEvent;
import org.inotifyjfr.events.FileModifyEvent;
import org.inotifyjfr.events.FileMoveEvent;
import org.inotifyjfr.events.FileOpenEvent;
import org.inotifyjfr.events.QueueOverflowEvent;
import org.inotifyjfr.events.StatisticsEvent;
import org.inotifyjfr.events.UnmountEvent;
import org.inotifyjfr.events.WatchFailureEvent;

/**
 * Initializes the event classes before anything asks JFR about them.
 *
 * <p>On JDK 17 an event class's static initializer (added by JFR) registers it, and registering
 * throws and catches a {@code ClassNotFoundException} inside JFR. Asked for an uninitialized
 * class's type ({@code EventType.getEventType}, {@code FlightRecorder.addPeriodicEvent}), JFR runs
 * that initializer while it holds the class lock of {@code jdk.jfr.internal.Utils}; the exception's
 * constructor, instrumented by JFR, then waits for {@code jdk.jfr.events.Handlers} to be
 * initialized. When a {@code -XX:StartFlightRecording} recording is starting at that moment, the
 * JVM's main thread is initializing {@code Handlers} and waits for that same {@code Utils} lock:
 * the JVM hung before {@code main}, in about one start in thirty on this machine. Initialized
 * here first, the classes register holding no lock of JFR's that {@code Handlers} needs.
 */
final class EventClasses {
    static final List<Class<? extends jdk.jfr.Event>> ALL = List.of(FileCreateEvent.class, FileDeleteEvent.class,
            FileModifyEvent.class, FileAttribEvent.class, FileCloseWriteEvent.class, FileCloseNoWriteEvent.class,
            FileOpenEvent.class, FileAccessEvent.class, FileMoveEvent.class, UnmountEvent.class,
            QueueOverflowEvent.class, WatchFailureEvent.class, StatisticsEvent.class, ConfigurationEvent.class,
            DirectoryActivityEvent.class, JavaFileOperationEvent.class);

    private EventClasses() {
    }

    /** Runs every event class's static initializer (and so JFR's registration) now, on this thread. */
    static void initialize() {
        for (Class<?> type : ALL) {
            try {
                Class.forName(type.getName(), true, type.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("inotify-jfr's event class " + type.getName()
                        + " is missing from the agent jar", e);
            }
        }
    }

    /** Whether {@code type} is recorded by a recording whose settings do not name it (its {@code @Enabled}). */
    static boolean enabledByDefault(jdk.jfr.EventType type) {
        return type.getSettingDescriptors().stream()
                .anyMatch(s -> s.getName().equals("enabled") && "true".equals(s.getDefaultValue()));
    }
}
