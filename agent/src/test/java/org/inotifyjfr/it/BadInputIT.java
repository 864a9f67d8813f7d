package org.inotifyjfr.it;

import static org.inotifyjfr.events.EventNames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import org.inotifyjfr.testing.Recorded;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad options and paths: a message that says what and how to fix it, and an application that runs on. */
class BadInputIT {
    private static final String OFF = " inotify-jfr is off; the application runs without it.";

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void unknownOptionIsNamedWithTheValidOnesAndTheApplicationRuns(Jdk jdk) throws Exception {
        Path work = Files.createTempDirectory("inotify-jfr-bad-option");
        ChildJvm.Result result = new ChildJvm(jdk).agent("path=" + work + ",colour=red")
                .run(work, FileScript.class, work.toString(), "write:f:x").assertExitedNormally();
        assertTrue(result.stdout.contains("application finished normally"), result::toString);
        assertTrue(result.stderr.contains("SEVERE: inotify-jfr: unknown option 'colour' in the agent arguments 'path="
                + work + ",colour=red'; valid options: path, recursive, exclude, batch, config, watch, attribute, fanotify." + OFF), result::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void badRecursiveValueIsNamedWithTheValidChoices(Jdk jdk) throws Exception {
        Path work = Files.createTempDirectory("inotify-jfr-bad-value");
        ChildJvm.Result result = new ChildJvm(jdk).agent("path=" + work + ",recursive=yes")
                .run(work, FileScript.class, work.toString()).assertExitedNormally();
        assertTrue(result.stderr.contains("inotify-jfr: option recursive=yes in the agent arguments is not valid; "
                + "use recursive=true or recursive=false." + OFF), result::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void unreadableConfigFileIsNamedAndTheApplicationRuns(Jdk jdk) throws Exception {
        Path work = Files.createTempDirectory("inotify-jfr-bad-config");
        Path config = work.resolve("missing.properties");
        ChildJvm.Result result = new ChildJvm(jdk).agent("config=" + config)
                .run(work, FileScript.class, work.toString(), "write:f:x").assertExitedNormally();
        assertTrue(result.stdout.contains("application finished normally"), result::toString);
        assertTrue(result.stderr.contains("inotify-jfr: cannot read config file " + config
                + " (NoSuchFileException); name a readable properties file with config=FILE." + OFF), result::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void anAgentABadOptionTurnedOffSaysSoInEveryRecordingAlsoOneStartedLater(Jdk jdk) throws Exception {
        Path work = Files.createTempDirectory("inotify-jfr-off");
        String args = "path=" + work + ",colour=red";
        ChildJvm.Result result = new ChildJvm(jdk).agent(args).run(work, AgentOffChild.class, work.toString())
                .assertExitedNormally();
        assertTrue(result.stdout.contains("application finished normally"), result::toString);
        String reason = "unknown option 'colour' in the agent arguments '" + args + "'; valid options: path, "
                + "recursive, exclude, batch, config, watch, attribute, fanotify." + OFF;
        for (String name : new String[] {"first.jfr", "later.jfr"}) {
            assertAgentOff(Recorded.read(work.resolve(name)), args, "OPTIONS", reason);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void aJvmThatDeniesNativeAccessSaysWhatToAdd(Jdk jdk) throws Exception {
        assumeTrue(jdk.feature >= 24, "--illegal-native-access exists from JDK 24 on");
        Path work = Files.createTempDirectory("inotify-jfr-deny");
        ChildJvm.Result result = new ChildJvm(jdk).withoutNativeAccess().option("--illegal-native-access=deny")
                .agent("path=" + work).run(work, AgentOffChild.class, work.toString()).assertExitedNormally();
        String reason = "JNA may not load its native library: this JVM denies native access to code outside named "
                + "modules (--illegal-native-access=deny, or a JDK where that is the default); add "
                + "--enable-native-access=ALL-UNNAMED to the java command line." + OFF;
        assertTrue(result.stderr.contains("SEVERE: inotify-jfr: " + reason), result::toString);
        assertAgentOff(Recorded.read(work.resolve("later.jfr")), work.toString(), "NATIVE_ACCESS", reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void jnasUnpackDirectoryOnANoexecMountIsNamedWithTheRemedy(Jdk jdk) throws Exception {
        Path work = Files.createTempDirectory("inotify-jfr-noexec");
        Path home = Files.createDirectories(work.resolve("home"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=4m,noexec", "tmpfs", home.toString())
                .redirectErrorStream(true).start();
        String output = new String(mount.getInputStream().readAllBytes());
        assumeTrue(mount.waitFor() == 0, "mounting a noexec tmpfs needs root (CI runs as root): " + output);
        try {
            ChildJvm.Result result = new ChildJvm(jdk).option("-Duser.home=" + home).agent("path=" + work)
                    .run(work, AgentOffChild.class, work.toString()).assertExitedNormally();
            String unpacked = home.resolve(".cache/JNA/temp") + " (user.home=" + home + ")";
            assertTrue(result.stderr.contains("JNA unpacks it to " + unpacked + ", which must be on a file system "
                    + "that allows executing files (not mounted noexec): start the JVM with -Djna.tmpdir=DIR naming "
                    + "such a directory." + OFF), result::toString);
            RecordedEvent failure = Recorded.read(work.resolve("later.jfr")).failure(work);
            assertEquals("JNA", failure.getString("errno"));
        } finally {
            new ProcessBuilder("umount", home.toString()).inheritIO().start().waitFor();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void aPathOnProcIsSaidToGiveNoEventsForWhatItShows(Jdk jdk) throws Exception {
        Path work = Files.createTempDirectory("inotify-jfr-proc");
        ChildJvm.Result result = new ChildJvm(jdk).agent("path=/proc/sys/kernel,path=" + work)
                .run(work, FileScript.class, work.toString(), "started").assertExitedNormally();
        assertTrue(result.stderr.contains("WARNING: inotify-jfr: /proc/sys/kernel is on the proc pseudo file system, "
                + "which gives no inotify events for what the kernel changes there (only for writes made through it): "
                + "its "), result::toString);
        assertTrue(result.stderr.contains(" watches will not see processes come and go or values change; watch a "
                + "directory on a real file system instead"), result::toString);
        assertFalse(result.stderr.contains(work + " is on the proc"), result::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void anApplicationsOwnLogFormatIsKept(Jdk jdk) throws Exception {
        Path work = Files.createTempDirectory("inotify-jfr-log-format");
        ChildJvm.Result result = new ChildJvm(jdk).option("-Djava.util.logging.SimpleFormatter.format=APP %4$s %5$s%n")
                .agent("path=" + work.resolve("missing") + ",path=" + work)
                .run(work, FileScript.class, work.toString(), "started").assertExitedNormally();
        assertTrue(result.stderr.contains("APP WARNING inotify-jfr: inotify_add_watch(" + work.resolve("missing")),
                result::toString);
    }

    private static void assertAgentOff(Recorded r, String paths, String cause, String reason) {
        List<RecordedEvent> configurations = r.named(CONFIGURATION);
        assertFalse(configurations.isEmpty(), "a Configuration in the recording");
        for (RecordedEvent configuration : configurations) {
            assertEquals("off", configuration.getString("state"));
            assertEquals(reason, configuration.getString("offReason"));
        }
        RecordedEvent failure = r.failure(Path.of(paths));
        assertEquals(cause, failure.getString("errno"));
        assertEquals(reason, failure.getString("message"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void missingPathIsReportedWhileTheOtherPathIsWatched(Jdk jdk) throws Exception {
        Scenarios.Run run = Scenarios.once("missing-path", jdk, work -> {
            Path good = work.resolve("good");
            Files.createDirectories(good);
            Path missing = work.resolve("missing");
            Path jfr = work.resolve("recording.jfr");
            ChildJvm.Result result = new ChildJvm(jdk).agent("path=" + missing + ",path=" + good)
                    .recording(jfr, "default")
                    .run(work, FileScript.class, good.toString(), "started", "write:f.txt:x")
                    .assertExitedNormally();
            return new Scenarios.Run(work, jfr, result);
        });
        Path missing = run.base.resolve("missing");
        String message = "inotify_add_watch(" + missing + ") failed: ENOENT; no such file or directory; it is watched as soon as it appears";
        assertTrue(run.result.stderr.contains("WARNING: inotify-jfr: " + message), run.result::toString);
        assertTrue(run.result.stdout.contains("application finished normally"));
        for (String line : run.result.stderr.split("\n")) {
            assertTrue(line.isEmpty() || line.startsWith("WARNING: inotify-jfr") || line.startsWith("INFO: inotify-jfr")
                    || line.startsWith("[") /* JFR's own start-up lines */, () -> "one line each: " + line);
        }

        Recorded r = run.recorded();
        RecordedEvent failure = r.failure(missing);
        assertEquals("ENOENT", failure.getString("errno"));
        assertEquals(message, failure.getString("message"));
        r.one(FILE_CREATE, run.base.resolve("good/f.txt"));
    }
}
