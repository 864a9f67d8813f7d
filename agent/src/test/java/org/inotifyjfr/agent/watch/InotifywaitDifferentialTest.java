package org.inotifyjfr.agent.watch;

import static org.inotifyjfr.events.EventNames.*;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.jfr.consumer.RecordedEvent;
import org.inotifyjfr.testing.Recorded;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The agent and {@code inotifywait -m -r} watch the same tree while a seeded random workload
 * churns it. Neither is taken as truth: the workload keeps a model of the tree and writes down
 * the events each operation must cause. The agent must match the model; inotifywait must match it
 * but for differences of named kinds, each a known limit of inotify-tools 3.22 or of inotify:
 * <ul>
 * <li>{@code stale directory path}: after directory moves it reports events below them under a
 *     directory path that is no longer (or never was) theirs;
 * <li>{@code directory not watched by inotifywait}: after directory moves in and out it can hold
 *     no watch where the change happens (read from its /proc fdinfo before each step);
 * <li>{@code dropped below a moved directory}: after a directory was renamed or left the tree and
 *     came back, it may hold the kernel's watch below it yet have lost track and print nothing;
 * <li>{@code lost in inotifywait's queue overflow}: when it fell behind and printed Q_OVERFLOW;
 * <li>{@code fresh}: entries of directories made in the same step ({@code mkdir -p} and a write),
 *     before any watch could exist. The agent reports their creation from its scan
 *     ({@code scanned=true}); their writes either watcher may or may not see.
 * </ul>
 * The kinds compared are those both report: create, delete, modify, attrib, close-write and the
 * halves of moves. Events on a directory's own watch are left out: inotifywait prints them as
 * well as its parent's, the agent once. Print-out of the seed on failure replays a run.
 */
class InotifywaitDifferentialTest extends LiveReaderTest {
    private static final int OPERATIONS = Integer.getInteger("differential.operations", 2500);
    private static final long INOTIFYWAIT_WATCH_MILLIS = 200;

    /** One event: kind as inotify names it, absolute path, directory or not. */
    record Event(String kind, String path, boolean dir) {
        @Override
        public String toString() {
            return kind + (dir ? ",ISDIR " : " ") + path;
        }
    }

    /** An event the model expects, and whether each watcher must report it. */
    record Expected(Event event, boolean agentMust, boolean inotifywaitMust, String why) {
    }

    private Path w;
    private Path outside;
    private Process inotifywait;
    private Path inotifywaitOut;
    private final List<Expected> expected = new ArrayList<>();
    private final Set<String> dirs = new HashSet<>(); // relative to w; "" is w itself
    private final Set<String> files = new HashSet<>();
    private final List<String[]> moves = new ArrayList<>(); // absolute old and new directory paths
    private Set<String> inotifywaitInodes = Set.of(); // what inotifywait watched when this step began
    private final List<Path> prepared = new ArrayList<>(); // subtrees waiting outside to be moved in
    private int counter;
    private String lastAttrib = "";

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void agentMatchesTheModelAndInotifywaitDiffersOnlyInNamedWays(long seed) throws Exception {
        assumeTrue(onPath("inotifywait"), "inotifywait is not installed: the Debian package inotify-tools "
                + "provides it, and .ci/run installs it");
        w = Files.createDirectories(dir.resolve("w"));
        outside = Files.createDirectories(dir.resolve("outside"));
        dirs.add("");
        start(true, List.of(), w);
        startInotifywait();
        Random random = new Random(seed);
        for (int i = 0; i < OPERATIONS; i++) {
            step(random);
        }
        List<Event> agent = agentEvents(finish());
        List<Event> iw = inotifywaitEvents();
        String report = compare(seed, agent, iw);
        System.out.println(report);
    }

    @org.junit.jupiter.api.AfterEach
    void stopInotifywait() {
        if (inotifywait != null) {
            inotifywait.destroyForcibly();
        }
    }

    // ---- the workload

    private void step(Random random) throws Exception {
        inotifywaitInodes = watchedInodes(inotifywaitFdinfo());
        int pick = random.nextInt(100);
        List<String> fileList = sorted(files);
        List<String> dirList = sorted(dirs);
        if (pick < 18 || fileList.isEmpty()) {
            createFile(dirList.get(random.nextInt(dirList.size())));
        } else if (pick < 32) {
            write(fileList.get(random.nextInt(fileList.size())));
        } else if (pick < 38) {
            chmod(random.nextBoolean() || dirList.size() == 1 ? fileList.get(random.nextInt(fileList.size()))
                    : dirList.get(1 + random.nextInt(dirList.size() - 1)));
        } else if (pick < 46) {
            delete(fileList.get(random.nextInt(fileList.size())));
        } else if (pick < 56) {
            moveFile(fileList.get(random.nextInt(fileList.size())), dirList.get(random.nextInt(dirList.size())));
        } else if (pick < 67) {
            mkdir(dirList.get(random.nextInt(dirList.size())));
        } else if (pick < 71 && dirList.size() > 1) {
            removeTree(dirList.get(1 + random.nextInt(dirList.size() - 1)));
        } else if (pick < 79 && dirList.size() > 1) {
            moveDirectory(dirList.get(1 + random.nextInt(dirList.size() - 1)), dirList.get(random.nextInt(dirList.size())));
        } else if (pick < 84 && dirList.size() > 1) {
            moveOut(dirList.get(1 + random.nextInt(dirList.size() - 1)));
        } else if (pick < 92) {
            moveIn(random, dirList.get(random.nextInt(dirList.size())));
        } else {
            mkdirPAndWrite(dirList.get(random.nextInt(dirList.size())));
        }
    }

    private String child(String parent, String name) {
        return parent.isEmpty() ? name : parent + "/" + name;
    }

    private String abs(String rel) {
        return rel.isEmpty() ? w.toString() : w.resolve(rel).toString();
    }

    /**
     * The agent must report it; inotifywait must if it watched the entry's directory when this
     * step began (after a directory move it may no longer hold a watch there, or never have).
     */
    private void expect(String kind, String rel, boolean dir) throws IOException {
        Path parent = w.resolve(rel).getParent();
        boolean watched = inotifywaitInodes.contains(Long.toHexString((Long) Files.getAttribute(parent, "unix:ino")));
        expected.add(new Expected(new Event(kind, abs(rel), dir), true, watched,
                watched ? "steady" : "directory not watched by inotifywait"));
    }

    private void createFile(String parent) throws IOException {
        String f = child(parent, "f" + counter++);
        Files.createFile(w.resolve(f));
        files.add(f);
        expect("CREATE", f, false);
        expect("CLOSE_WRITE", f, false);
    }

    private void write(String f) throws IOException {
        Files.writeString(w.resolve(f), "x", StandardOpenOption.APPEND);
        expect("MODIFY", f, false);
        expect("CLOSE_WRITE", f, false);
    }

    private void chmod(String p) throws IOException {
        if (p.equals(lastAttrib)) {
            write(files.iterator().next()); // the kernel merges identical unread events: no attrib twice in a row
            lastAttrib = "";
            return;
        }
        Path path = w.resolve(p);
        boolean dir = dirs.contains(p);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(counter++ % 2 == 0 ? "rwxr-x---" : "rwxr-xr-x"));
        expect("ATTRIB", p, dir);
        lastAttrib = p;
    }

    private void delete(String f) throws IOException {
        Files.delete(w.resolve(f));
        files.remove(f);
        expect("DELETE", f, false);
    }

    private void moveFile(String f, String toDir) throws IOException {
        String to = child(toDir, "m" + counter++);
        Files.move(w.resolve(f), w.resolve(to), StandardCopyOption.ATOMIC_MOVE);
        files.remove(f);
        files.add(to);
        expect("MOVED_FROM", f, false);
        expect("MOVED_TO", to, false);
    }

    private void mkdir(String parent) throws Exception {
        String d = child(parent, "d" + counter++);
        Files.createDirectory(w.resolve(d));
        dirs.add(d);
        expect("CREATE", d, true);
        awaitWatched(List.of(d));
    }

    private void removeTree(String d) throws IOException {
        try (Stream<Path> all = Files.walk(w.resolve(d))) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                String rel = w.relativize(p).toString();
                boolean dir = dirs.contains(rel);
                Files.delete(p);
                (dir ? dirs : files).remove(rel);
                expect("DELETE", rel, dir);
            }
        }
    }

    private void moveDirectory(String d, String toParent) throws IOException {
        if (toParent.equals(d) || toParent.startsWith(d + "/")) {
            return; // not into itself
        }
        String to = child(toParent, "r" + counter++);
        Files.move(w.resolve(d), w.resolve(to), StandardCopyOption.ATOMIC_MOVE);
        rename(d, to);
        moves.add(new String[] {abs(d), abs(to)});
        expect("MOVED_FROM", d, true);
        expect("MOVED_TO", to, true);
    }

    private void rename(String from, String to) {
        for (Set<String> set : List.of(dirs, files)) {
            for (String p : sorted(set)) {
                if (p.equals(from) || p.startsWith(from + "/")) {
                    set.remove(p);
                    set.add(to + p.substring(from.length()));
                }
            }
        }
    }

    private void moveOut(String d) throws Exception {
        Path to = outside.resolve("out" + counter++);
        Set<String> leaving = new HashSet<>();
        try (Stream<Path> all = Files.walk(w.resolve(d))) {
            for (Path p : (Iterable<Path>) all.filter(Files::isDirectory)::iterator) {
                leaving.add(Long.toHexString((Long) Files.getAttribute(p, "unix:ino")));
            }
        }
        Files.move(w.resolve(d), to, StandardCopyOption.ATOMIC_MOVE);
        // The agent drops the watches of what left once the move's other half has not come: until
        // then a move back in finds them in place, and a change made meanwhile lands on a watch
        // that is about to go. The model is of a user who is not that fast.
        long deadline = System.currentTimeMillis() + 60_000;
        while (!Collections.disjoint(watchedInodes(Path.of("/proc/self/fdinfo/" + reader.fd())), leaving)) {
            assertTrue(System.currentTimeMillis() < deadline, () -> "the agent kept the watches of " + d + " moved out");
            Thread.sleep(1);
        }
        for (Set<String> set : List.of(dirs, files)) {
            set.removeIf(p -> p.equals(d) || p.startsWith(d + "/"));
        }
        moves.add(new String[] {abs(d), to.toString()});
        prepared.add(to);
        expect("MOVED_FROM", d, true);
    }

    /** Moves in a subtree from outside: one moved out earlier, or one made outside just now. */
    private void moveIn(Random random, String parent) throws Exception {
        Path from;
        if (!prepared.isEmpty() && random.nextBoolean()) {
            from = prepared.remove(random.nextInt(prepared.size()));
        } else {
            int n = counter++;
            from = Files.createDirectories(outside.resolve("new" + n + "/inner" + n));
            Files.writeString(from.resolve("a" + n + ".txt"), "a");
            Files.writeString(from.getParent().resolve("b" + n + ".txt"), "b");
            from = from.getParent();
        }
        String to = child(parent, "in" + counter++);
        Files.move(from, w.resolve(to), StandardCopyOption.ATOMIC_MOVE);
        moves.add(new String[] {from.toString(), abs(to)});
        List<String> arrived = new ArrayList<>();
        try (Stream<Path> all = Files.walk(w.resolve(to))) {
            all.forEach(p -> {
                String rel = w.relativize(p).toString();
                (Files.isDirectory(p) ? arrived : new ArrayList<String>()).add(rel);
                (Files.isDirectory(p) ? dirs : files).add(rel);
            });
        }
        expect("MOVED_TO", to, true);
        awaitWatched(arrived);
    }

    /** mkdir -p and a write at once: nothing can watch the new levels before they are filled. */
    private void mkdirPAndWrite(String parent) throws Exception {
        int n = counter++;
        String top = child(parent, "p" + n);
        String mid = top + "/q" + n;
        String low = mid + "/s" + n;
        String f = low + "/f" + n;
        Files.createDirectories(w.resolve(low));
        Files.writeString(w.resolve(f), "x");
        dirs.addAll(List.of(top, mid, low));
        files.add(f);
        expect("CREATE", top, true);
        for (String d : List.of(mid, low)) {
            expected.add(new Expected(new Event("CREATE", abs(d), true), true, false, "fresh"));
        }
        expected.add(new Expected(new Event("CREATE", abs(f), false), true, false, "fresh"));
        expected.add(new Expected(new Event("MODIFY", abs(f), false), false, false, "fresh"));
        expected.add(new Expected(new Event("CLOSE_WRITE", abs(f), false), false, false, "fresh"));
        awaitWatched(List.of(top, mid, low));
        // The watch on the lowest level comes before its listing, in one walk under the reader's
        // lock: only once that walk is done has the file been seen, and may the next step delete it.
        reader.awaitCurrentWork();
    }

    private static List<String> sorted(Set<String> set) {
        return set.stream().sorted().collect(Collectors.toList());
    }

    // ---- both watchers

    private static boolean onPath(String command) {
        return Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, command)));
    }

    private void startInotifywait() throws Exception {
        inotifywaitOut = dir.resolve("inotifywait.out");
        Path err = dir.resolve("inotifywait.err");
        // Line-buffered, so that what it printed is in the file when we look.
        inotifywait = new ProcessBuilder("stdbuf", "-oL", "inotifywait", "-m", "-r", "--format", "%e|%w|%f",
                w.toString()).redirectOutput(inotifywaitOut.toFile()).redirectError(err.toFile()).start();
        long deadline = System.currentTimeMillis() + 30_000;
        while (!Files.readString(err).contains("Watches established.")) {
            assertTrue(inotifywait.isAlive() && System.currentTimeMillis() < deadline,
                    () -> "inotifywait did not start: " + read(err));
            Thread.sleep(10);
        }
    }

    /** Waits until the agent and inotifywait both watch these directories (by inode, from fdinfo). */
    private void awaitWatched(List<String> rels) throws Exception {
        Map<String, String> inodes = new LinkedHashMap<>();
        for (String rel : rels) {
            inodes.put(rel, Long.toHexString((Long) Files.getAttribute(w.resolve(rel), "unix:ino")));
        }
        long deadline = System.currentTimeMillis() + 60_000;
        while (!watchedInodes(Path.of("/proc/self/fdinfo/" + reader.fd())).containsAll(inodes.values())) {
            assertTrue(System.currentTimeMillis() < deadline, () -> "the agent never watched " + rels);
            Thread.sleep(1);
        }
        String parent = Long.toHexString((Long) Files.getAttribute(w.resolve(rels.get(0)).getParent(), "unix:ino"));
        if (!inotifywaitInodes.contains(parent)) {
            return; // it does not watch where they appeared, so it cannot see them appear
        }
        long iwDeadline = System.currentTimeMillis() + INOTIFYWAIT_WATCH_MILLIS;
        while (!watchedInodes(inotifywaitFdinfo()).containsAll(inodes.values())
                && System.currentTimeMillis() < iwDeadline) {
            Thread.sleep(1); // a fair chance; whether it made it is judged event by event
        }
    }

    private Path inotifywaitFdinfo() throws IOException {
        Path fds = Path.of("/proc", Long.toString(inotifywait.pid()), "fd");
        try (Stream<Path> all = Files.list(fds)) {
            for (Path fd : (Iterable<Path>) all::iterator) {
                if (Files.readSymbolicLink(fd).toString().equals("anon_inode:inotify")) {
                    return Path.of("/proc", Long.toString(inotifywait.pid()), "fdinfo", fd.getFileName().toString());
                }
            }
        }
        throw new IllegalStateException("inotifywait holds no inotify descriptor");
    }

    private static Set<String> watchedInodes(Path fdinfo) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(fdinfo)) {
            return in.lines().filter(l -> l.startsWith("inotify wd:"))
                    .map(l -> l.replaceAll(".* ino:([0-9a-f]+) .*", "$1")).collect(Collectors.toSet());
        }
    }

    /** Writes a sentinel both must report, waits for inotifywait to print it, and stops both. */
    private Recorded finish() throws Exception {
        Path sentinel = w.resolve("zz-sentinel");
        Files.createFile(sentinel);
        long deadline = System.currentTimeMillis() + 60_000;
        while (!Files.readString(inotifywaitOut).contains("|zz-sentinel")) {
            assertTrue(System.currentTimeMillis() < deadline, "inotifywait never printed the sentinel");
            Thread.sleep(5);
        }
        inotifywait.destroy();
        inotifywait.waitFor(30, TimeUnit.SECONDS);
        return stop();
    }

    private static final Map<String, String> KINDS = Map.of(FILE_CREATE, "CREATE", FILE_DELETE, "DELETE",
            FILE_MODIFY, "MODIFY", FILE_ATTRIB, "ATTRIB", FILE_CLOSE_WRITE, "CLOSE_WRITE");

    private List<Event> agentEvents(Recorded r) {
        List<Event> events = new ArrayList<>();
        KINDS.forEach((name, kind) -> r.named(name).forEach(e ->
                events.add(new Event(kind, e.getString("path"), e.getBoolean("directory")))));
        for (RecordedEvent move : r.named(FILE_MOVE)) {
            if (move.getString("oldPath") != null) {
                events.add(new Event("MOVED_FROM", move.getString("oldPath"), move.getBoolean("directory")));
            }
            if (move.getString("path") != null) {
                events.add(new Event("MOVED_TO", move.getString("path"), move.getBoolean("directory")));
            }
        }
        events.removeIf(e -> e.path().endsWith("/zz-sentinel"));
        return events;
    }

    /** Whether inotifywait's own queue overflowed: it then lost events, and says so. */
    private boolean inotifywaitOverflowed;

    private List<Event> inotifywaitEvents() throws IOException {
        List<Event> events = new ArrayList<>();
        for (String line : Files.readAllLines(inotifywaitOut)) {
            inotifywaitOverflowed |= line.startsWith("Q_OVERFLOW");
            String[] parts = line.split("\\|", -1);
            if (parts.length != 3 || parts[2].isEmpty() || parts[2].equals("zz-sentinel")) {
                continue; // events on a directory's own watch, and the sentinel
            }
            List<String> flags = List.of(parts[0].split(","));
            String path = parts[1] + parts[2];
            for (String kind : List.of("CREATE", "DELETE", "MODIFY", "ATTRIB", "CLOSE_WRITE", "MOVED_FROM", "MOVED_TO")) {
                if (flags.contains(kind)) {
                    events.add(new Event(kind, path, flags.contains("ISDIR")));
                }
            }
        }
        return events;
    }

    // ---- comparing

    private String compare(long seed, List<Event> agent, List<Event> iw) {
        Map<String, Integer> agentDiffs = new TreeMap<>();
        List<String> agentErrors = match(agent, true, agentDiffs);
        Map<String, Integer> iwDiffs = new TreeMap<>();
        List<String> iwErrors = match(iw, false, iwDiffs);
        String summary = "seed " + seed + ": " + OPERATIONS + " operations, " + expected.size() + " expected events; "
                + "agent reported " + agent.size() + " " + agentDiffs + "; inotifywait reported " + iw.size() + " "
                + iwDiffs;
        if (!agentErrors.isEmpty() || !iwErrors.isEmpty()) {
            Path report = Path.of("target", "differential-seed-" + seed + ".txt").toAbsolutePath();
            try {
                Files.createDirectories(report.getParent());
                Files.writeString(report, summary + "\nagent, against the model (" + agentErrors.size() + "):\n  "
                        + String.join("\n  ", agentErrors) + "\ninotifywait, unexplained (" + iwErrors.size()
                        + "):\n  " + String.join("\n  ", iwErrors) + "\nmoves:\n  " + moves.stream()
                        .map(m -> m[0] + " -> " + m[1]).collect(Collectors.joining("\n  "))
                        + "\ninotifywait printed:\n" + read(inotifywaitOut));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            fail(summary + "\nagent, against the model (" + agentErrors.size() + "):\n  "
                    + String.join("\n  ", head(agentErrors)) + "\ninotifywait, unexplained (" + iwErrors.size()
                    + "):\n  " + String.join("\n  ", head(iwErrors)) + "\nall of it in " + report
                    + "\n(replay with this seed; -Ddifferential.operations=" + OPERATIONS + ")");
        }
        return summary;
    }

    private static List<String> head(List<String> lines) {
        return lines.size() <= 40 ? lines : lines.subList(0, 40);
    }

    /**
     * Matches observed events against the model. Exact matches first; for inotifywait, then a
     * path rewritten through the directory moves (a stale path). Left over: a required expected
     * event is missing, unless it lies in a directory inotifywait never watched; an observed one
     * is unexpected. Returns the errors, and counts the named differences in {@code diffs}.
     */
    private List<String> match(List<Event> observed, boolean agent, Map<String, Integer> diffs) {
        Map<Event, Integer> seen = new LinkedHashMap<>();
        observed.forEach(e -> seen.merge(e, 1, Integer::sum));
        List<Expected> missing = new ArrayList<>();
        // Required first: an optional expectation must not take the one event a required one needs.
        for (boolean required : new boolean[] {true, false}) {
            for (Expected x : expected) {
                if ((agent ? x.agentMust() : x.inotifywaitMust()) == required && !take(seen, x.event())) {
                    missing.add(x);
                }
            }
        }
        List<String> errors = new ArrayList<>();
        for (Expected x : missing) {
            boolean must = agent ? x.agentMust() : x.inotifywaitMust();
            if (!agent && takeStale(seen, x.event())) {
                diffs.merge("stale directory path", 1, Integer::sum);
            } else if (!must) {
                diffs.merge(x.why() + ", not seen", 1, Integer::sum);
            } else if (!agent && belowMoved(x.event().path())) {
                diffs.merge("dropped below a moved directory", 1, Integer::sum);
            } else if (!agent && inotifywaitOverflowed) {
                diffs.merge("lost in inotifywait's queue overflow", 1, Integer::sum);
            } else {
                errors.add("missing " + x.event());
            }
        }
        seen.forEach((e, n) -> {
            for (int i = 0; i < n; i++) {
                errors.add("unexpected " + e);
            }
        });
        return errors;
    }

    private static boolean take(Map<Event, Integer> seen, Event e) {
        Integer n = seen.get(e);
        if (n == null) {
            return false;
        }
        if (n == 1) {
            seen.remove(e);
        } else {
            seen.put(e, n - 1);
        }
        return true;
    }

    /**
     * An observed event that is the expected one under a wrong directory path: same kind, same
     * type, same identity (see {@link #identity}), and the expected path lies below a directory
     * that was moved, which is where inotifywait's path bookkeeping goes stale.
     */
    private boolean takeStale(Map<Event, Integer> seen, Event want) {
        if (moves.stream().noneMatch(m -> want.path().startsWith(m[1] + "/"))) {
            return false;
        }
        String id = identity(want.path());
        for (Event e : List.copyOf(seen.keySet())) {
            if (e.kind().equals(want.kind()) && e.dir() == want.dir() && identity(e.path()).equals(id)) {
                return take(seen, e);
            }
        }
        return false;
    }

    /**
     * Every name the workload makes is unique (a letter or two and a counter), and the kernel
     * reports an entry's current name: the last component identifies the entry, whatever a
     * watcher believes the directories above it are called.
     */
    private static String identity(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }


    /** Whether the path lies below a directory that was moved: renamed, or brought in from outside. */
    private boolean belowMoved(String path) {
        return moves.stream().anyMatch(m -> path.startsWith(m[1] + "/"));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
