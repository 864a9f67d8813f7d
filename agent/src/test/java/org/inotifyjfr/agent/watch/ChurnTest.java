package org.inotifyjfr.agent.watch;

import static org.inotifyjfr.events.EventNames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import jdk.jfr.consumer.RecordedEvent;
import org.inotifyjfr.testing.Recorded;
import org.junit.jupiter.api.Test;

/** The watch tree stays true under renames, moves, deletes and roots that come and go. */
class ChurnTest extends LiveReaderTest {
    private Path root;

    private Path root() throws Exception {
        root = Files.createDirectories(dir.resolve("w"));
        return root;
    }

    private static void sh(Path cwd, String command) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", command).directory(cwd.toFile()).inheritIO().start();
        assertEquals(0, p.waitFor(), command);
    }

    @Test
    void eventsAtEveryDepthBelowARenamedDirectoryCarryTheNewPath() throws Exception {
        Files.createDirectories(root().resolve("a/b/c/d"));
        start(true, List.of(), root);
        Files.move(root.resolve("a/b"), root.resolve("a/x"));
        reader.drain();
        for (String p : List.of("a/x/f1", "a/x/c/f2", "a/x/c/d/f3")) {
            Files.writeString(root.resolve(p), "x");
        }
        Recorded r = stop();
        for (String p : List.of("a/x/f1", "a/x/c/f2", "a/x/c/d/f3")) {
            assertFalse(r.one(FILE_CREATE, root.resolve(p)).getBoolean("scanned"), p);
        }
        assertTrue(r.inotifyEvents().lines().noneMatch(l -> l.contains("/a/b/")), r::inotifyEvents);
    }

    @Test
    void renamingADirectoryLeavesASiblingWithTheSamePrefixAlone() throws Exception {
        Files.createDirectories(root().resolve("d/in"));
        Files.createDirectories(root.resolve("dd/in"));
        start(true, List.of(), root);
        Files.move(root.resolve("d"), root.resolve("e"));
        reader.drain();
        Files.writeString(root.resolve("dd/in/f"), "x");
        Files.writeString(root.resolve("e/in/f"), "x");
        Recorded r = stop();
        r.one(FILE_CREATE, root.resolve("dd/in/f"));
        r.one(FILE_CREATE, root.resolve("e/in/f"));
        assertEquals(2, r.named(FILE_CREATE).size(), r::inotifyEvents);
    }

    @Test
    void renamesPairByCookieWhenEveryReadSplitsThemAndOtherEventsComeBetween() throws Exception {
        Path from = Files.createDirectories(root().resolve("from"));
        Path to = Files.createDirectories(root.resolve("to"));
        int renames = 300;
        for (int i = 0; i < renames; i++) {
            Files.writeString(from.resolve("f" + i), "x");
        }
        // 64 bytes hold one or two records: nearly every pair is split between reads.
        open(true, List.of(), 64);
        reader.watch(root.toString());
        for (int i = 0; i < renames; i++) {
            Files.move(from.resolve("f" + i), to.resolve("g" + i));
            Files.writeString(root.resolve("noise" + (i % 7)), "n" + i);
        }
        reader.drain();
        Recorded r = stop();
        List<RecordedEvent> moves = r.named(FILE_MOVE);
        assertEquals(renames, moves.size(), r::inotifyEvents);
        for (int i = 0; i < renames; i++) {
            RecordedEvent move = r.one(FILE_MOVE, to.resolve("g" + i));
            assertEquals(from.resolve("f" + i).toString(), move.getString("oldPath"));
        }
    }

    @Test
    void aFileMovedOutBecomesAMoveWithoutNewPathAndOneMovedInAMoveWithoutOldPath() throws Exception {
        Files.writeString(root().resolve("leaving.txt"), "x");
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("arriving.txt"), "x");
        start(true, List.of(), root);
        Files.move(root.resolve("leaving.txt"), outside.resolve("leaving.txt"));
        Files.move(outside.resolve("arriving.txt"), root.resolve("arriving.txt"));
        Recorded r = stop();
        RecordedEvent out = r.named(FILE_MOVE).stream()
                .filter(e -> root.resolve("leaving.txt").toString().equals(e.getString("oldPath"))).findFirst()
                .orElseThrow(() -> new AssertionError(r.inotifyEvents()));
        assertNull(out.getString("path"));
        assertNull(r.one(FILE_MOVE, root.resolve("arriving.txt")).getString("oldPath"));
    }

    @Test
    void aDirectoryMovedOutAndBackInBeforeItsMoveSettledStaysWatched() throws Exception {
        Files.createDirectories(root().resolve("a/inner"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        open(true, List.of()); // no reader thread: both moves are queued before anything is read
        reader.watch(root.toString());
        Files.move(root.resolve("a"), outside.resolve("a"));
        Files.move(outside.resolve("a"), root.resolve("b"));
        reader.drain(); // out's half waits, in's half re-adds the same inode, then out's half expires
        assertEquals(3, reader.counters().watches, "w, b, b/inner");
        Files.writeString(root.resolve("b/inner/f"), "x");
        Recorded r = stop();
        r.one(FILE_CREATE, root.resolve("b/inner/f"));
        assertNull(r.one(FILE_MOVE, root.resolve("b")).getString("oldPath"));
    }

    @Test
    void aDirectoryMovedOutIsReportedAtThePathItLeftFromEvenIfItsParentIsRenamedMeanwhile() throws Exception {
        Files.createDirectories(root().resolve("parent/child"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        open(true, List.of()); // no reader thread: both moves are read together, the first half still waiting
        reader.watch(root.toString());
        Files.move(root.resolve("parent/child"), outside.resolve("child"));
        Files.move(root.resolve("parent"), root.resolve("renamed"));
        Recorded r = stop();
        List<RecordedEvent> moves = r.named(FILE_MOVE);
        assertEquals(2, moves.size(), r::inotifyEvents);
        assertTrue(moves.stream().anyMatch(m -> root.resolve("parent/child").toString().equals(m.getString("oldPath"))
                && m.getString("path") == null), r::inotifyEvents);
    }

    @Test
    void removingASubtreeReportsEveryEntryAndLeavesNoStaleWatch() throws Exception {
        Files.createDirectories(root().resolve("keep"));
        start(true, List.of(), root);
        long before = reader.counters().watches;
        List<Path> created = new ArrayList<>();
        for (String a : List.of("a1", "a2", "a3")) {
            for (String b : List.of("b1", "b2")) {
                Path d = Files.createDirectories(root.resolve("t/" + a + "/" + b));
                Files.writeString(d.resolve("f"), "x");
                created.add(d.resolve("f"));
                created.add(d);
            }
            created.add(root.resolve("t/" + a));
        }
        created.add(root.resolve("t"));
        reader.drain();
        assertEquals(before + 10, reader.counters().watches, "t, 3 a's, 6 b's");
        sh(root, "rm -rf t");
        reader.drain();
        assertEquals(before, reader.counters().watches, "IN_IGNORED freed every watch of the subtree");
        Recorded r = stop();
        for (Path p : created) {
            r.one(FILE_DELETE, p);
        }
        assertEquals(created.size(), r.named(FILE_DELETE).size(), r::inotifyEvents);
    }

    @Test
    void aMissingRootIsWatchedAsSoonAsItAppears() throws Exception {
        Path missing = dir.resolve("later/app/logs");
        start(true, List.of(), missing);
        assertEquals(1, reader.counters().watches, "one anchor, on the nearest existing ancestor");
        sh(dir, "mkdir -p later/app/logs/old");
        reader.drain();
        assertEquals(2, reader.counters().watches, "logs and logs/old; the anchor is gone");
        Files.writeString(missing.resolve("old/app.log"), "x");
        Recorded r = stop();
        assertEquals("ENOENT", r.failure(missing).getString("errno"));
        assertTrue(r.one(FILE_CREATE, missing).getBoolean("directory"));
        r.one(FILE_CREATE, missing.resolve("old"));
        assertFalse(r.one(FILE_CREATE, missing.resolve("old/app.log")).getBoolean("scanned"));
        assertEquals(3, r.named(FILE_CREATE).size(), r::inotifyEvents);
    }

    @Test
    void aDeletedRootIsWatchedAgainWhenItIsCreatedAgain() throws Exception {
        Files.writeString(root().resolve("f"), "x");
        Path other = Files.createDirectories(dir.resolve("other"));
        start(true, List.of(), root, other);
        sh(dir, "rm -rf w");
        Files.writeString(other.resolve("meanwhile"), "x");
        reader.drain();
        sh(dir, "mkdir w && echo y > w/g");
        reader.drain();
        Files.writeString(root.resolve("h"), "z");
        Recorded r = stop();
        assertTrue(r.one(FILE_DELETE, root).getBoolean("directory"));
        r.one(FILE_DELETE, root.resolve("f"));
        r.one(FILE_CREATE, other.resolve("meanwhile"));
        assertTrue(r.one(FILE_CREATE, root).getBoolean("directory"));
        r.one(FILE_CREATE, root.resolve("g"));
        assertFalse(r.one(FILE_CREATE, root.resolve("h")).getBoolean("scanned"));
        assertEquals(2, reader.counters().watches, "w and other; no anchor left");
    }

    @Test
    void aRootMovedAwayIsReportedAndItsPathAwaited() throws Exception {
        Files.createDirectories(root().resolve("sub"));
        start(true, List.of(), root);
        Files.move(root, dir.resolve("w.old"));
        reader.drain();
        Files.writeString(dir.resolve("w.old/sub/not-watched"), "x");
        Files.createDirectories(root);
        reader.drain();
        Files.writeString(root.resolve("watched"), "x");
        Recorded r = stop();
        RecordedEvent move = r.named(FILE_MOVE).get(0);
        assertEquals(root.toString(), move.getString("oldPath"));
        assertNull(move.getString("path"));
        r.one(FILE_CREATE, root.resolve("watched"));
        assertTrue(r.inotifyEvents().lines().noneMatch(l -> l.contains("not-watched")), r::inotifyEvents);
    }

    @Test
    void aRootCopiedInWithContentHasItsContentReportedAsScanned() throws Exception {
        Path source = Files.createDirectories(dir.resolve("source/conf.d"));
        Files.writeString(source.resolve("a.conf"), "x");
        Path target = dir.resolve("etc/app");
        Files.createDirectories(target.getParent());
        start(true, List.of(), target);
        sh(dir, "cp -r source etc/app");
        Recorded r = stop();
        r.one(FILE_CREATE, target);
        r.one(FILE_CREATE, target.resolve("conf.d")); // kernel or scan: cp races the new watch
        r.one(FILE_CREATE, target.resolve("conf.d/a.conf"));
        try (Stream<Path> files = Files.walk(target)) {
            assertEquals(files.count(), r.named(FILE_CREATE).size(), r::inotifyEvents);
        }
    }
}
