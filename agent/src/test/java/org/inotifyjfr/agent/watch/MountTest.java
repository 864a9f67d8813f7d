package org.inotifyjfr.agent.watch;

import static org.inotifyjfr.events.EventNames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.inotifyjfr.testing.CapturedLog;
import org.inotifyjfr.testing.Recorded;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A file system mounted over a watched directory, or over a directory a root lies in, is watched
 * under the same paths from then on; an unmount uncovers the directory the file system was
 * mounted on, and that directory is watched from then on, and a root that was a mount point is
 * watched again without being reported as created. Mounting a tmpfs needs root, which CI has;
 * elsewhere the tests say so and skip.
 */
class MountTest extends LiveReaderTest {
    private final List<Path> mounted = new ArrayList<>();

    private void mountTmpfs(Path at) throws Exception {
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", at.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assumeTrue(p.waitFor() == 0, "mounting a tmpfs needs root (CI runs as root): " + output);
        mounted.add(at);
    }

    private void umount(Path at) throws Exception {
        assertEquals(0, new ProcessBuilder("umount", at.toString()).inheritIO().start().waitFor());
        mounted.remove(at);
    }

    @AfterEach
    void unmountWhatIsLeft() throws Exception {
        for (Path at : mounted) {
            new ProcessBuilder("umount", at.toString()).inheritIO().start().waitFor();
        }
    }

    @Test
    void aFileSystemMountedOverAWatchedDirectoryIsWatchedAndItsUnmountUncoversTheDirectory() throws Exception {
        Path root = Files.createDirectories(dir.resolve("w"));
        Path mp = Files.createDirectories(root.resolve("mp"));
        Files.writeString(mp.resolve("covered.txt"), "under the mount");
        try (CapturedLog log = new CapturedLog()) {
            open(true, List.of()); // no reader thread: the settles below read, and look at the mount table
            reader.watch(root.toString());
            mountTmpfs(mp);
            reader.settle();
            Files.writeString(mp.resolve("on-tmpfs.txt"), "t");
            Files.createDirectories(mp.resolve("sub"));
            reader.settle();
            assertEquals(3, reader.counters().watches, "w, the tmpfs's root at mp and mp/sub");
            Files.writeString(mp.resolve("sub/deeper.txt"), "d");
            reader.settle();
            umount(mp);
            reader.settle();
            assertEquals(2, reader.counters().watches, "w and the uncovered mp");
            Files.writeString(mp.resolve("after.txt"), "a");
            Recorded r = stop();
            r.one(FILE_CLOSE_WRITE, mp.resolve("on-tmpfs.txt"));
            assertTrue(r.one(FILE_CREATE, mp.resolve("sub")).getBoolean("directory"));
            r.one(FILE_CLOSE_WRITE, mp.resolve("sub/deeper.txt"));
            r.one(UNMOUNT, mp);
            r.one(FILE_CLOSE_WRITE, mp.resolve("after.txt"));
            assertTrue(r.at(FILE_CREATE, mp).isEmpty(), "a mount creates nothing");
            assertTrue(r.at(FILE_CREATE, mp.resolve("covered.txt")).isEmpty(), "nor does an unmount");
            assertTrue(log.lines().contains("INFO inotify-jfr: a file system was mounted on " + mp
                    + ": what it holds is watched now; what the directory held before is hidden until it is unmounted"),
                    () -> String.join("\n", log.lines()));
        }
    }

    @Test
    void theRunningReaderSeesAMountWithoutAnyFileEvent() throws Exception {
        Path root = Files.createDirectories(dir.resolve("w"));
        Path mp = Files.createDirectories(root.resolve("mp"));
        start(true, List.of(), root);
        mountTmpfs(mp);
        Files.createDirectories(mp.resolve("sub")); // watched by the mount's walk, or by its IN_CREATE
        for (int i = 0; i < 3000 && reader.counters().watches != 3; i++) {
            Thread.sleep(10); // bounded poll: the reader thread wakes on the mount table's POLLPRI
        }
        assertEquals(3, reader.counters().watches, "w, the tmpfs's root at mp and mp/sub");
        Files.writeString(mp.resolve("sub/f.txt"), "f");
        Recorded r = stop();
        r.one(FILE_CLOSE_WRITE, mp.resolve("sub/f.txt"));
    }

    @Test
    void whatAnUnmountUncoversIsWalkedByTheRecorderWhileTheReaderGoesOnReading() throws Exception {
        Path root = Files.createDirectories(dir.resolve("w"));
        Path mnt = Files.createDirectories(root.resolve("mnt"));
        mountTmpfs(mnt);
        List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        around = jfr -> new ForwardingActivity(jfr) {
            @Override
            public void uncovered(String path) {
                threads.add(Thread.currentThread().getName());
                super.uncovered(path);
            }
        };
        start(true, List.of(), root);
        umount(mnt); // a small read, which the reader records itself; the walk it leads to is not its work
        for (int i = 0; i < 3000 && threads.isEmpty(); i++) {
            Thread.sleep(10); // bounded poll on what the agent's threads report
        }
        assertEquals(List.of("inotify-jfr recorder"), threads);
        stop();
    }

    @Test
    void aFileSystemMountedOnARootOrADirectoryItLiesInIsWatchedWhereThePathLeadsNow() throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path onRoot = Files.createDirectories(dir.resolve("r"));
        Path inside = Files.createDirectories(a.resolve("w"));
        open(true, List.of());
        reader.watch(onRoot.toString());
        reader.watch(inside.toString());
        mountTmpfs(onRoot);
        mountTmpfs(a); // hides a/w: the root is missing until it is made on the tmpfs
        reader.settle();
        Files.writeString(onRoot.resolve("x.txt"), "x");
        Files.createDirectories(inside);
        reader.settle();
        Files.writeString(inside.resolve("y.txt"), "y");
        reader.settle();
        umount(a);
        reader.settle();
        Files.writeString(inside.resolve("z.txt"), "z");
        Recorded r = stop();
        r.one(FILE_CLOSE_WRITE, onRoot.resolve("x.txt"));
        assertEquals("ENOENT", r.one(WATCH_FAILURE, inside).getString("errno"));
        r.one(FILE_CLOSE_WRITE, inside.resolve("y.txt"));
        r.one(FILE_CLOSE_WRITE, inside.resolve("z.txt"));
    }

    @Test
    void theDirectoryAnUnmountUncoversIsWatched() throws Exception {
        Path root = Files.createDirectories(dir.resolve("w"));
        Path mnt = Files.createDirectories(root.resolve("mnt"));
        Files.writeString(mnt.resolve("covered.txt"), "under the mount");
        mountTmpfs(mnt);
        Files.createDirectories(mnt.resolve("on-tmpfs"));
        start(true, List.of(), root);
        assertEquals(3, reader.counters().watches, "w, the tmpfs's root and its directory");
        umount(mnt);
        reader.settle(); // the unmount's events are read and the queue is empty: mnt is watched again
        assertEquals(2, reader.counters().watches, "w and the uncovered mnt");
        Files.writeString(mnt.resolve("after.txt"), "in the uncovered directory");
        Recorded r = stop();
        assertTrue(r.one(UNMOUNT, mnt).getBoolean("directory"));
        r.one(FILE_CREATE, mnt.resolve("after.txt"));
        assertTrue(r.at(FILE_CREATE, mnt).isEmpty(), r::inotifyEvents);
    }

    @Test
    void aRootThatWasAMountPointIsWatchedAgainAndNotReportedAsCreated() throws Exception {
        Path root = Files.createDirectories(dir.resolve("w"));
        mountTmpfs(root);
        start(true, List.of(), root);
        umount(root);
        reader.settle();
        Files.writeString(root.resolve("after.txt"), "in the uncovered root");
        Recorded r = stop();
        r.one(UNMOUNT, root);
        r.one(FILE_CREATE, root.resolve("after.txt"));
        assertTrue(r.at(FILE_CREATE, root).isEmpty(), r::inotifyEvents);
    }
}
