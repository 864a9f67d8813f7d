package org.inotifyjfr.it;

import static org.inotifyjfr.events.EventNames.UNMOUNT;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.inotifyjfr.testing.Recorded;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A file system mounted inside a watched tree and then unmounted gives an Unmount event. Needs root. */
class UnmountIT {
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void recordsUnmountOfAFileSystemInsideTheWatchedTree(Jdk jdk) throws Exception {
        Path work = Files.createTempDirectory("inotify-jfr-unmount");
        Path base = work.resolve("watched");
        Path mountPoint = base.resolve("mnt");
        Files.createDirectories(mountPoint);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint.toString())
                .redirectErrorStream(true).start();
        String mountOutput = new String(mount.getInputStream().readAllBytes());
        assumeTrue(mount.waitFor() == 0, "mounting a tmpfs needs root (CI runs as root): " + mountOutput);
        Path jfr = work.resolve("recording.jfr");
        try {
            new ChildJvm(jdk).agent("path=" + base).recording(jfr, "default")
                    .run(work, FileScript.class, base.toString(), "started", "exec:umount " + mountPoint)
                    .assertExitedNormally();
        } finally {
            new ProcessBuilder("umount", mountPoint.toString()).start().waitFor(); // if the child did not get there
        }
        Recorded r = Recorded.read(jfr);
        assertTrue(r.one(UNMOUNT, mountPoint).getBoolean("directory"));
    }
}
