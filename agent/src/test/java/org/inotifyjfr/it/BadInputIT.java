package org.inotifyjfr.it;

import static org.inotifyjfr.events.EventNames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import jdk.jfr.consumer.RecordedEvent;
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
                + work + ",colour=red'; valid options: path, recursive, exclude, batch, config." + OFF), result::toString);
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

        Recorded r = run.recorded();
        RecordedEvent failure = r.failure(missing);
        assertEquals("ENOENT", failure.getString("errno"));
        assertEquals(message, failure.getString("message"));
        r.one(FILE_CREATE, run.base.resolve("good/f.txt"));
    }
}
