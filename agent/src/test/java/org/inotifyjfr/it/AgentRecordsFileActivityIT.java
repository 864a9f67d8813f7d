package org.inotifyjfr.it;

import static org.inotifyjfr.events.EventNames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import org.inotifyjfr.testing.Recorded;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent jar as {@code -javaagent} in a child JVM whose recording enables every inotify event:
 * one script touches every kind, and each test pins the fields of some of what was recorded.
 */
class AgentRecordsFileActivityIT {
    /** Watched at start: the base and old, old/deep, old/deep/er below it. */
    private static final int WATCHES_AT_START = 4;

    static Scenarios.Run everyKind(Jdk jdk) {
        return Scenarios.once("every-kind", jdk, work -> {
            Path base = work.resolve("watched");
            Files.createDirectories(base.resolve("old/deep/er"));
            Files.writeString(base.resolve("old/deep/er/existing.txt"), "existing");
            Path jfr = work.resolve("recording.jfr");
            ChildJvm.Result result = new ChildJvm(jdk).agent("path=" + base)
                    .recording(jfr, Scenarios.everyInotifyEvent(work).toString())
                    .run(work, FileScript.class, base.toString(),
                            "started",
                            "write:old/deep/er/new.txt:hello",
                            "read:old/deep/er/existing.txt",
                            "chmod:old/deep/er/new.txt:rw-------",
                            "mv:old/deep/er/new.txt:moved.txt",
                            "mkdir:m1/m2/m3",
                            "write:m1/m2/m3/f:x",
                            // m1, m2, m3 watched: rmtree:m1 must not race the agent's first look at m1
                            "await:" + (WATCHES_AT_START + 3),
                            "mkdir:d",
                            "mv:d:e",
                            "write:e/inside.txt:y",
                            "rm:moved.txt",
                            "rmtree:m1")
                    .assertExitedNormally();
            return new Scenarios.Run(base, jfr, result);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void recordsCreateModifyAndCloseWriteOfANewFile(Jdk jdk) {
        Scenarios.Run run = everyKind(jdk);
        Recorded r = run.recorded();
        Path file = run.base.resolve("old/deep/er/new.txt");
        RecordedEvent create = r.one(FILE_CREATE, file);
        assertFalse(create.getBoolean("directory"));
        assertFalse(create.getBoolean("scanned"), "the kernel reported it, no scan");
        assertNull(create.getStackTrace(), "file events carry no stack trace");
        String thread = create.getThread().getJavaName();
        assertTrue(thread.equals("inotify-jfr reader") || thread.equals("inotify-jfr recorder"),
                "committed by one of the agent's threads (a small read by the reader itself): " + thread);
        assertFalse(r.one(FILE_MODIFY, file).getBoolean("directory"));
        assertFalse(r.one(FILE_CLOSE_WRITE, file).getBoolean("directory"));
        assertFalse(r.one(FILE_OPEN, file).getBoolean("directory"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void recordsOpenAccessAndCloseNoWriteOfAFileRead(Jdk jdk) {
        Scenarios.Run run = everyKind(jdk);
        Recorded r = run.recorded();
        Path file = run.base.resolve("old/deep/er/existing.txt");
        assertFalse(r.one(FILE_OPEN, file).getBoolean("directory"));
        assertFalse(r.at(FILE_ACCESS, file).isEmpty(), () -> "FileAccess for the read; recorded:\n" + r.inotifyEvents());
        assertFalse(r.one(FILE_CLOSE_NO_WRITE, file).getBoolean("directory"));
        assertTrue(r.at(FILE_MODIFY, file).isEmpty(), "reading modifies nothing");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void recordsAttribWhenPermissionsChange(Jdk jdk) {
        Scenarios.Run run = everyKind(jdk);
        RecordedEvent attrib = run.recorded().one(FILE_ATTRIB, run.base.resolve("old/deep/er/new.txt"));
        assertFalse(attrib.getBoolean("directory"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void recordsARenameAcrossDirectoriesAsOneMoveWithBothPaths(Jdk jdk) {
        Scenarios.Run run = everyKind(jdk);
        Recorded r = run.recorded();
        RecordedEvent move = r.one(FILE_MOVE, run.base.resolve("moved.txt"));
        assertEquals(run.base.resolve("old/deep/er/new.txt").toString(), move.getString("oldPath"));
        assertFalse(move.getBoolean("directory"));
        assertNotEquals(0, move.getInt("cookie"), "a rename's halves share a non-zero cookie");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void recordsEveryLevelOfMkdirPAndTheFileWrittenAtOnce(Jdk jdk) {
        Scenarios.Run run = everyKind(jdk);
        Recorded r = run.recorded();
        for (String dir : List.of("m1", "m1/m2", "m1/m2/m3")) {
            assertTrue(r.one(FILE_CREATE, run.base.resolve(dir)).getBoolean("directory"), dir);
        }
        assertFalse(r.one(FILE_CREATE, run.base.resolve("m1/m2/m3/f")).getBoolean("directory"));
        assertFalse(r.one(FILE_CREATE, run.base.resolve("m1")).getBoolean("scanned"),
                "the top directory is reported by the kernel");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void recordsEventsBelowARenamedDirectoryUnderItsNewName(Jdk jdk) {
        Scenarios.Run run = everyKind(jdk);
        Recorded r = run.recorded();
        RecordedEvent move = r.one(FILE_MOVE, run.base.resolve("e"));
        assertEquals(run.base.resolve("d").toString(), move.getString("oldPath"));
        assertTrue(move.getBoolean("directory"));
        r.one(FILE_CREATE, run.base.resolve("e/inside.txt"));
        assertTrue(r.at(FILE_CREATE, run.base.resolve("d/inside.txt")).isEmpty(), "no event under the old name");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void recordsDeletesOfFilesAndOfEveryEntryOfARemovedTree(Jdk jdk) {
        Scenarios.Run run = everyKind(jdk);
        Recorded r = run.recorded();
        assertFalse(r.one(FILE_DELETE, run.base.resolve("moved.txt")).getBoolean("directory"));
        assertFalse(r.one(FILE_DELETE, run.base.resolve("m1/m2/m3/f")).getBoolean("directory"));
        for (String dir : List.of("m1", "m1/m2", "m1/m2/m3")) {
            assertTrue(r.one(FILE_DELETE, run.base.resolve(dir)).getBoolean("directory"), dir);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void recordsStatisticsWhoseWatchCountDropsWhenDirectoriesGo(Jdk jdk) {
        Scenarios.Run run = everyKind(jdk);
        List<RecordedEvent> statistics = run.recorded().named(STATISTICS);
        assertFalse(statistics.isEmpty(), "Statistics at the end of the chunk");
        RecordedEvent last = statistics.get(statistics.size() - 1);
        assertEquals(WATCHES_AT_START + 1, last.getLong("watches"), "the start's watches plus e; m1's three are gone");
        assertTrue(last.getLong("eventsRead") >= last.getLong("eventsRecorded"));
        assertTrue(last.getLong("eventsRecorded") >= 20, () -> "events recorded: " + last);
        assertTrue(last.getLong("reads") > 0 && last.getLong("bytesRead") > 0);
        long peak = last.getLong("backlogPeak");
        assertTrue(peak >= 0 && peak <= 16L << 20, () -> "backlog peak " + peak + " bytes: at most the backlog's "
                + "limit, 0 when every read was small enough for the reader to record at once");
        assertEquals(0, last.getLong("overflows"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void recordsConfigurationWithOptionsAndKernelLimits(Jdk jdk) throws Exception {
        Scenarios.Run run = everyKind(jdk);
        List<RecordedEvent> configurations = run.recorded().named(CONFIGURATION);
        assertEquals(1, configurations.size(), "once in the recording's only chunk");
        RecordedEvent c = configurations.get(0);
        assertEquals(run.base.toString(), c.getString("paths"));
        assertTrue(c.getBoolean("recursive"));
        assertEquals("", c.getString("excludes"));
        assertTrue(c.getString("agentVersion").matches("\\d+\\.\\d+\\.\\d+.*"), c.getString("agentVersion"));
        assertEquals(proc("max_user_watches"), c.getLong("maxUserWatches"));
        assertEquals(proc("max_user_instances"), c.getLong("maxUserInstances"));
        assertEquals(proc("max_queued_events"), c.getLong("maxQueuedEvents"));
        assertEquals(64 * 1024, c.getLong("readBufferSize"));
        assertEquals(java.time.Duration.ofMillis(1), c.getDuration("readBatch"));
        Attribution machine = Attribution.ofThisMachine();
        if (machine.summary != null) {
            assertEquals(machine.summary, c.getString("attribution"), "which attribution is in force, told in the chunk's only Configuration");
        } else {
            assertTrue(c.getString("attribution").startsWith(Attribution.NONE_PREFIX), c::toString);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void logsOneLineWhenReady(Jdk jdk) {
        String stderr = everyKind(jdk).result.stderr;
        assertTrue(stderr.matches("(?s).*INFO: inotify-jfr \\S+: watching 1 of 1 paths with \\d+ watches \\(premain took \\d+\\.\\d\\d ms; "
                + "first watch live after \\d+ ms; ready in \\d+ ms\\).*"),
                stderr);
        assertFalse(stderr.contains("WARNING"), stderr);
    }

    private static long proc(String limit) throws Exception {
        try (BufferedReader in = Files.newBufferedReader(Path.of("/proc/sys/fs/inotify", limit))) {
            return Long.parseLong(in.readLine().trim());
        }
    }
}
