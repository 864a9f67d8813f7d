package org.inotifyjfr.it;

import static org.inotifyjfr.events.EventNames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.inotifyjfr.testing.Recorded;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Under JFR's default settings the noisy kinds (open, access, close without write) are off and
 * nothing is recorded for them, while the other kinds are on; the every-kind run shows they can be
 * turned on.
 */
class DefaultSettingsIT {
    static Scenarios.Run defaults(Jdk jdk) {
        return Scenarios.once("defaults", jdk, work -> {
            Path base = work.resolve("watched");
            Files.createDirectories(base);
            Files.writeString(base.resolve("existing.txt"), "existing");
            Path jfr = work.resolve("recording.jfr");
            ChildJvm.Result result = new ChildJvm(jdk).agent("path=" + base).recording(jfr, "default")
                    .run(work, FileScript.class, base.toString(), "started", "read:existing.txt",
                            "write:new.txt:hello", "read:new.txt", "chmod:new.txt:rw-------")
                    .assertExitedNormally();
            return new Scenarios.Run(base, jfr, result);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void recordsNoOpenAccessOrCloseNoWriteByDefault(Jdk jdk) {
        Recorded r = defaults(jdk).recorded();
        assertEquals(0, r.named(FILE_OPEN).size(), r::inotifyEvents);
        assertEquals(0, r.named(FILE_ACCESS).size(), r::inotifyEvents);
        assertEquals(0, r.named(FILE_CLOSE_NO_WRITE).size(), r::inotifyEvents);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void recordsTheDefaultOnKindsByDefault(Jdk jdk) {
        Scenarios.Run run = defaults(jdk);
        Recorded r = run.recorded();
        Path file = run.base.resolve("new.txt");
        r.one(FILE_CREATE, file);
        r.one(FILE_MODIFY, file);
        r.one(FILE_CLOSE_WRITE, file);
        r.one(FILE_ATTRIB, file);
        assertFalse(r.named(STATISTICS).isEmpty());
        assertEquals(1, r.named(CONFIGURATION).size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void recordsOpenAccessAndCloseNoWriteWhenTheJfcEnablesThem(Jdk jdk) {
        Recorded r = AgentRecordsFileActivityIT.everyKind(jdk).recorded();
        assertFalse(r.named(FILE_OPEN).isEmpty());
        assertFalse(r.named(FILE_ACCESS).isEmpty());
        assertFalse(r.named(FILE_CLOSE_NO_WRITE).isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void withWatchRecordingTheTreesAreWatchedOnlyWhileARecordingWantsFileEvents(Jdk jdk) throws Exception {
        Path work = Files.createTempDirectory("inotify-jfr-watch-recording");
        Path base = Files.createDirectories(work.resolve("w/sub"));
        ChildJvm.Result result = new ChildJvm(jdk).agent("path=" + base.getParent() + ",watch=recording")
                .run(work, RecordingLife.class, base.getParent().toString(), "2").assertExitedNormally();
        assertTrue(result.stdout.contains("before=0\nduring=2\nafter=0\nagain=2\nend=0\n"), result::toString);
        assertTrue(result.stderr.contains("inotify-jfr: a recording enables file events: the trees are watched now with "
                + "2 watches, walked in "), result::toString);
        assertTrue(result.stderr.contains("inotify-jfr: no running recording enables a file event: every watch is "
                + "dropped until one does (watch=recording)"), result::toString);
        Recorded r = Recorded.read(work.resolve("life.jfr"));
        r.one(FILE_CREATE, base.getParent().resolve("f.txt"));
    }
}
