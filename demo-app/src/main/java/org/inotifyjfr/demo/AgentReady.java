package org.inotifyjfr.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * Tells when the agent watches: this process holds an inotify descriptor with a watch on the
 * work folder's inode, as {@code /proc/self/fdinfo} lists it ({@code inotify wd:1 ino:1a2b ...}),
 * and the agent's start-up thread, which then installs the advice that names the Java code of each
 * change, is done.
 */
final class AgentReady {
    private AgentReady() {
    }

    /** Polls every 20 ms until the work folder is watched; false if {@code limit} passes first. */
    static boolean await(Path work, Duration limit) throws IOException, InterruptedException {
        long inode = (Long) Files.getAttribute(work, "unix:ino");
        String wanted = " ino:" + Long.toHexString(inode) + " ";
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (watched(wanted) && !startingUp()) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** Whether a thread of the agent's start-up runs ("inotify-jfr start-up", cut to 15 bytes in comm). */
    private static boolean startingUp() throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.anyMatch(task -> {
                try {
                    String name = Files.readAllLines(task.resolve("comm")).get(0);
                    return name.startsWith("inotify-jfr sta") || name.startsWith("inotify-jfr ini");
                } catch (IOException | RuntimeException e) {
                    return false; // ended meanwhile
                }
            });
        }
    }

    private static boolean watched(String inode) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fdinfo"))) {
            return fds.anyMatch(fd -> mentions(fd, inode));
        }
    }

    private static boolean mentions(Path fdinfo, String inode) {
        try (BufferedReader in = Files.newBufferedReader(fdinfo)) {
            return in.lines().anyMatch(l -> l.startsWith("inotify wd:") && l.contains(inode));
        } catch (IOException | java.io.UncheckedIOException e) {
            return false; // closed meanwhile
        }
    }
}
