package org.inotifyjfr.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Whether a process holds an inotify descriptor with a watch, from /proc/PID/fdinfo. */
final class Watches {
    private Watches() {
    }

    static boolean any() throws IOException {
        return any("self");
    }

    static boolean anyQuietly(ProcessHandle process) {
        try {
            return any(Long.toString(process.pid()));
        } catch (IOException e) {
            return false; // ended meanwhile
        }
    }

    static boolean any(String pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", pid, "fdinfo"))) {
            return fds.anyMatch(fd -> {
                try (BufferedReader in = Files.newBufferedReader(fd)) {
                    return in.lines().anyMatch(l -> l.startsWith("inotify wd:"));
                } catch (IOException | UncheckedIOException e) {
                    return false; // closed between the listing and the read: /proc says ENOENT
                }
            });
        }
    }

    /** Whether this process holds an inotify descriptor, with watches or none (watch=recording, idle). */
    static boolean instance() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().equals("anon_inode:inotify");
                } catch (IOException e) {
                    return false; // closed meanwhile
                }
            });
        }
    }

    /** How many watches the process holds, over all its inotify descriptors. */
    static long count(long pid) throws IOException {
        long n = 0;
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fdinfo"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try (BufferedReader in = Files.newBufferedReader(fd)) {
                    n += in.lines().filter(l -> l.startsWith("inotify wd:")).count();
                } catch (IOException | UncheckedIOException e) {
                    // closed meanwhile
                }
            }
        }
        return n;
    }
}
