package org.inotifyjfr.agent.watch;

import static org.inotifyjfr.events.EventNames.FILE_CREATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.jfr.consumer.RecordedEvent;
import org.inotifyjfr.testing.Recorded;
import org.junit.jupiter.api.Test;

/**
 * Random directory churn at full speed (mkdir, renames within the tree, a directory moved below
 * what was its own descendant, moves out to an unwatched sibling and back in elsewhere, rm -rf,
 * appends), then the watch tree must equal the file system: every directory watched once, by
 * inode, and a file created in each reported under its real path; the agent's heap stays bounded.
 *
 * <p>Brief in the default suite; for minutes with {@code -Dinotifyjfr.churn.seconds=300} (and
 * {@code -Dinotifyjfr.churn.seed=N} to replay one seed), see README.
 */
class RandomChurnTest extends LiveReaderTest {
    private static final long SECONDS = Long.getLong("inotifyjfr.churn.seconds", 0);
    private static final long SEED = Long.getLong("inotifyjfr.churn.seed", 20261202L);
    private static final int OPS_PER_ROUND = 2_000;
    /** The directories the workload keeps at most: beyond it, it removes more than it makes. */
    private static final int MOST_DIRECTORIES = 400;
    /** The agent's tables and what it holds for 400 directories are far below this; 2 GB was the bug. */
    private static final long HEAP_BOUND = 48L << 20;

    private Path w;
    private Path out;
    private Random random;
    /** Directories below w (relative to w), as the workload made them; "" is w. */
    private final List<String> dirs = new ArrayList<>();
    /** Directories moved out to the unwatched sibling, relative to out. */
    private final List<String> parked = new ArrayList<>();
    private int serial;

    @Test
    void theTreeEqualsTheFileSystemAfterRandomChurnAtFullSpeed() throws Exception {
        batchMillis = 0; // read as soon as anything comes: the most interleaving of reads and operations
        w = Files.createDirectories(dir.resolve("w"));
        out = Files.createDirectories(dir.resolve("out"));
        dirs.add("");
        start(true, List.of(), w);
        long heapBefore = heapAfterGc();
        long deadline = System.nanoTime() + SECONDS * 1_000_000_000L;
        long seed = SEED;
        int rounds = 0;
        do {
            random = new Random(seed);
            for (int i = 0; i < OPS_PER_ROUND; i++) {
                step();
            }
            settled();
            assertTreeEqualsFileSystem("seed " + seed + ", round " + rounds);
            System.out.println("random churn, seed " + seed + ": " + OPS_PER_ROUND + " operations, tree equals the file system ("
                    + dirs.size() + " directories, " + parked.size() + " parked outside)");
            seed++;
            rounds++;
        } while (rounds < 2 || System.nanoTime() - deadline < 0);
        long retained = heapAfterGc() - heapBefore;
        assertTrue(retained < HEAP_BOUND, "after " + rounds + " rounds the heap grew by " + retained + " bytes");
        assertEquals(dirs.size(), reader.counters().watches, "watches: one per directory");

        for (String d : dirs) {
            Files.writeString(w.resolve(d).resolve("probe"), "p");
        }
        Recorded r = stop();
        Map<String, Long> probes = r.named(FILE_CREATE).stream().map(e -> e.getString("path"))
                .filter(p -> p.endsWith("/probe")).collect(Collectors.groupingBy(p -> p, Collectors.counting()));
        for (String d : dirs) {
            String probe = w.resolve(d).resolve("probe").toString();
            assertEquals(1L, probes.getOrDefault(probe, 0L), () -> "a file created in " + d + " after the churn: "
                    + probes.keySet().stream().sorted().collect(Collectors.joining("\n")));
        }
        assertEquals(dirs.size(), probes.size(), () -> "probes reported under paths that do not exist: " + probes);
    }

    /** Reads everything queued and runs what waits for an empty queue, twice: a rescan may follow. */
    private void settled() {
        reader.settle();
        reader.settle();
    }

    private void step() throws IOException {
        int op = random.nextInt(100);
        boolean crowded = dirs.size() > MOST_DIRECTORIES;
        if (op < (crowded ? 10 : 40)) {
            mkdir();
        } else if (op < 58) {
            renameWithin();
        } else if (op < 68) {
            moveBelowFormerDescendant();
        } else if (op < 74) {
            moveOut();
        } else if (op < 80) {
            moveBackIn();
        } else if (op < (crowded ? 92 : 83)) {
            removeTree();
        } else {
            append();
        }
    }

    private String anyDir() {
        return dirs.get(random.nextInt(dirs.size()));
    }

    /** A directory below w, or null if w is empty. */
    private String anySubdir() {
        return dirs.size() < 2 ? null : dirs.get(1 + random.nextInt(dirs.size() - 1));
    }

    private String name(String prefix) {
        return prefix + (serial++);
    }

    private static String child(String parent, String name) {
        return parent.isEmpty() ? name : parent + "/" + name;
    }

    private static boolean atOrBelow(String d, String top) {
        return d.equals(top) || d.startsWith(top + "/");
    }

    private void mkdir() throws IOException {
        String d = child(anyDir(), name("d"));
        Files.createDirectory(w.resolve(d));
        dirs.add(d);
    }

    private void renameWithin() throws IOException {
        String from = anySubdir();
        if (from == null) {
            return;
        }
        String parent = anyDir();
        if (atOrBelow(parent, from)) {
            parent = "";
        }
        rename(from, child(parent, name("r")));
    }

    /** Moves a descendant of d up beside d, then d into it: d ends below what was its own descendant. */
    private void moveBelowFormerDescendant() throws IOException {
        String top = anySubdir();
        if (top == null) {
            return;
        }
        List<String> below = dirs.stream().filter(d -> d.startsWith(top + "/")).collect(Collectors.toList());
        if (below.isEmpty()) {
            return;
        }
        String descendant = below.get(random.nextInt(below.size()));
        String parent = top.contains("/") ? top.substring(0, top.lastIndexOf('/')) : "";
        String lifted = child(parent, name("u"));
        rename(descendant, lifted);
        rename(top, child(lifted, name("b")));
    }

    private void rename(String from, String to) throws IOException {
        Files.move(w.resolve(from), w.resolve(to));
        for (int i = 0; i < dirs.size(); i++) {
            String d = dirs.get(i);
            if (atOrBelow(d, from)) {
                dirs.set(i, to + d.substring(from.length()));
            }
        }
    }

    private void moveOut() throws IOException {
        String from = anySubdir();
        if (from == null) {
            return;
        }
        String parkedAs = name("o");
        Files.move(w.resolve(from), out.resolve(parkedAs));
        dirs.removeIf(d -> atOrBelow(d, from));
        parked.add(parkedAs);
    }

    private void moveBackIn() throws IOException {
        if (parked.isEmpty()) {
            return;
        }
        String p = parked.remove(random.nextInt(parked.size()));
        String to = child(anyDir(), name("i"));
        Files.move(out.resolve(p), w.resolve(to));
        try (Stream<Path> all = Files.walk(w.resolve(to))) {
            all.filter(Files::isDirectory).forEach(d -> dirs.add(w.relativize(d).toString()));
        }
    }

    private void removeTree() throws IOException {
        String top = anySubdir();
        if (top == null) {
            return;
        }
        deleteTree(w.resolve(top));
        dirs.removeIf(d -> atOrBelow(d, top));
    }

    private void append() throws IOException {
        Path file = w.resolve(anyDir()).resolve("f" + random.nextInt(3));
        Files.write(file, new byte[] {'x'}, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static void deleteTree(Path top) throws IOException {
        try (Stream<Path> all = Files.walk(top)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    /** Every directory below w watched, by inode, and nothing else: compared with the kernel's own list. */
    private void assertTreeEqualsFileSystem(String when) throws IOException {
        Map<Long, String> onDisk = new TreeMap<>();
        try (Stream<Path> all = Files.walk(w)) {
            for (Path d : (Iterable<Path>) all.filter(Files::isDirectory)::iterator) {
                onDisk.put((Long) Files.getAttribute(d, "unix:ino"), w.relativize(d).toString());
            }
        }
        assertEquals(dirs.size(), onDisk.size(), "the workload's own model of the tree (" + when + ")");
        List<Long> watched = watchedInodes();
        List<String> missing = new ArrayList<>();
        onDisk.forEach((ino, d) -> {
            if (!watched.contains(ino)) {
                missing.add(d);
            }
        });
        List<Long> extra = watched.stream().filter(ino -> !onDisk.containsKey(ino)).collect(Collectors.toList());
        if (!missing.isEmpty() || !extra.isEmpty() || watched.size() != onDisk.size()) {
            fail(when + ": " + onDisk.size() + " directories, " + watched.size() + " watches; not watched: " + missing
                    + "; watched but not in the tree (inodes): " + extra);
        }
        assertEquals(onDisk.size(), reader.counters().watches, when + ": the agent's own count");
    }

    /** The inodes the reader's inotify instance watches, from /proc/self/fdinfo. */
    private List<Long> watchedInodes() throws IOException {
        List<Long> inodes = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + reader.fd()), StandardCharsets.UTF_8)) {
            if (line.startsWith("inotify wd:")) {
                int at = line.indexOf(" ino:") + 5;
                inodes.add(Long.parseLong(line.substring(at, line.indexOf(' ', at)), 16));
            }
        }
        return inodes;
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
