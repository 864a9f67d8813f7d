package org.inotifyjfr.agent.record;

import static org.inotifyjfr.events.EventNames.WATCH_FAILURE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.Recording;
import org.inotifyjfr.testing.CapturedLog;
import org.inotifyjfr.testing.Recorded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures to watch are said, but bounded: in the log, in what stands from chunk to chunk, in the heap. */
class FailureRecordsTest {
    @TempDir
    Path dir;

    @Test
    void thousandsOfFailuresOfGoneDirectoriesAreLoggedSparselyAndNoLongerStand() throws Exception {
        JfrRecorder recorder = new JfrRecorder();
        Path there = Files.createDirectories(dir.resolve("still-there"));
        List<String> logged;
        try (CapturedLog log = new CapturedLog()) {
            logged = log.lines();
            recorder.watchFailed(there.toString(), "EACCES", "cannot watch " + there + ": EACCES");
            for (int i = 0; i < 20_000; i++) {
                Path gone = dir.resolve("short-lived-" + i); // failed, then removed: never made here
                recorder.watchFailed(gone.toString(), "EACCES", "cannot watch " + gone + ": EACCES");
            }
        }
        assertTrue(logged.size() <= 16, () -> logged.size() + " lines: " + logged.subList(0, 20));
        assertTrue(logged.get(logged.size() - 1).contains("(failure 16384 with EACCES;"), logged::toString);
        Recorded r = standingFailures(recorder);
        assertEquals(1, r.named(WATCH_FAILURE).size(), r::inotifyEvents);
        r.one(WATCH_FAILURE, there);
    }

    @Test
    void aDirectoryWatchedAgainNoLongerStands() throws Exception {
        JfrRecorder recorder = new JfrRecorder();
        Path fixed = Files.createDirectories(dir.resolve("fixed"));
        Path still = Files.createDirectories(dir.resolve("still-locked"));
        try (CapturedLog log = new CapturedLog()) {
            recorder.watchFailed(fixed.toString(), "EACCES", "cannot watch " + fixed + ": EACCES");
            recorder.watchFailed(still.toString(), "EACCES", "cannot watch " + still + ": EACCES");
            recorder.watchedAgain(fixed.toString());
            Recorded r = standingFailures(recorder);
            assertEquals(1, r.named(WATCH_FAILURE).size(), r::inotifyEvents);
            r.one(WATCH_FAILURE, still);
            assertTrue(log.lines().stream().anyMatch(l -> l.contains(fixed + " is watched now")), log.lines()::toString);
        }
    }

    /** What a recording holds of the failures that stand: what a new chunk begins with. */
    private Recorded standingFailures(JfrRecorder recorder) throws Exception {
        try (Recording recording = new Recording()) {
            recording.enable(WATCH_FAILURE);
            recording.start();
            recorder.recommitStandingFailures();
            recording.stop();
            Path jfr = Files.createTempFile(dir, "failures", ".jfr");
            recording.dump(jfr);
            return Recorded.read(jfr);
        }
    }
}
