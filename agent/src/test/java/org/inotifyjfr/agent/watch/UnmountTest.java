package org.inotifyjfr.agent.watch;

import static org.inotifyjfr.events.EventNames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.inotifyjfr.it.Recorded;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An unmount uncovers the directory the file system was mounted on: that directory is watched
 * from then on, and a root that was a mount point is watched again without being reported as
 * created. Mounting a tmpfs needs root, which CI has; elsewhere the tests say so and skip.
 */
class UnmountTest extends LiveReaderTest {
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
