package org.inotifyjfr.agent.record;

import java.util.concurrent.atomic.AtomicBoolean;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import org.inotifyjfr.agent.watch.Kind;
import org.inotifyjfr.events.DirectoryActivityEvent;
import org.inotifyjfr.events.PathFilter;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;
import org.inotifyjfr.agent.linux.KernelLimits;
import org.inotifyjfr.agent.watch.InotifyReader;
import org.inotifyjfr.events.ConfigurationEvent;
import org.inotifyjfr.events.StatisticsEvent;
import org.inotifyjfr.events.WatchFailureEvent;

/**
 * The agent's state in every chunk. A recording started with {@code -XX:StartFlightRecording}
 * usually begins before the agent has registered its events, so its first chunk-begin passed
 * without these hooks: they are committed once at registration when a recording already runs.
 */
public final class PeriodicEvents {
    /** What {@code inotify.Configuration} reports. */
    public static final class Configuration {
        public String agentVersion;
        public String paths;
        public boolean recursive;
        public String excludes;
        public long readBufferSize;
        public long readBatchMillis;
        /** Why the agent is off; null while it is on. */
        public String offReason;
        /** The option watch: always or recording. */
        public String watch = "always";
        /** With watch=recording: how long the latest walk of the trees took, ms. */
        public volatile long treesWalkedIn;
        /** Which attribution is in force, and why not more. */
        public volatile String attribution;
    }

    private PeriodicEvents() {
    }

    /** Registers the hooks; closing the result removes them. */
    public static AutoCloseable register(InotifyReader reader, JfrRecorder recorder, Configuration configuration) {
        // No lock of ours may be held while calling into JFR: JFR runs chunk-begin hooks holding
        // its own recorder lock, so ours taken in both places deadlocked a JVM at startup. A flag
        // is enough, because a recording is only seen RUNNING once its start, hooks included, is
        // over: either the hook ran for this recording's first chunk, or that chunk began before
        // the hook existed and the catch-up commit below stands in for it.
        AtomicBoolean hookRan = new AtomicBoolean();
        Runnable chunkBegins = () -> {
            hookRan.set(true);
            commit(configuration);
        };
        Runnable failures = recorder::recommitStandingFailures;
        Runnable chunkEnds = () -> drainAndCount(reader, recorder);
        FlightRecorder.addPeriodicEvent(ConfigurationEvent.class, chunkBegins);
        FlightRecorder.addPeriodicEvent(WatchFailureEvent.class, failures);
        FlightRecorder.addPeriodicEvent(StatisticsEvent.class, chunkEnds);
        Runnable summary = () -> summarize(reader, recorder);
        FlightRecorder.addPeriodicEvent(DirectoryActivityEvent.class, summary);
        // A recording that starts or stops may change the kinds the kernel should report.
        FlightRecorderListener recordings = new FlightRecorderListener() {
            @Override
            public void recordingStateChanged(Recording recording) {
                recorder.filters.changed(recording);
                reader.recordingsChanged();
            }
        };
        // A running recording's settings changed (JMC edits one): its filter may be another now.
        PathFilter.onChange(() -> {
            recorder.filters.update();
            reader.wake();
        });
        FlightRecorder.addListener(recordings);
        if (FlightRecorder.isInitialized()) {
            for (Recording recording : FlightRecorder.getFlightRecorder().getRecordings()) {
                recorder.filters.changed(recording);
            }
        }
        if (recordingRuns() && !hookRan.get()) {
            commit(configuration);
        }
        return () -> {
            FlightRecorder.removePeriodicEvent(chunkBegins);
            FlightRecorder.removePeriodicEvent(failures);
            FlightRecorder.removePeriodicEvent(chunkEnds);
            FlightRecorder.removePeriodicEvent(summary);
            FlightRecorder.removeListener(recordings);
            PathFilter.onChange(() -> { });
        };
    }

    /**
     * The agent could not start ({@code cause}: what kind of failure, said in the errno field):
     * every recording, also one started later, holds an {@code inotify.Configuration} that says
     * the agent is off and why, and a standing {@code inotify.WatchFailure} for {@code paths}
     * (what the agent was asked to watch, as given).
     */
    public static AutoCloseable registerOff(Configuration configuration, String cause) {
        EventClasses.initialize();
        AtomicBoolean hookRan = new AtomicBoolean();
        Runnable failure = () -> {
            WatchFailureEvent event = new WatchFailureEvent();
            event.path = configuration.paths;
            event.errno = cause;
            event.message = configuration.offReason;
            event.commit();
        };
        Runnable chunkBegins = () -> {
            hookRan.set(true);
            commit(configuration);
        };
        FlightRecorder.addPeriodicEvent(ConfigurationEvent.class, chunkBegins);
        FlightRecorder.addPeriodicEvent(WatchFailureEvent.class, failure);
        if (recordingRuns() && !hookRan.get()) {
            commit(configuration);
            failure.run();
        }
        return () -> {
            FlightRecorder.removePeriodicEvent(chunkBegins);
            FlightRecorder.removePeriodicEvent(failure);
        };
    }

    /** Runs at chunk end: what the kernel still holds belongs in the chunk that is closing. */
    private static void drainAndCount(InotifyReader reader, JfrRecorder recorder) {
        reader.drain();
        InotifyReader.Counters c = reader.counters();
        StatisticsEvent event = new StatisticsEvent();
        event.watches = c.watches;
        event.eventsRead = c.eventsRead;
        event.eventsRecorded = recorder.recorded();
        event.overflows = c.overflows;
        event.reads = c.reads;
        event.bytesRead = c.bytesRead;
        event.backlogPeak = c.backlogPeak;
        event.commit();
    }

    /**
     * One {@code inotify.DirectoryActivity} per directory that saw file events since the last
     * summary, after what the kernel still holds is read; if the reader keeps its lock past the
     * drain wait (a long walk), the counts wait for the next summary.
     */
    private static void summarize(InotifyReader reader, JfrRecorder recorder) {
        reader.drain();
        DirectorySummary.Taken taken = reader.whileHeld(recorder::takeDirectoryActivity);
        if (taken == null) {
            return;
        }
        for (java.util.Map.Entry<String, long[]> e : taken.counts.entrySet()) {
            long[] c = e.getValue();
            DirectoryActivityEvent event = new DirectoryActivityEvent();
            event.directory = e.getKey();
            event.since = taken.since;
            event.events = c[DirectorySummary.EVENTS];
            event.created = c[Kind.CREATE.ordinal()];
            event.deleted = c[Kind.DELETE.ordinal()];
            event.modified = c[Kind.MODIFY.ordinal()];
            event.attributesChanged = c[Kind.ATTRIB.ordinal()];
            event.closedAfterWrite = c[Kind.CLOSE_WRITE.ordinal()];
            event.closedWithoutWrite = c[Kind.CLOSE_NOWRITE.ordinal()];
            event.opened = c[Kind.OPEN.ordinal()];
            event.accessed = c[Kind.ACCESS.ordinal()];
            event.movedIn = c[Kind.MOVE.ordinal()];
            event.movedOut = c[DirectorySummary.MOVED_OUT];
            event.unmounts = c[Kind.UNMOUNT.ordinal()];
            event.commit();
        }
    }

    /** The configuration changed (a second load added paths): recorded now, and at each chunk from now on. */
    public static void changed(Configuration configuration) {
        commit(configuration);
    }

    private static void commit(Configuration configuration) {
        ConfigurationEvent event = new ConfigurationEvent();
        event.agentVersion = configuration.agentVersion;
        event.state = configuration.offReason == null ? "on" : "off";
        event.watch = configuration.watch;
        event.treesWalkedIn = configuration.treesWalkedIn;
        event.attribution = configuration.attribution;
        event.offReason = configuration.offReason;
        event.paths = configuration.paths;
        event.recursive = configuration.recursive;
        event.excludes = configuration.excludes;
        event.readBufferSize = configuration.readBufferSize;
        event.readBatch = configuration.readBatchMillis;
        event.maxUserWatches = KernelLimits.MAX_USER_WATCHES.current();
        event.maxUserInstances = KernelLimits.MAX_USER_INSTANCES.current();
        event.maxQueuedEvents = KernelLimits.MAX_QUEUED_EVENTS.current();
        event.commit();
    }

    private static boolean recordingRuns() {
        // isInitialized first: getFlightRecorder() would start JFR's machinery in a JVM that has no recording.
        return FlightRecorder.isInitialized() && FlightRecorder.getFlightRecorder().getRecordings().stream()
                .anyMatch(r -> r.getState() == RecordingState.RUNNING);
    }
}
