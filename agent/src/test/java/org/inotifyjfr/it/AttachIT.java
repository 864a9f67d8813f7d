package org.inotifyjfr.it;

import static org.inotifyjfr.events.EventNames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import org.inotifyjfr.testing.Recorded;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code java -jar inotify-jfr-agent.jar PID ...} on a JVM started without the agent: attach,
 * record with {@code jcmd JFR.start}, reconfigure, query, stop; and the attaches it refuses.
 */
class AttachIT {
    /** A child JVM that runs until its stop file appears; started with no agent. */
    private static final class Child implements AutoCloseable {
        final Process process;
        final Path stop;

        Child(Jdk jdk, Path work, String... options) throws IOException {
            this(jdk, work, List.of(options), AwaitFile.class);
        }

        /** A child running {@code main} with the stop file, then {@code args}. */
        Child(Jdk jdk, Path work, List<String> options, Class<?> main, String... args) throws IOException {
            stop = work.resolve("stop");
            List<String> command = new ArrayList<>(List.of(jdk.java().toString()));
            command.addAll(options);
            command.addAll(List.of("-cp", ChildJvm.TEST_CLASSES, main.getName(), stop.toString()));
            command.addAll(List.of(args));
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream()));
            String line = out.readLine(); // blocks until the child's main runs, or it died
            assertEquals("ready", line, "the child JVM did not start");
            Thread drain = new Thread(() -> {
                try {
                    out.transferTo(java.io.Writer.nullWriter());
                } catch (IOException e) {
                    // the child ended
                }
            });
            drain.setDaemon(true);
            drain.start();
        }

        long pid() {
            return process.pid();
        }

        @Override
        public void close() throws Exception {
            Files.writeString(stop, "");
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
        }
    }

    /** The command line's exit status and what it printed. */
    private static Cli cli(Jdk jdk, String... args) throws Exception {
        return Cli.run(jdk, args);
    }

    /**
     * Dumps recording {@code name} of {@code pid} to {@code jfr} until it holds a {@code kind} event
     * at {@code path}, polling (bounded) since the agent reads asynchronously; the last dump read.
     */
    private static Recorded dumpUntil(Jdk jdk, long pid, String name, Path jfr, String kind, Path path) throws Exception {
        Recorded r = null;
        for (int i = 0; i < 600 && (r == null || r.at(kind, path).isEmpty()); i++) {
            Thread.sleep(r == null ? 0 : 100);
            jcmd(jdk, pid, "JFR.dump", "name=" + name, "filename=" + jfr);
            r = Recorded.read(jfr);
        }
        return r;
    }

    private static String jcmd(Jdk jdk, long pid, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(jdk.home.resolve("bin/jcmd").toString(), Long.toString(pid)));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "jcmd hung");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void attachRecordReconfigureAndStopARunningJvm(Jdk jdk) throws Exception {
        Path work = Files.createTempDirectory("inotify-jfr-attach");
        Path a = Files.createDirectories(work.resolve("a/sub"));
        Path b = Files.createDirectories(work.resolve("b"));
        try (Child child = new Child(jdk, work)) {
            long pid = child.pid();
            assertEquals(0, InotifyWatches.in(pid));
            jcmd(jdk, pid, "JFR.start", "name=attach");
            Cli attached = cli(jdk, Long.toString(pid), "path=" + work.resolve("a"));
            assertEquals(0, attached.status, attached::toString);
            assertTrue(attached.out.startsWith("inotify-jfr 0.1.0-SNAPSHOT in process " + pid + ": watching "
                    + work.resolve("a") + " with 2 watches"), attached::toString);
            assertEquals(2, InotifyWatches.in(pid), "a and a/sub");

            Path written = a.resolve("attached.txt");
            Files.writeString(written, "x");
            Recorded r = dumpUntil(jdk, pid, "attach", work.resolve("attach.jfr"), FILE_CLOSE_WRITE, written);
            r.one(FILE_CLOSE_WRITE, written);
            r.one(FILE_CREATE, written);

            Cli reconfigured = cli(jdk, Long.toString(pid), "path=" + b);
            assertEquals(0, reconfigured.status, reconfigured::toString);
            assertEquals(1, InotifyWatches.in(pid), "b only: a's tree is dropped");
            Cli status = cli(jdk, Long.toString(pid), "status");
            assertEquals(0, status.status, status::toString);
            assertTrue(status.out.contains(": watching " + b + " with 1 watches"), status::toString);
            assertFalse(status.out.contains(work.resolve("a").toString()), status::toString);

            Cli stopped = cli(jdk, Long.toString(pid), "stop");
            assertEquals(0, stopped.status, stopped::toString);
            assertTrue(stopped.out.contains("stopped: every watch is removed; the agent stays loaded and idle"),
                    stopped::toString);
            assertEquals(0, InotifyWatches.in(pid));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void aFilterGivenToJfrStartKeepsOnlyTheMatchingPathsInTheAttachedJvm(Jdk jdk) throws Exception {
        Path work = Files.createTempDirectory("inotify-jfr-attach-filter");
        Path logs = Files.createDirectories(work.resolve("w/logs"));
        Path data = Files.createDirectories(work.resolve("w/data"));
        try (Child child = new Child(jdk, work)) {
            long pid = child.pid();
            assertEquals(0, cli(jdk, Long.toString(pid), "path=" + work.resolve("w")).status);
            jcmd(jdk, pid, "JFR.start", "name=logs", "+inotify.FileCreate#filter=" + logs + "/**");
            Files.writeString(logs.resolve("kept.log"), "x");
            Files.writeString(data.resolve("dropped.dat"), "x");
            Path last = logs.resolve("last.log"); // after dropped.dat: once it is recorded, dropped.dat was seen
            Files.writeString(last, "x");
            Recorded r = dumpUntil(jdk, pid, "logs", work.resolve("logs.jfr"), FILE_CREATE, last);
            r.one(FILE_CREATE, logs.resolve("kept.log"));
            r.one(FILE_CREATE, last);
            assertTrue(r.at(FILE_CREATE, data.resolve("dropped.dat")).isEmpty(), r::inotifyEvents);
            assertFalse(r.at(FILE_CLOSE_WRITE, data.resolve("dropped.dat")).isEmpty(), "other kinds keep every path");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void javaOperationsAfterAnAttachAreAttributedToTheirThreadAndStack(Jdk jdk) throws Exception {
        Path work = Files.createTempDirectory("inotify-jfr-attach-attribution");
        Path dir = Files.createDirectories(work.resolve("w"));
        Path go = work.resolve("go");
        Path done = work.resolve("done");
        try (Child child = new Child(jdk, work, jdk.nativeAccess(), WriteOnSignal.class, dir.toString(), go.toString(),
                done.toString())) {
            long pid = child.pid();
            jcmd(jdk, pid, "JFR.start", "name=who");
            Cli attached = cli(jdk, Long.toString(pid), "path=" + dir);
            assertEquals(0, attached.status, attached::toString);
            Files.writeString(go, "");
            for (int i = 0; i < 6000 && !Files.exists(done); i++) {
                Thread.sleep(10); // bounded: the child writes, then says so
            }
            Path written = dir.resolve("by-java.txt");
            Recorded r = dumpUntil(jdk, pid, "who", work.resolve("who.jfr"), FILE_CLOSE_WRITE, written);
            RecordedEvent op = r.named(JAVA_FILE_OPERATION).stream()
                    .filter(e -> written.toString().equals(e.getString("path"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no JavaFileOperation at " + written + "\n" + r.inotifyEvents()));
            assertEquals("after-attach", op.getThread().getJavaName());
            assertTrue(op.getStackTrace().getFrames().stream().anyMatch(f -> f.getMethod().getName().equals("writeIt")),
                    "writeIt is in the stack");
            RecordedEvent close = r.one(FILE_CLOSE_WRITE, written);
            assertEquals("java", close.getString("origin"), r::inotifyEvents);
            assertEquals(op.getLong("operationId"), close.getLong("operationId"));
            assertEquals("after-attach", close.getThread("javaThread").getJavaName());
            // this test's JVM is another process
            Path byTest = dir.resolve("by-test.txt");
            Files.writeString(byTest, "x");
            Recorded later = dumpUntil(jdk, pid, "who", work.resolve("who-2.jfr"), FILE_CLOSE_WRITE, byTest);
            RecordedEvent other = later.one(FILE_CLOSE_WRITE, byTest);
            Attribution machine = Attribution.ofThisMachine();
            assertEquals(machine.fanotify ? "other" : "unknown", other.getString("origin"), other::toString);
            assertEquals(null, other.getThread("javaThread"));
            assertEquals(machine.everyPid ? ProcessHandle.current().pid() : 0, other.getInt("pid"), other::toString);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void theTargetsOwnErrorsArePrintedAndTheExitStatusSaysSo(Jdk jdk) throws Exception {
        Path work = Files.createTempDirectory("inotify-jfr-attach-errors");
        try (Child child = new Child(jdk, work)) {
            String pid = Long.toString(child.pid());
            Cli bad = cli(jdk, pid, "path=" + work + ",colour=red");
            assertEquals(1, bad.status, bad::toString);
            assertTrue(bad.out.contains("inotify-jfr: unknown option 'colour' in the agent arguments"), bad::toString);
            Path missing = work.resolve("missing");
            Cli absent = cli(jdk, pid, "path=" + missing);
            assertEquals(1, absent.status, absent::toString);
            assertTrue(absent.out.contains("not watched: inotify_add_watch(" + missing + ") failed: ENOENT"),
                    absent::toString);
            // the first attach left the agent off and said so in recordings; the second started it
            jcmd(jdk, child.pid(), "JFR.start", "name=later");
            Path jfr = work.resolve("later.jfr");
            jcmd(jdk, child.pid(), "JFR.dump", "name=later", "filename=" + jfr);
            List<String> states = new ArrayList<>();
            Recorded.read(jfr).named(CONFIGURATION).forEach(e -> states.add(e.getString("state")));
            assertFalse(states.isEmpty(), "a Configuration in the recording");
            assertTrue(states.stream().allMatch("on"::equals), states::toString);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void attachesThatCannotWorkAreRefusedWithTheReason(Jdk jdk) throws Exception {
        Cli none = cli(jdk, "999999999", "status");
        assertEquals(1, none.status, none::toString);
        assertEquals("inotify-jfr: no process 999999999 runs\n", none.out);

        Process sleep = new ProcessBuilder("sleep", "300").start();
        try {
            Cli notJvm = cli(jdk, Long.toString(sleep.pid()), "status");
            assertEquals(1, notJvm.status, notJvm::toString);
            assertEquals("inotify-jfr: process " + sleep.pid() + " (sleep 300) is not a Java virtual machine\n",
                    notJvm.out);
        } finally {
            sleep.destroy();
        }

        Path work = Files.createTempDirectory("inotify-jfr-attach-disabled");
        try (Child child = new Child(jdk, work, "-XX:+DisableAttachMechanism")) {
            Cli disabled = cli(jdk, Long.toString(child.pid()), "path=" + work);
            assertEquals(1, disabled.status, disabled::toString);
            assertTrue(disabled.out.startsWith("inotify-jfr: the JVM " + child.pid() + " was started with "
                    + "-XX:+DisableAttachMechanism, so it accepts no attach"), disabled::toString);
            assertEquals(0, InotifyWatches.in(child.pid()));
        }
        Path other = Files.createTempDirectory("inotify-jfr-attach-no-dynamic");
        try (Child child = new Child(jdk, other, "-XX:-EnableDynamicAgentLoading")) {
            Cli refused = cli(jdk, Long.toString(child.pid()), "path=" + work);
            assertEquals(1, refused.status, refused::toString);
            assertTrue(refused.out.contains("-XX:-EnableDynamicAgentLoading, so it loads no agent while it runs"),
                    refused::toString);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void listShowsTheJvmsWhetherTheAgentIsLoadedAndWhatItWatchesNow(Jdk jdk) throws Exception {
        Path work = Files.createTempDirectory("inotify-jfr-list");
        try (Child child = new Child(jdk, work)) {
            Cli before = cli(jdk, "list");
            assertEquals(0, before.status, before::toString);
            assertTrue(before.out.contains("\n" + child.pid() + " " + AwaitFile.class.getName() + " not loaded\n"),
                    before::toString);
            assertEquals(0, cli(jdk, Long.toString(child.pid()), "path=" + work).status);
            Cli after = cli(jdk, "list");
            assertTrue(after.out.contains("\n" + child.pid() + " " + AwaitFile.class.getName()
                    + " loaded by an attach: watch=always, watching " + work + "\n"), after::toString);
            Path second = Files.createDirectories(work.resolve("second"));
            assertEquals(0, cli(jdk, Long.toString(child.pid()), "path=" + second).status);
            Cli reconfigured = cli(jdk, "list");
            assertTrue(reconfigured.out.contains("\n" + child.pid() + " " + AwaitFile.class.getName()
                    + " loaded by an attach: watch=always, watching " + second + "\n"), reconfigured::toString);
            assertEquals(0, cli(jdk, Long.toString(child.pid()), "stop").status);
            Cli stopped = cli(jdk, "list");
            assertTrue(stopped.out.contains("\n" + child.pid() + " " + AwaitFile.class.getName()
                    + " loaded by an attach: watch=always, watching nothing\n"), stopped::toString);
        }
    }
}
