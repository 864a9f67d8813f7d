package org.inotifyjfr.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLongArray;
import jdk.jfr.FlightRecorder;
import org.inotifyjfr.agent.linux.JnaUnpackDirectory;
import org.inotifyjfr.agent.linux.NativeFailure;
import org.inotifyjfr.agent.attach.StatusFile;
import org.inotifyjfr.agent.attribute.JavaOperations;
import org.inotifyjfr.agent.attribute.ProcessOrigins;
import org.inotifyjfr.agent.linux.Capabilities;
import org.inotifyjfr.agent.linux.FanotifyInstance;
import org.inotifyjfr.agent.record.JfrRecorder;
import org.inotifyjfr.agent.record.PeriodicEvents;
import org.inotifyjfr.agent.watch.InotifyReader;

/**
 * Starts the agent: options, JFR, the inotify instance, the reader, the watches. Runs on the
 * agent's own daemon thread, never the application's. Anything that goes wrong becomes one log
 * line; the agent then stays off and the application runs on.
 */
public final class Agent {
    private static final System.Logger LOG = System.getLogger("org.inotifyjfr");
    static final String OFF = " inotify-jfr is off; the application runs without it.";

    private static volatile InotifyReader running;
    /** The JVM's instrumentation, from the first load: for the advice that says which Java code changed a file. */
    private static volatile java.lang.instrument.Instrumentation instrumentation;
    private static final Object ORDER = new Object();
    /** The start-up thread of the latest load: the next load's waits for it. */
    private static Thread lastInit;
    private static AgentOptions runningOptions;
    private static JfrRecorder runningRecorder;
    /** What says in recordings that the agent is off, from loads that failed: removed when a load starts it. */
    private static final List<AutoCloseable> offHooks = new ArrayList<>();
    private static PeriodicEvents.Configuration runningConfiguration;

    private Agent() {
    }

    /**
     * Called by the boot class (premain or agentmain) on a short-lived thread the JVM waits for, so
     * that a bad option is reported even by an application that exits at once. The slow part
     * (JFR, JNA, walking the trees) then runs on a daemon thread.
     */
    public static void start(String args, AtomicLongArray premain, java.lang.instrument.Instrumentation instrumentation) {
        OneLineLog.install();
        if (instrumentation != null && Agent.instrumentation == null) {
            Agent.instrumentation = instrumentation;
        }
        Control control = Control.parse(args);
        if (control != null && !control.command().equals("watch")) {
            afterEarlierLoads(() -> command(control));
            return;
        }
        AgentOptions options;
        try {
            options = AgentOptions.parse(control == null ? args : control.options());
        } catch (OptionsException e) {
            String said = e.getMessage() + "." + (running == null ? OFF : " The running agent goes on as it was.");
            LOG.log(System.Logger.Level.ERROR, "inotify-jfr: " + said);
            if (control != null) {
                control.failed(said);
            }
            if (running != null) {
                return;
            }
            // said in the recording too, from a daemon thread: JFR's set-up is not premain's to wait for
            PeriodicEvents.Configuration asGiven = new PeriodicEvents.Configuration();
            asGiven.paths = args == null ? "" : args; // the agent arguments: which paths they name is unknown
            Thread off = new Thread(() -> sayOffInRecordings(asGiven, "OPTIONS", e.getMessage()), "inotify-jfr off");
            off.setDaemon(true);
            off.start();
            return;
        }
        afterEarlierLoads(() -> startWatching(options, premain, control));
    }

    /** Runs {@code work} on a daemon thread once the loads before this one are done with theirs. */
    private static void afterEarlierLoads(Runnable work) {
        Thread thread;
        synchronized (ORDER) {
            Thread previous = lastInit;
            thread = new Thread(() -> {
                try {
                    if (previous != null) {
                        previous.join(); // a second load joins what the first set up
                    }
                } catch (InterruptedException e) {
                    return;
                }
                work.run();
            }, "inotify-jfr init");
            lastInit = thread;
        }
        thread.setDaemon(true);
        thread.start();
    }

    /** {@code status} or {@code stop} from the command line. */
    private static void command(Control control) {
        synchronized (Agent.class) {
            InotifyReader reader = running;
            if (reader == null) {
                control.failed("inotify-jfr is loaded in this JVM but watches nothing: it did not start (see this "
                        + "JVM's log); attach again with path=DIR to start it");
                return;
            }
            if (control.command().equals("stop")) {
                for (String root : reader.roots()) {
                    reader.unwatch(root);
                }
                runningConfiguration.paths = "";
                PeriodicEvents.changed(runningConfiguration);
                published(reader);
                LOG.log(System.Logger.Level.INFO, "inotify-jfr: stopped from the command line: no path is watched "
                        + "now; the agent stays loaded, idle (an agent cannot be unloaded)");
                control.ok(status(reader) + "\nstopped: every watch is removed; the agent stays loaded and idle (an "
                        + "agent cannot be unloaded); attach again with path=DIR to watch again");
            } else if (control.command().equals("status")) {
                control.ok(status(reader));
            } else {
                control.failed("unknown command '" + control.command() + "'");
            }
        }
    }

    /** What the running agent watches and its counters, for the command line. */
    private static String status(InotifyReader reader) {
        InotifyReader.Counters c = reader.counters();
        List<String> roots = reader.roots();
        StringBuilder b = new StringBuilder("inotify-jfr " + version() + " in process " + ProcessHandle.current().pid()
                + ": " + (roots.isEmpty() ? "watching nothing" : "watching " + String.join(", ", roots))
                + " with " + c.watches + " watches (watch=" + runningConfiguration.watch + ", recursive="
                + runningOptions.recursive() + ", exclude="
                + String.join(":", runningOptions.excludes().globs()) + ", batch=" + runningOptions.batchMillis() + ")"
                + "\nevents read " + c.eventsRead + ", recorded " + runningRecorder.recorded() + ", overflows "
                + c.overflows);
        for (String failure : runningRecorder.standingFailures()) {
            b.append("\nnot watched: ").append(failure);
        }
        return b.toString();
    }

    private static void startWatching(AgentOptions options, AtomicLongArray premain, Control control) {
        PeriodicEvents.Configuration asConfigured = configuration(options);
        try {
            String failed = run(options, premain, control != null);
            if (control != null) {
                String outcome = status(running);
                if (failed.isEmpty()) {
                    control.ok(outcome);
                } else {
                    control.failed(outcome + "\n" + failed);
                }
            }
        } catch (UnsupportedOperationException e) {
            off(asConfigured, "UNSUPPORTED", e.getMessage(), control);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
            if (String.valueOf(e.getMessage()).startsWith("jdk/jfr/")) {
                off(asConfigured, "NO_JFR", "this Java runtime has no JDK Flight Recorder (module jdk.jfr is missing: "
                        + e.getMessage() + ")", control);
                return;
            }
            if (causedBy(e, IllegalCallerException.class)) {
                off(asConfigured, "NATIVE_ACCESS", "JNA may not load its native library: this JVM denies native access "
                        + "to code outside named modules (--illegal-native-access=deny, or a JDK where that is the "
                        + "default); add --enable-native-access=ALL-UNNAMED to the java command line", control);
                return;
            }
            off(asConfigured, "JNA", "cannot load JNA's native library (" + describe(e) + "); JNA unpacks it to "
                    + JnaUnpackDirectory.describe() + ", which must be on a file system that allows executing "
                    + "files (not mounted noexec): start the JVM with -Djna.tmpdir=DIR naming such a directory", control);
        } catch (NativeFailure | RuntimeException | Error e) {
            off(asConfigured, "START", "could not start: " + describe(e), control);
        }
    }

    /** The agent stays off: one log line, and in every recording a Configuration and a WatchFailure that say why. */
    private static void off(PeriodicEvents.Configuration configuration, String cause, String message, Control control) {
        LOG.log(System.Logger.Level.ERROR, "inotify-jfr: " + message + "." + OFF);
        if (control != null) {
            control.failed(message + "." + OFF);
        }
        sayOffInRecordings(configuration, cause, message);
    }

    private static void sayOffInRecordings(PeriodicEvents.Configuration configuration, String cause, String message) {
        try {
            if (!FlightRecorder.isAvailable()) {
                return;
            }
            configuration.agentVersion = version();
            configuration.offReason = message + "." + OFF;
            synchronized (Agent.class) {
                if (running == null) { // else a later load started the agent meanwhile
                    offHooks.add(PeriodicEvents.registerOff(configuration, cause));
                }
            }
        } catch (RuntimeException | Error e) {
            // no JFR to say it in: the log has it
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** The failure and what caused it, for a message: an initializer's error has no message of its own. */
    private static String describe(Throwable e) {
        StringBuilder b = new StringBuilder(e.toString());
        for (Throwable t = e.getCause(); t != null && b.length() < 1000; t = t.getCause()) {
            b.append(", caused by ").append(t);
        }
        return b.toString();
    }

    /** {@code premain}: System.nanoTime() when premain (or agentmain) was called and when it returned. */
    /** Starts watching, or changes what a running agent watches; the failures to watch, one a line. */
    private static String run(AgentOptions options, AtomicLongArray premain, boolean fromCommandLine) throws NativeFailure {
        String os = System.getProperty("os.name", "");
        if (!os.equals("Linux")) {
            throw new UnsupportedOperationException("inotify exists on Linux only, and this is " + os);
        }
        if (!FlightRecorder.isAvailable()) {
            throw new UnsupportedOperationException("JDK Flight Recorder is not available in this JVM");
        }
        synchronized (Agent.class) {
            if (running == null) {
                return startFirst(options, premain);
            }
            if (fromCommandLine) {
                return reconfigure(options);
            }
            joinRunning(options);
            return "";
        }
    }

    private static String startFirst(AgentOptions options, AtomicLongArray premain) throws NativeFailure {
        for (AutoCloseable hooks : offHooks) {
            try {
                hooks.close(); // an earlier load failed; this one starts the agent
            } catch (Exception e) {
                // JFR keeps a hook it cannot remove: the next Configuration says the agent is on
            }
        }
        offHooks.clear();
        JfrRecorder recorder = new JfrRecorder();
        runningRecorder = recorder;
        InotifyReader reader = InotifyReader.open(options.readBufferSize(), options.batchMillis(), options.recursive(), options.excludes(),
                recorder);
        if (options.watchOnlyWhileRecorded()) {
            reader.watchOnlyWhileRecorded();
        }
        running = reader;
        runningOptions = options;
        runningConfiguration = configuration(options);
        PeriodicEvents.Configuration shown = runningConfiguration;
        recorder.walked = ms -> shown.treesWalkedIn = ms;
        String processes = options.fanotify() ? fanotifyBeside(reader, recorder) : "no process attribution (fanotify=false)";
        // what will be in force once the advice is in (a second after the trees are watched): said
        // again only if that fails, so that recordings keep one Configuration a chunk
        shown.attribution = (!options.attribute() ? "no Java operations (attribute=false)"
                : instrumentation == null ? "no Java operations (the agent was loaded without Instrumentation)"
                : "Java operations (Byte Buddy advice)") + "; " + processes;
        PeriodicEvents.register(reader, recorder, runningConfiguration);
        reader.start();
        int watched = 0;
        StringBuilder failed = new StringBuilder();
        for (String path : options.paths()) {
            long before = reader.counters().watches;
            if (reader.watch(path)) {
                watched++;
                warnIfPseudo(path, reader.counters().watches - before);
            } else {
                failed.append(failed.length() == 0 ? "" : "\n").append("not watched: ").append(path);
            }
        }
        published(reader);
        String javaOps = "no Java operations (attribute=false)";
        if (options.attribute() && instrumentation == null) {
            javaOps = "no Java operations (the agent was loaded without Instrumentation)";
        } else if (options.attribute()) {
            JavaOperations operations = JavaOperations.install(instrumentation, reader.roots());
            if (operations != null) {
                recorder.rootsFollower = operations::roots;
                recorder.attributeTo(operations.recent());
                javaOps = "Java operations (Byte Buddy advice)";
            } else {
                javaOps = "no Java operations (the advice could not be installed: see the log)";
            }
        }
        if (!shown.attribution.equals(javaOps + "; " + processes)) {
            shown.attribution = javaOps + "; " + processes;
            PeriodicEvents.changed(shown); // recordings running now hear it at once, not at their next chunk
        }
        long ready = System.nanoTime();
        long entered = premain.get(0);
        long returned = premain.get(1);
        long first = reader.firstWatchNanos();
        LOG.log(System.Logger.Level.INFO, "inotify-jfr " + version() + ": watching " + watched + " of "
                + options.paths().size() + " paths with " + reader.counters().watches + " watches (premain took "
                + (returned == 0 ? "?" : String.format(java.util.Locale.ROOT, "%.2f", (returned - entered) / 1e6)) + " ms; first watch live "
                + (first == 0 ? "never" : "after " + (first - entered) / 1_000_000 + " ms") + "; ready in "
                + (ready - entered) / 1_000_000 + " ms)");
        return failed.toString();
    }

    /**
     * A fanotify group beside the inotify instance, marking the same directories, that tells which
     * process caused each change; what it can tell, or why there is none.
     */
    private static String fanotifyBeside(InotifyReader reader, JfrRecorder recorder) {
        boolean everyPid = Capabilities.effective(Capabilities.CAP_SYS_ADMIN);
        FanotifyInstance fanotify;
        try {
            fanotify = FanotifyInstance.open(everyPid);
        } catch (NativeFailure e) {
            String why = "no process attribution: " + e.getMessage() + " (unprivileged fanotify needs Linux 5.13 or "
                    + "later; with CAP_SYS_ADMIN any recent kernel will do), so a change no Java operation explains "
                    + "has origin unknown";
            LOG.log(System.Logger.Level.INFO, "inotify-jfr: " + why);
            return why;
        }
        ProcessOrigins origins = new ProcessOrigins(fanotify);
        reader.instance().markAlso(fanotify);
        reader.reportCausesFrom(origins);
        recorder.originsFrom(origins);
        return everyPid
                ? "fanotify: which process caused each change, with its pid and command (CAP_SYS_ADMIN)"
                : "fanotify: this JVM or another process (without CAP_SYS_ADMIN the kernel gives no other pid)";
    }

    /** Says what the agent watches where {@code java -jar ... list} reads it. */
    private static void published(InotifyReader reader) {
        List<String> roots = reader.roots();
        String watch = runningOptions.watchOnlyWhileRecorded() ? "recording" : "always";
        JavaOperations.asTheAgent(() -> StatusFile.publish(roots, watch));
    }

    /**
     * The command line attached again with other options: the running agent watches exactly the
     * paths they name now (trees dropped and added, the rest kept as they are). Its other options
     * cannot change in a running agent; asking for that is a failure that says so.
     */
    private static String reconfigure(AgentOptions options) {
        InotifyReader reader = running;
        List<String> before = reader.roots();
        List<String> dropped = new ArrayList<>();
        for (String path : before) {
            if (!options.paths().contains(path)) {
                reader.unwatch(path);
                dropped.add(path);
            }
        }
        StringBuilder failed = new StringBuilder();
        List<String> added = new ArrayList<>();
        for (String path : options.paths()) {
            if (!before.contains(path)) {
                added.add(path);
                if (!reader.watch(path)) {
                    failed.append(failed.length() == 0 ? "" : "\n").append("not watched: ").append(path);
                }
            }
        }
        runningConfiguration.paths = String.join("\n", reader.roots());
        PeriodicEvents.changed(runningConfiguration);
        published(reader);
        List<String> ignored = ignoredOptions(options);
        if (!ignored.isEmpty()) {
            failed.append(failed.length() == 0 ? "" : "\n").append("not applied: ").append(String.join(", ", ignored))
                    .append(", since they cannot change in a running agent; restart the JVM to change them");
        }
        LOG.log(System.Logger.Level.INFO, "inotify-jfr: reconfigured from the command line: now watching "
                + (reader.roots().isEmpty() ? "nothing" : String.join(", ", reader.roots()))
                + (added.isEmpty() ? "" : "; added " + String.join(", ", added))
                + (dropped.isEmpty() ? "" : "; dropped " + String.join(", ", dropped)));
        return failed.toString();
    }

    /** The options of {@code options} that differ from the running agent's, which cannot change. */
    private static List<String> ignoredOptions(AgentOptions options) {
        List<String> ignored = new ArrayList<>();
        if (options.recursive() != runningOptions.recursive()) {
            ignored.add("recursive=" + options.recursive());
        }
        if (!options.excludes().globs().equals(runningOptions.excludes().globs())) {
            ignored.add("exclude=" + String.join(":", options.excludes().globs()));
        }
        if (options.batchMillis() != runningOptions.batchMillis()) {
            ignored.add("batch=" + options.batchMillis());
        }
        if (options.watchOnlyWhileRecorded() != runningOptions.watchOnlyWhileRecorded()) {
            ignored.add("watch=" + (options.watchOnlyWhileRecorded() ? "recording" : "always"));
        }
        return ignored;
    }

    /**
     * A root on {@code /proc}'s file system: its files change without inotify events (the kernel
     * makes their content as they are read), so the watches placed there can never fire for what
     * they show. Said once, with the count; they are kept, since a write through /proc is reported.
     */
    private static void warnIfPseudo(String path, long watches) {
        String type;
        try {
            type = Files.getFileStore(Path.of(path)).type();
        } catch (IOException | RuntimeException e) {
            return;
        }
        if (type.equals("proc")) {
            LOG.log(System.Logger.Level.WARNING, "inotify-jfr: " + path + " is on the proc pseudo file system, "
                    + "which gives no inotify events for what the kernel changes there (only for writes made "
                    + "through it): its " + watches + " watches will not see processes come and go or values change; "
                    + "watch a directory on a real file system instead");
        }
    }

    /**
     * The agent was loaded again into a JVM that runs it (a second {@code -javaagent} of this jar,
     * or an attach): a JVM holds one agent, so that event types and events are not doubled. The
     * paths of this load join the running agent's; its other options cannot change a running
     * agent, and are said to be ignored where they differ.
     */
    private static void joinRunning(AgentOptions options) {
        InotifyReader reader = running;
        List<String> watchedBefore = reader.roots();
        List<String> added = new ArrayList<>();
        List<String> already = new ArrayList<>();
        for (String path : options.paths()) {
            if (watchedBefore.contains(path) || added.contains(path)) {
                already.add(path);
            } else {
                reader.watch(path);
                added.add(path);
            }
        }
        List<String> all = new ArrayList<>(watchedBefore);
        all.addAll(added);
        runningConfiguration.paths = String.join("\n", all);
        PeriodicEvents.changed(runningConfiguration);
        published(reader);
        List<String> ignored = ignoredOptions(options);
        LOG.log(System.Logger.Level.WARNING, "inotify-jfr: the agent was loaded again into this JVM (a second "
                + "-javaagent of inotify-jfr, or an attach); one agent runs per JVM, so this load started none. "
                + (added.isEmpty() ? "Its paths were all watched already" : "The running agent now also watches "
                        + String.join(", ", added) + (already.isEmpty() ? "" : "; already watched: " + String.join(", ", already)))
                + (ignored.isEmpty() ? "." : ". Ignored, because they cannot change a running agent: "
                        + String.join(", ", ignored) + " (it keeps recursive=" + runningOptions.recursive() + ", exclude="
                        + String.join(":", runningOptions.excludes().globs()) + ", batch=" + runningOptions.batchMillis()
                        + "); to change them, restart the JVM with one -javaagent."));
    }

    private static PeriodicEvents.Configuration configuration(AgentOptions options) {
        PeriodicEvents.Configuration c = new PeriodicEvents.Configuration();
        c.agentVersion = version();
        c.paths = String.join("\n", options.paths());
        c.recursive = options.recursive();
        c.excludes = String.join("\n", options.excludes().globs());
        c.readBufferSize = options.readBufferSize();
        c.readBatchMillis = options.batchMillis();
        c.watch = options.watchOnlyWhileRecorded() ? "recording" : "always";
        return c;
    }

    public static String version() {
        try (InputStream in = Agent.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
