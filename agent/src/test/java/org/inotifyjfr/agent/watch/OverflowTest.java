package org.inotifyjfr.agent.watch;

import static org.inotifyjfr.events.EventNames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.inotifyjfr.agent.linux.KernelLimits;
import org.inotifyjfr.testing.Recorded;
import org.junit.jupiter.api.Test;

/**
 * After the kernel's queue overflows, events are lost and the tree may no longer match the file
 * system: one rescan, run by the reader (never in JFR's chunk hook), puts it right by inode.
 */
class OverflowTest extends LiveReaderTest {
    private final long limit = KernelLimits.MAX_QUEUED_EVENTS.current();

    /** Queues more IN_CREATEs under {@code dir} than the kernel keeps: the last one is an overflow marker. */
    private void overflow(Path dir, String prefix) throws Exception {
        for (int i = 0; i < limit + 10; i++) {
            Files.createFile(dir.resolve(prefix + i));
        }
    }

    @Test
    void overflowsReadBeforeTheRescanRanMakeOneRescan() throws Exception {
        Path root = Files.createDirectories(dir.resolve("w"));
        open(true, List.of()); // no reader thread: only the drains below read
        reader.watch(root.toString());
        overflow(root, "a");
        reader.drain(); // JFR's chunk hook: reads the overflow, leaves the rescan to the reader
        overflow(root, "b");
        Files.createDirectories(root.resolve("between/inner")); // lost too
        reader.drain();
        assertEquals(0, reader.rescans(), "no rescan in JFR's chunk hook");
        assertEquals(1, reader.counters().watches);
        reader.settle();
        assertEquals(1, reader.rescans(), "two overflows, one rescan");
        assertEquals(3, reader.counters().watches, "w, between, between/inner");
        Recorded r = stop();
        assertEquals(2, r.named(QUEUE_OVERFLOW).size());
        assertTrue(r.one(FILE_CREATE, root.resolve("between/inner")).getBoolean("scanned"));
    }

    @Test
    void aRootReplacedWhileItsEventsWereLostIsWatchedAgainByInodeNotName() throws Exception {
        Path root = Files.createDirectories(dir.resolve("R"));
        Files.createDirectories(root.resolve("other"));
        open(true, List.of());
        reader.watch(root.toString());
        reader.drain();
        assertEquals(2, reader.counters().watches);
        overflow(root.resolve("other"), "d"); // the old root's IN_IGNORED is lost after this
        delete(root);
        Files.createDirectories(root.resolve("sub"));
        Files.createDirectories(root.resolve("other"));
        reader.settle();
        assertEquals(3, reader.counters().watches, "the new R, R/sub and R/other; none of the old ones");
        Files.writeString(root.resolve("sub/after.txt"), "a");
        reader.settle();
        delete(root);
        Files.createDirectories(root);
        reader.settle();
        assertEquals(1, reader.counters().watches, "the newest R, watched when it appeared");
        Files.writeString(root.resolve("last.txt"), "l");
        Recorded r = stop();
        r.one(FILE_CLOSE_WRITE, root.resolve("sub/after.txt"));
        r.one(FILE_CLOSE_WRITE, root.resolve("last.txt"));
    }

    @Test
    void aRootThatIsAFileReplacedDuringAnOverflowIsWatchedAgain() throws Exception {
        Path side = Files.createDirectories(dir.resolve("side"));
        Path file = Files.writeString(dir.resolve("app.conf"), "1");
        open(true, List.of());
        reader.watch(file.toString());
        reader.watch(side.toString());
        overflow(side, "s");
        Files.delete(file);
        Files.writeString(file, "2"); // a new inode under the old name
        reader.settle();
        assertEquals(2, reader.counters().watches);
        Files.writeString(file, "3");
        Recorded r = stop();
        assertTrue(r.at(FILE_MODIFY, file).size() >= 1, r::inotifyEvents);
    }

    @Test
    void withoutBatchingABurstThatTheRecorderFallsBehindOnWaitsInTheBacklogNotTheKernel() throws Exception {
        batchMillis = 0; // the reader reads at every wake-up, a few events each time
        Path root = Files.createDirectories(dir.resolve("w"));
        start(true, List.of(), root);
        long files = 3 * limit; // 2 events each: six times what the kernel's queue holds
        ReentrantLock held = reader.lockForTests(); // the recorder waits, as behind a long walk
        held.lock();
        try {
            for (int i = 0; i < files; i++) {
                Files.createFile(root.resolve("f" + i));
            }
        } finally {
            held.unlock();
        }
        Recorded r = stop();
        assertEquals(List.of(), r.named(QUEUE_OVERFLOW), "nothing lost");
        assertEquals(files, r.named(FILE_CREATE).size());
        assertEquals(files, r.named(FILE_CLOSE_WRITE).size());
    }

    @Test
    void aChunkEndDuringTheRescanOfALargeTreeIsLetInAndRecordsWhatWaits() throws Exception {
        Path root = Files.createDirectories(dir.resolve("w"));
        int dirs = 20_000;
        AtomicInteger scannedCreates = new AtomicInteger();
        AtomicInteger seenAt = new AtomicInteger(-1);
        Path late = root.resolve("written-during-the-rescan.txt");
        Thread[] chunkEnd = new Thread[1];
        around = jfr -> new ForwardingActivity(jfr) {
            @Override
            public void created(String path, boolean directory, boolean scanned) {
                super.created(path, directory, scanned);
                if (scanned && scannedCreates.incrementAndGet() == 100) {
                    chunkEnd[0] = new Thread(() -> {
                        try {
                            Files.writeString(late, "l");
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                        reader.drain(); // as JFR's chunk hook does, while the rescan runs on the test's thread
                    });
                    chunkEnd[0].start();
                }
            }

            @Override
            public void file(Kind kind, String path, boolean directory) {
                super.file(kind, path, directory);
                if (kind == Kind.CLOSE_WRITE && path.equals(late.toString())) {
                    seenAt.set(scannedCreates.get());
                }
            }
        };
        open(true, List.of());
        reader.watch(root.toString());
        overflow(root, "f");
        for (int i = 0; i < dirs; i++) {
            Files.createDirectory(root.resolve("d" + i)); // lost: the rescan finds them
        }
        reader.settle(); // reads the overflow and rescans, here, on this thread
        chunkEnd[0].join();
        assertEquals(dirs, scannedCreates.get());
        assertTrue(seenAt.get() >= 100 && seenAt.get() < dirs,
                "the chunk end recorded the write while the rescan ran, after " + seenAt.get() + " of " + dirs);
        assertEquals(1 + dirs, reader.counters().watches);
        assertEquals(0, reader.counters().eventsFailed);
        Recorded r = stop();
        r.one(FILE_CLOSE_WRITE, late);
    }

    @Test
    void aLargeTreeMovedInIsWalkedByTheReaderNotInTheChunkEndThatReadItsMove() throws Exception {
        Path root = Files.createDirectories(dir.resolve("w"));
        Path outside = Files.createDirectories(dir.resolve("outside/big"));
        int dirs = 3_000;
        for (int i = 0; i < dirs; i++) {
            Files.createDirectories(outside.resolve("a" + i / 100).resolve("b" + i));
        }
        int total = dirs + dirs / 100 + 1; // big, its a's and b's
        open(true, List.of());
        reader.watch(root.toString());
        Files.move(outside, root.resolve("big"));
        reader.drain(); // JFR's chunk hook reads the move: it starts the walk and leaves the rest
        long inHook = reader.counters().watches - 1;
        assertTrue(inHook > 0 && inHook < total, inHook + " of " + total + " watched in the chunk hook");
        reader.settle(); // the reader, with the queue read, walks what was left
        assertEquals(1 + total, reader.counters().watches);
        assertEquals(0, reader.counters().eventsFailed);
        Path deepest = root.resolve("big/a29/b2999/late.txt");
        Files.writeString(deepest, "l");
        Recorded r = stop();
        r.one(FILE_CLOSE_WRITE, deepest);
        r.one(FILE_CREATE, deepest);
        assertEquals(1, r.named(FILE_CREATE).size(), "a tree moved in is not reported as created");
    }

    private static void delete(Path tree) throws Exception {
        Process p = new ProcessBuilder("rm", "-rf", tree.toString()).start();
        assertEquals(0, p.waitFor());
    }
}
