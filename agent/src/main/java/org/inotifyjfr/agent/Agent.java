package org.inotifyjfr.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLongArray;
import jdk.jfr.FlightRecorder;
import org.inotifyjfr.agent.linux.NativeFailure;
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

    private Agent() {
    }

    /**
     * Called by the boot class (premain or agentmain) on a short-lived thread the JVM waits for, so
     * that a bad option is reported even by an application that exits at once. The slow part
     * (JFR, JNA, walking the trees) then runs on a daemon thread.
     */
    public static void start(String args, Instrumentation instrumentation, AtomicLongArray premain) {
        AgentOptions options;
        try {
            options = AgentOptions.parse(args);
        } catch (OptionsException e) {
            LOG.log(System.Logger.Level.ERROR, "inotify-jfr: " + e.getMessage() + "." + OFF);
            return;
        }
        Thread thread = new Thread(() -> startWatching(options, premain), "inotify-jfr init");
        thread.setDaemon(true);
        thread.start();
    }

    private static void startWatching(AgentOptions options, AtomicLongArray premain) {
        try {
            run(options, premain);
        } catch (OptionsException e) {
            LOG.log(System.Logger.Level.ERROR, "inotify-jfr: " + e.getMessage() + "." + OFF);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            if (String.valueOf(e.getMessage()).startsWith("jdk/jfr/")) {
                LOG.log(System.Logger.Level.ERROR, "inotify-jfr: this Java runtime has no JDK Flight Recorder "
                        + "(module jdk.jfr is missing: " + e.getMessage() + ")." + OFF);
                return;
            }
            LOG.log(System.Logger.Level.ERROR, "inotify-jfr: cannot load JNA's native library (" + e.getMessage()
                    + "); JNA unpacks it to jna.tmpdir (default: java.io.tmpdir="
                    + System.getProperty("java.io.tmpdir") + "), which must allow executing files (not mounted "
                    + "noexec): start the JVM with -Djna.tmpdir=DIR naming such a directory." + OFF);
        } catch (NativeFailure | RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "inotify-jfr: could not start: " + e.getMessage() + "." + OFF);
        }
    }

    /** {@code premain}: System.nanoTime() when premain (or agentmain) was called and when it returned. */
    private static void run(AgentOptions options, AtomicLongArray premain) throws OptionsException, NativeFailure {
        String os = System.getProperty("os.name", "");
        if (!os.equals("Linux")) {
            throw new OptionsException("inotify exists on Linux only, and this is " + os);
        }
        if (!FlightRecorder.isAvailable()) {
            throw new OptionsException("JDK Flight Recorder is not available in this JVM");
        }
        if (running != null) {
            throw new OptionsException("the agent is already running in this JVM");
        }
        JfrRecorder recorder = new JfrRecorder();
        InotifyReader reader = InotifyReader.open(options.readBufferSize(), options.batchMillis(), options.recursive(), options.excludes(),
                recorder, fileNameCharset());
        running = reader;
        PeriodicEvents.register(reader, recorder, configuration(options));
        reader.start();
        int watched = 0;
        for (String path : options.paths()) {
            if (reader.watch(path)) {
                watched++;
            }
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
    }

    private static PeriodicEvents.Configuration configuration(AgentOptions options) {
        PeriodicEvents.Configuration c = new PeriodicEvents.Configuration();
        c.agentVersion = version();
        c.paths = String.join("\n", options.paths());
        c.recursive = options.recursive();
        c.excludes = String.join("\n", options.excludes().globs());
        c.readBufferSize = options.readBufferSize();
        c.readBatchMillis = options.batchMillis();
        return c;
    }

    /** Names in the kernel's records are bytes; the JDK decodes file names with sun.jnu.encoding. */
    private static Charset fileNameCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }

    static String version() {
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
