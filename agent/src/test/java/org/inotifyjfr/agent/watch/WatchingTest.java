package org.inotifyjfr.agent.watch;

import static org.inotifyjfr.events.EventNames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import org.inotifyjfr.agent.record.PeriodicEvents;
import org.inotifyjfr.testing.Recorded;
import org.junit.jupiter.api.Test;

/** Watching trees: what gets a watch, what is reported, with which fields. */
class WatchingTest extends LiveReaderTest {
    @Test
    void watchesEveryDirectoryOfANestedExistingTree() throws Exception {
        Path root = Files.createDirectories(dir.resolve("w"));
        Files.createDirectories(root.resolve("a/b/c"));
        Files.createDirectories(root.resolve("x"));
        start(true, List.of(), root);
        assertEquals(5, reader.counters().watches, "w, a, a/b, a/b/c, x");
        Files.writeString(root.resolve("a/b/c/deep.txt"), "d");
        Recorded r = stop();
        r.one(FILE_CREATE, root.resolve("a/b/c/deep.txt"));
        r.one(FILE_CLOSE_WRITE, root.resolve("a/b/c/deep.txt"));
    }

    @Test
    void reportsEveryLevelOfShellMkdirPAndTheFileTouchedRightAfter() throws Exception {
        Path root = Files.createDirectories(dir.resolve("w"));
        start(true, List.of(), root);
        Process p = new ProcessBuilder("sh", "-c", "mkdir -p a/b/c && touch a/b/c/f").directory(root.toFile()).start();
        assertEquals(0, p.waitFor());
        Recorded r = stop();
        for (String d : List.of("a", "a/b", "a/b/c")) {
            assertTrue(r.one(FILE_CREATE, root.resolve(d)).getBoolean("directory"), d);
        }
        assertFalse(r.one(FILE_CREATE, root.resolve("a/b/c/f")).getBoolean("directory"));
        assertEquals(4, r.named(FILE_CREATE).size(), r::inotifyEvents);
        assertEquals(4, reader.counters().watches, "the new directories are watched");
    }

    @Test
    void reportsEntriesOfADirectoryCreatedWithContentAsScanned() throws Exception {
        Path root = Files.createDirectories(dir.resolve("w"));
        Path outside = Files.createDirectories(dir.resolve("staging/pkg/lib"));
        Files.writeString(outside.resolve("x.jar"), "x");
        start(true, List.of(), root);
        // cp -r creates the directory and fills it in one go: inotify only saw the top one.
        Process p = new ProcessBuilder("cp", "-r", dir.resolve("staging/pkg").toString(), root.toString()).start();
        assertEquals(0, p.waitFor());
        Recorded r = stop();
        assertFalse(r.one(FILE_CREATE, root.resolve("pkg")).getBoolean("scanned"));
        r.one(FILE_CREATE, root.resolve("pkg/lib"));
        r.one(FILE_CREATE, root.resolve("pkg/lib/x.jar"));
        assertEquals(3, r.named(FILE_CREATE).size(), r::inotifyEvents);
    }

    @Test
    void excludedDirectoriesGetNoWatchAndExcludedFilesNoEvents() throws Exception {
        Path root = Files.createDirectories(dir.resolve("w"));
        Files.createDirectories(root.resolve("node_modules/pkg"));
        Files.createDirectories(root.resolve("src"));
        start(true, List.of("node_modules", "*.tmp"), root);
        assertEquals(2, reader.counters().watches, "w and src only");
        Files.writeString(root.resolve("node_modules/pkg/index.js"), "x");
        Files.createDirectories(root.resolve("src/node_modules/other"));
        Files.writeString(root.resolve("src/node_modules/other/f"), "x");
        Files.writeString(root.resolve("src/scratch.tmp"), "x");
        Files.writeString(root.resolve("src/kept.txt"), "x");
        Recorded r = stop();
        assertEquals(1, r.named(FILE_CREATE).size(), r::inotifyEvents);
        r.one(FILE_CREATE, root.resolve("src/kept.txt"));
        assertTrue(r.inotifyEvents().lines().noneMatch(l -> l.contains("node_modules") || l.contains(".tmp")),
                r::inotifyEvents);
        assertEquals(2, reader.counters().watches, "the new node_modules got no watch");
    }

    @Test
    void recursiveFalseWatchesTheTopLevelOnly() throws Exception {
        Path root = Files.createDirectories(dir.resolve("w"));
        Files.createDirectories(root.resolve("sub"));
        start(false, List.of(), root);
        assertEquals(1, reader.counters().watches);
        Files.writeString(root.resolve("top.txt"), "x");
        Files.writeString(root.resolve("sub/below.txt"), "x");
        Files.createDirectories(root.resolve("new"));
        Files.writeString(root.resolve("new/below.txt"), "x");
        Recorded r = stop();
        r.one(FILE_CREATE, root.resolve("top.txt"));
        r.one(FILE_CREATE, root.resolve("new"));
        assertEquals(2, r.named(FILE_CREATE).size(), r::inotifyEvents);
        assertEquals(1, reader.counters().watches, "no watch for the new directory");
    }

    @Test
    void symbolicLinksToDirectoriesAreNotFollowed() throws Exception {
        Path root = Files.createDirectories(dir.resolve("w"));
        Path target = Files.createDirectories(dir.resolve("elsewhere"));
        Files.createSymbolicLink(root.resolve("link"), target);
        start(true, List.of(), root);
        assertEquals(1, reader.counters().watches);
        Files.writeString(target.resolve("f"), "x");
        Recorded r = stop();
        assertEquals(0, r.named(FILE_CREATE).size(), r::inotifyEvents);
    }

    @Test
    void aFileCanBeARoot() throws Exception {
        Path file = dir.resolve("app.log");
        Files.writeString(file, "first\n");
        start(true, List.of(), file);
        Files.writeString(file, "second\n", java.nio.file.StandardOpenOption.APPEND);
        Recorded r = stop();
        assertFalse(r.one(FILE_MODIFY, file).getBoolean("directory"));
        r.one(FILE_CLOSE_WRITE, file);
    }

    @Test
    void deletingAWatchedRootRecordsItsDeleteAndForgetsItsWatches() throws Exception {
        Path root = Files.createDirectories(dir.resolve("w"));
        Files.createDirectories(root.resolve("sub"));
        Path other = Files.createDirectories(dir.resolve("other"));
        start(true, List.of(), root, other);
        assertEquals(3, reader.counters().watches);
        Files.delete(root.resolve("sub"));
        Files.delete(root);
        Files.writeString(other.resolve("still.txt"), "x");
        reader.drain();
        assertEquals(2, reader.counters().watches, "other's watch, and the anchor that awaits w's return");
        Recorded r = stop();
        assertTrue(r.one(FILE_DELETE, root).getBoolean("directory"));
        assertTrue(r.one(FILE_DELETE, root.resolve("sub")).getBoolean("directory"));
        r.one(FILE_CREATE, other.resolve("still.txt"));
    }

    @Test
    void aDirectoryMovedOutOfTheTreeLosesItsWatches() throws Exception {
        Path root = Files.createDirectories(dir.resolve("w"));
        Files.createDirectories(root.resolve("d/inner"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        start(true, List.of(), root);
        assertEquals(3, reader.counters().watches);
        Files.move(root.resolve("d"), outside.resolve("d"));
        reader.drain();
        Files.writeString(outside.resolve("d/inner/later.txt"), "x");
        assertEquals(1, reader.counters().watches);
        Recorded r = stop();
        RecordedEvent move = r.named(FILE_MOVE).get(0);
        assertEquals(root.resolve("d").toString(), move.getString("oldPath"));
        assertEquals(null, move.getString("path"));
        assertEquals(1, r.named(FILE_MOVE).size(), r::inotifyEvents);
        assertEquals(0, r.named(FILE_CREATE).size(), r::inotifyEvents);
    }

    @Test
    void aDirectoryMovedInIsReportedByItsMoveAndWatchedFromThenOn() throws Exception {
        Path root = Files.createDirectories(dir.resolve("w"));
        Path outside = Files.createDirectories(dir.resolve("outside/d/inner"));
        start(true, List.of(), root);
        Files.move(outside.getParent(), root.resolve("d"));
        reader.drain();
        assertEquals(3, reader.counters().watches, "w, d, d/inner");
        Files.writeString(root.resolve("d/inner/later.txt"), "x");
        Recorded r = stop();
        RecordedEvent move = r.one(FILE_MOVE, root.resolve("d"));
        assertEquals(null, move.getString("oldPath"));
        assertTrue(move.getBoolean("directory"));
        assertEquals(1, r.named(FILE_CREATE).size(), "its contents are not reported as created: " + r.inotifyEvents());
        r.one(FILE_CREATE, root.resolve("d/inner/later.txt"));
    }

    @Test
    void queueOverflowIsRecordedAndDirectoriesCreatedMeanwhileAreWatched() throws Exception {
        Path root = Files.createDirectories(dir.resolve("w"));
        open(true, List.of()); // the reader thread is not started: nothing reads while the queue fills
        reader.watch(root.toString());
        long limit = org.inotifyjfr.agent.linux.KernelLimits.MAX_QUEUED_EVENTS.current();
        for (int i = 0; i < limit + 100; i++) {
            Files.createFile(root.resolve("f" + i)); // IN_CREATE alone fills the queue
        }
        Files.createDirectories(root.resolve("late/inner"));
        Files.writeString(root.resolve("late/inner/x"), "x");
        reader.drain();
        assertEquals(1, reader.counters().watches, "JFR's chunk hook does not rescan: that waits for the reader");
        reader.settle();
        assertEquals(3, reader.counters().watches, "the rescan watched late and late/inner");
        Recorded r = stop();
        RecordedEvent overflow = r.named(QUEUE_OVERFLOW).get(0);
        assertEquals(1, overflow.getLong("overflows"));
        assertEquals(limit, overflow.getLong("queueLimit"));
        assertTrue(overflow.getString("action").startsWith("rescanning the watched trees"), overflow.getString("action"));
        assertTrue(r.one(FILE_CREATE, root.resolve("late")).getBoolean("scanned"));
        assertTrue(r.one(FILE_CREATE, root.resolve("late/inner")).getBoolean("scanned"));
        assertTrue(r.one(FILE_CREATE, root.resolve("late/inner/x")).getBoolean("scanned"));
    }

    @Test
    void aDirectoryRenamedBeforeItsWatchWasPlacedHasItsContentReportedUnderTheNewName() throws Exception {
        Path root = Files.createDirectories(dir.resolve("w"));
        open(true, List.of()); // the reader thread is not started: the rename happens before any event is read
        reader.watch(root.toString());
        Files.createDirectories(root.resolve("d"));
        Files.move(root.resolve("d"), root.resolve("e"));
        Files.writeString(root.resolve("e/inside.txt"), "y");
        reader.drain();
        assertEquals(2, reader.counters().watches, "w and e");
        Files.writeString(root.resolve("e/later.txt"), "z");
        Recorded r = stop();
        r.one(FILE_CREATE, root.resolve("d"));
        assertEquals(root.resolve("d").toString(), r.one(FILE_MOVE, root.resolve("e")).getString("oldPath"));
        assertTrue(r.one(FILE_CREATE, root.resolve("e/inside.txt")).getBoolean("scanned"));
        assertFalse(r.one(FILE_CREATE, root.resolve("e/later.txt")).getBoolean("scanned"));
    }

    @Test
    void aChangeMadeJustBeforeTheRecordingStopsIsDrainedIntoIt() throws Exception {
        Path root = Files.createDirectories(dir.resolve("w"));
        open(true, List.of()); // no reader thread: only the chunk-end hook can read the queue
        recording.enable(STATISTICS);
        reader.watch(root.toString());
        try (AutoCloseable hooks = PeriodicEvents.register(reader, recorder, new PeriodicEvents.Configuration())) {
            Files.writeString(root.resolve("last-words.txt"), "bye");
            recording.stop();
        }
        Path jfr = dir.resolve("drained.jfr");
        recording.dump(jfr);
        Recorded r = Recorded.read(jfr);
        r.one(FILE_CREATE, root.resolve("last-words.txt"));
        RecordedEvent statistics = r.named(STATISTICS).get(0);
        assertEquals(1, statistics.getLong("watches"));
        assertEquals(3, statistics.getLong("eventsRecorded"), "create, modify, close-write");
    }

    @Test
    void eventsRecordedCountsOnlyWhatARecordingTook() throws Exception {
        Path root = Files.createDirectories(dir.resolve("w"));
        Path outside = Files.createDirectories(dir.resolve("staging/pkg/lib/deeper"));
        Files.writeString(outside.resolve("x.jar"), "x");
        disabled.add(FILE_CREATE); // the scanned creates below are reported to no recording
        open(true, List.of());
        recording.enable(STATISTICS);
        reader.watch(root.toString());
        try (AutoCloseable hooks = PeriodicEvents.register(reader, recorder, new PeriodicEvents.Configuration())) {
            Process p = new ProcessBuilder("cp", "-r", dir.resolve("staging/pkg").toString(), root.toString()).start();
            assertEquals(0, p.waitFor());
            Files.writeString(root.resolve("top.txt"), "y"); // root is watched: modify, close-write
            recording.stop();
        }
        Path jfr = dir.resolve("counted.jfr");
        recording.dump(jfr);
        Recorded r = Recorded.read(jfr);
        assertTrue(r.named(FILE_CREATE).isEmpty(), r::inotifyEvents);
        long fileEvents = 0;
        for (String name : List.of(FILE_DELETE, FILE_MODIFY, FILE_ATTRIB, FILE_CLOSE_WRITE, FILE_MOVE)) {
            fileEvents += r.named(name).size();
        }
        assertTrue(fileEvents >= 2, r::inotifyEvents); // the write's modify and close-write at least
        List<RecordedEvent> statistics = r.named(STATISTICS);
        assertEquals(fileEvents, statistics.get(statistics.size() - 1).getLong("eventsRecorded"), r::inotifyEvents);
    }

    @Test
    void directoriesThatVanishBeforeTheirWatchAreStillRecordedAsDirectories() throws Exception {
        Path root = Files.createDirectories(dir.resolve("w"));
        start(true, List.of(), root);
        for (int i = 0; i < 1500; i++) { // only directories, created and removed as fast as can be
            Path top = Files.createDirectories(root.resolve("x/y/z")).getParent().getParent();
            Files.delete(top.resolve("y/z"));
            Files.delete(top.resolve("y"));
            Files.delete(top);
        }
        Recorded r = stop();
        assertTrue(r.named(FILE_CREATE).size() >= 1500, r::inotifyEvents);
        for (String kind : List.of(FILE_CREATE, FILE_DELETE)) {
            for (RecordedEvent e : r.named(kind)) {
                assertTrue(e.getBoolean("directory"), () -> "no file was ever made: " + e);
            }
        }
    }

    @Test
    void aRootDeletedAndMadeAgainIsRecordedAsADirectory() throws Exception {
        Path root = dir.resolve("w");
        start(true, List.of(), root); // awaited
        for (int i = 0; i < 20; i++) {
            Files.createDirectories(root);
            reader.drain();
            Files.delete(root);
            reader.drain();
        }
        Recorded r = stop();
        assertEquals(20, r.at(FILE_CREATE, root).size(), r::inotifyEvents);
        for (RecordedEvent e : r.at(FILE_CREATE, root)) {
            assertTrue(e.getBoolean("directory"), e::toString);
        }
    }

    /** The masks of this reader's watches, as the kernel lists them in /proc/self/fdinfo. */
    private List<Integer> kernelMasks() throws Exception {
        try (java.io.BufferedReader in = Files.newBufferedReader(Path.of("/proc/self/fdinfo/" + reader.fd()))) {
            return in.lines().filter(l -> l.startsWith("inotify wd:"))
                    .map(l -> Integer.parseUnsignedInt(l.replaceAll(".* mask:([0-9a-f]+).*", "$1"), 16))
                    .collect(java.util.stream.Collectors.toList());
        }
    }

    @Test
    void theKernelIsAskedOnlyForTheKindsARecordingWants() throws Exception {
        Path root = Files.createDirectories(dir.resolve("w"));
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("read-me"), "x");
        start(true, List.of(), root);
        assertEquals(2, kernelMasks().size());
        for (int mask : kernelMasks()) {
            assertEquals(0, mask & (org.inotifyjfr.agent.linux.Inotify.IN_OPEN
                    | org.inotifyjfr.agent.linux.Inotify.IN_ACCESS), "open and access are not recorded: " + mask);
            assertTrue((mask & org.inotifyjfr.agent.linux.Inotify.IN_MODIFY) != 0, "modify is");
        }
        try (Recording opens = new Recording()) {
            opens.enable(FILE_OPEN);
            opens.start();
            reader.drain(); // what the listener's wake-up or the idle timer would make the reader do
            for (int mask : kernelMasks()) {
                assertTrue((mask & org.inotifyjfr.agent.linux.Inotify.IN_OPEN) != 0, "now open is: " + mask);
            }
            Files.readAllBytes(root.resolve("read-me"));
            reader.drain();
            opens.stop();
            Path jfr = dir.resolve("opens.jfr");
            opens.dump(jfr);
            Recorded.read(jfr).one(FILE_OPEN, root.resolve("read-me"));
        }
    }

    @Test
    void aDisabledKindIsNotRecordedWhileBookkeepingGoesOn() throws Exception {
        disabled.add(FILE_CREATE);
        Path root = Files.createDirectories(dir.resolve("w"));
        start(true, List.of(), root);
        Files.createDirectories(root.resolve("new"));
        reader.drain(); // the new directory's watch is in place before the write below
        Files.writeString(root.resolve("new/f"), "x");
        Recorded r = stop();
        assertEquals(2, reader.counters().watches, "the new directory got its watch");
        assertEquals(0, r.named(FILE_CREATE).size(), r::inotifyEvents);
        r.one(FILE_CLOSE_WRITE, root.resolve("new/f"));
    }

    @Test
    void aMissingRootIsReportedAsAWatchFailure() throws Exception {
        Path missing = dir.resolve("missing");
        start(true, List.of(), missing);
        Recorded r = stop();
        RecordedEvent failure = r.failure(missing);
        assertEquals("ENOENT", failure.getString("errno"));
        assertEquals("inotify_add_watch(" + missing + ") failed: ENOENT; no such file or directory; it is watched as soon as it appears",
                failure.getString("message"));
    }
}
