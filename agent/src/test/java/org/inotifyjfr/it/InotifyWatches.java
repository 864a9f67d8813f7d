package org.inotifyjfr.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Counts this JVM's inotify watches from {@code /proc/self/fdinfo}, where each watch of an
 * inotify descriptor is one {@code inotify wd:...} line: how a test knows the agent is ready.
 */
public final class InotifyWatches {
    private static final long GIVE_UP_MILLIS = 60_000;

    private InotifyWatches() {
    }

    /** Waits, polling every 10 ms, until some inotify instance of this process has {@code n} watches. */
    public static void await(int n) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + GIVE_UP_MILLIS;
        int most = 0;
        while ((most = most()) < n) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the agent never held " + n + " inotify watches (most seen: "
                        + most + ")");
            }
            Thread.sleep(10);
        }
    }

    /**
     * Waits, polling every 10 ms, until some inotify instance of this process watches exactly as
     * many directories as there are at and below {@code top}; fails naming both counts if that
     * does not come.
     */
    public static void awaitOnePerDirectory(Path top) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + GIVE_UP_MILLIS;
        long directories;
        int most;
        while ((most = most()) != (directories = directories(top))) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(top + " holds " + directories + " directories, but the agent "
                        + "watches " + most);
            }
            Thread.sleep(10);
        }
    }

    private static long directories(Path top) throws IOException {
        try (Stream<Path> all = Files.walk(top)) {
            return all.filter(Files::isDirectory).count();
        }
    }

    /**
     * Waits until the agent's start-up threads have ended, so everything it does at start, the
     * log lines included, is done. The JVM gives threads their Java name, cut to 15 characters,
     * as the task name in /proc/self/task/TID/comm.
     */
    public static void awaitAgentStarted() throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + GIVE_UP_MILLIS;
        while (most() == 0 || startupThreadsRun()) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the agent did not finish starting");
            }
            Thread.sleep(10);
        }
    }

    /** Waits until the agent's start-up threads are done, whatever they watched (watch=recording: nothing). */
    public static void awaitStartupDone() throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + GIVE_UP_MILLIS;
        while (startupThreadsRun()) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the agent did not finish starting");
            }
            Thread.sleep(10);
        }
    }

    private static boolean startupThreadsRun() throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.anyMatch(task -> {
                try {
                    String name = Files.readAllLines(task.resolve("comm")).get(0);
                    return name.equals("inotify-jfr sta") || name.equals("inotify-jfr ini");
                } catch (IOException | IndexOutOfBoundsException e) {
                    return false; // ended meanwhile
                }
            });
        }
    }

    /** The most watches any inotify instance of this process holds. */
    public static int most() throws IOException {
        return most(Path.of("/proc/self"));
    }

    /** The most watches any inotify instance of process {@code pid} holds now. */
    public static int in(long pid) throws IOException {
        return most(Path.of("/proc", Long.toString(pid)));
    }

    /** Waits, polling every 10 ms, until some inotify instance of process {@code pid} has {@code n} watches. */
    public static void awaitIn(long pid, int n) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + GIVE_UP_MILLIS;
        Path proc = Path.of("/proc", Long.toString(pid));
        while (most(proc) < n) {
            if (System.currentTimeMillis() > deadline || !Files.exists(proc)) {
                throw new IllegalStateException("process " + pid + " never held " + n + " inotify watches");
            }
            Thread.sleep(10);
        }
    }

    private static int most(Path proc) throws IOException {
        int most = 0;
        try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                if (isInotify(fd)) {
                    most = Math.max(most, watches(proc.resolve("fdinfo").resolve(fd.getFileName().toString())));
                }
            }
        }
        return most;
    }

    /** The bits of every watch's kernel mask in this process's inotify instances, OR-ed: the kinds the kernel reports. */
    public static int maskBits() throws IOException {
        Path proc = Path.of("/proc/self");
        int bits = 0;
        try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                if (isInotify(fd)) {
                    for (String line : Files.readAllLines(proc.resolve("fdinfo").resolve(fd.getFileName().toString()))) {
                        int at = line.indexOf(" mask:");
                        if (line.startsWith("inotify wd:") && at > 0) {
                            String hex = line.substring(at + 6).split(" ")[0];
                            bits |= Integer.parseUnsignedInt(hex, 16);
                        }
                    }
                }
            }
        }
        return bits;
    }

    private static boolean isInotify(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString().equals("anon_inode:inotify");
        } catch (IOException e) {
            return false; // closed meanwhile
        }
    }

    private static int watches(Path fdinfo) {
        try {
            List<String> lines = Files.readAllLines(fdinfo);
            return (int) lines.stream().filter(l -> l.startsWith("inotify wd:")).count();
        } catch (IOException e) {
            return 0;
        }
    }
}
