package org.inotifyjfr.it;

import static org.inotifyjfr.events.EventNames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import jdk.jfr.consumer.RecordedEvent;
import org.inotifyjfr.testing.Recorded;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Limits that bite mid-tree, made to bite without touching the machine's settings: the watch limit
 * through a user namespace of the child's own with a low user.max_inotify_watches, and permissions
 * by running the child as nobody. Both need root, which CI has; elsewhere they say so and skip.
 */
class KernelLimitsIT {
    private static final int WATCH_LIMIT = 10;

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void reachingTheWatchLimitMidTreeIsReportedOnceAndTheWatchedPartKeepsWorking(Jdk jdk) throws Exception {
        assumeTrue(root(), "creating a user namespace with its own inotify limit needs root here");
        Path work = Files.createTempDirectory("inotify-jfr-enospc");
        Path base = Files.createDirectories(work.resolve("big"));
        for (int i = 0; i < 3 * WATCH_LIMIT; i++) {
            Files.createDirectories(base.resolve(String.format("d%02d", i)));
        }
        Path jfr = work.resolve("recording.jfr");
        ChildJvm.Result result = new ChildJvm(jdk).agent("path=" + base).recording(jfr, "default")
                .wrappedIn("unshare", "--user", "--map-root-user", "sh", "-c",
                        "echo " + WATCH_LIMIT + " > /proc/sys/user/max_inotify_watches && exec \"$0\" \"$@\"")
                .run(work, FileScript.class, base.toString(), "started", "write:still-watched.txt:x")
                .assertExitedNormally();

        Recorded r = Recorded.read(jfr);
        List<RecordedEvent> failures = r.named(WATCH_FAILURE);
        assertEquals(1, failures.stream().map(e -> e.getString("path")).distinct().count(),
                () -> "one report, not one per directory: " + failures);
        RecordedEvent failure = r.failure(base); // names the subtree left partly unwatched
        assertEquals("ENOSPC", failure.getString("errno"));
        String message = failure.getString("message");
        assertTrue(message.contains("the watch limit user.max_inotify_watches=" + WATCH_LIMIT
                + " (this user namespace's limit; fs.inotify.max_user_watches=" + globalWatchLimit() + ") is reached, so "),
                message);
        assertTrue(message.endsWith(" not watched by then are not watched; raise the limit (sysctl -w "
                + "user.max_inotify_watches=524288) or exclude large directories"), message);
        assertTrue(result.stderr.contains("WARNING: inotify-jfr: " + message), result::toString);
        r.one(FILE_CREATE, base.resolve("still-watched.txt"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void aDirectoryThatAppearsOnceTheWatchLimitIsReachedIsReported(Jdk jdk) throws Exception {
        assumeTrue(root(), "creating a user namespace with its own inotify limit needs root here");
        Path work = Files.createTempDirectory("inotify-jfr-enospc-new");
        Path base = Files.createDirectories(work.resolve("full"));
        for (int i = 1; i < WATCH_LIMIT; i++) {
            Files.createDirectories(base.resolve("d" + i)); // with the base: exactly the limit
        }
        Path jfr = work.resolve("recording.jfr");
        ChildJvm.Result result = new ChildJvm(jdk).agent("path=" + base).recording(jfr, "default")
                .wrappedIn("unshare", "--user", "--map-root-user", "sh", "-c",
                        "echo " + WATCH_LIMIT + " > /proc/sys/user/max_inotify_watches && exec \"$0\" \"$@\"")
                .run(work, FileScript.class, base.toString(), "started", "mkdir:late", "write:late-marker.txt:x")
                .assertExitedNormally();
        Recorded r = Recorded.read(jfr);
        r.one(FILE_CREATE, base.resolve("late"));
        RecordedEvent failure = r.failure(base.resolve("late"));
        assertEquals("ENOSPC", failure.getString("errno"));
        assertTrue(failure.getString("message").startsWith("inotify_add_watch(" + base.resolve("late") + ") failed: ENOSPC;"),
                failure.getString("message"));
        r.one(FILE_CREATE, base.resolve("late-marker.txt"));
        assertTrue(result.stdout.contains("application finished normally"), result::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void anUnreadableDirectoryIsReportedAndSkippedWhileTheRestIsWatched(Jdk jdk) throws Exception {
        assumeTrue(root(), "running the child as nobody needs root here");
        Path work = Files.createTempDirectory("inotify-jfr-eacces");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path base = Files.createDirectories(work.resolve("tree"));
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path open = Files.createDirectories(base.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path locked = Files.createDirectories(base.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        Path jfr = work.resolve("recording.jfr");
        ChildJvm.Result result = new ChildJvm(jdk).agent("path=" + base).recording(jfr, "default")
                .wrappedIn("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups")
                .run(work, FileScript.class, base.toString(), "started", "write:open/f.txt:x")
                .assertExitedNormally();

        Recorded r = Recorded.read(jfr);
        RecordedEvent failure = r.failure(locked);
        assertEquals("EACCES", failure.getString("errno"));
        assertEquals("inotify_add_watch(" + locked + ") failed: EACCES; permission denied; give the JVM's user "
                + "read access to it, or exclude it", failure.getString("message"));
        r.one(FILE_CREATE, open.resolve("f.txt"));
        assertTrue(result.stdout.contains("application finished normally"), result::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void aDirectoryReadableButNotSearchableIsNamedAsMissingSearchAccess(Jdk jdk) throws Exception {
        assumeTrue(root(), "running the child as nobody needs root here");
        Path work = Files.createTempDirectory("inotify-jfr-nosearch");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path base = Files.createDirectories(work.resolve("tree"));
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path half = Files.createDirectories(base.resolve("half"));
        Path sub = Files.createDirectories(half.resolve("sub"));
        Files.setPosixFilePermissions(half, PosixFilePermissions.fromString("r--r--r--"));
        Path jfr = work.resolve("recording.jfr");
        new ChildJvm(jdk).agent("path=" + base).recording(jfr, "default")
                .wrappedIn("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups")
                .run(work, FileScript.class, base.toString(), "started", "write:f.txt:x")
                .assertExitedNormally();
        RecordedEvent failure = Recorded.read(jfr).failure(sub);
        assertEquals("inotify_add_watch(" + sub + ") failed: EACCES; permission denied: the JVM's user may not search "
                + "(x) " + half + ", and reaching anything in it needs that; give it search access (chmod +x " + half
                + ", or an ACL), or exclude it", failure.getString("message"));
    }

    /**
     * A directory the JVM's user may not read, made readable while the agent runs: watched from
     * then on, found by the chmod's attribute change when the recording takes FileAttrib, and by
     * the parent's next event of any kind when none does.
     */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("jdksAndAttrib")
    void aDirectoryMadeReadableIsWatchedFromThenOn(Jdk jdk, boolean attribRecorded) throws Exception {
        assumeTrue(root(), "running the child as nobody needs root here");
        Path work = Files.createTempDirectory("inotify-jfr-chmod");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path base = Files.createDirectories(work.resolve("tree"));
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path locked = Files.createDirectories(base.resolve("locked/below")).getParent();
        for (Path p : List.of(locked, locked.resolve("below"))) {
            Files.setOwner(p, p.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        }
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        Path settings = work.resolve("settings.jfc");
        Files.writeString(settings, "<?xml version=\"1.0\"?>\n<configuration version=\"2.0\">\n"
                + "  <event name=\"inotify.FileCreate\"><setting name=\"enabled\">true</setting></event>\n"
                + "  <event name=\"inotify.FileAttrib\"><setting name=\"enabled\">" + attribRecorded
                + "</setting></event>\n"
                + "  <event name=\"inotify.WatchFailure\"><setting name=\"enabled\">true</setting></event>\n"
                + "</configuration>\n");
        Path jfr = work.resolve("recording.jfr");
        ChildJvm.Result result = new ChildJvm(jdk).agent("path=" + base).recording(jfr, settings.toString())
                .wrappedIn("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups")
                .run(work, FileScript.class, base.toString(), "started", "chmod:locked:rwxr-xr-x",
                        "writeUntil:poke.txt:3", "write:locked/below/late.txt:x")
                .assertExitedNormally();

        Recorded r = Recorded.read(jfr);
        assertEquals("EACCES", r.failure(locked).getString("errno"));
        r.one(FILE_CREATE, locked.resolve("below/late.txt"));
        assertTrue(result.stderr.contains("inotify-jfr: " + locked + " is watched now, with what it holds"),
                result::toString);
    }

    static Stream<Arguments> jdksAndAttrib() {
        return Jdk.all().flatMap(jdk -> Stream.of(Arguments.of(jdk, true), Arguments.of(jdk, false)));
    }

    private static long globalWatchLimit() throws Exception {
        try (BufferedReader in = Files.newBufferedReader(Path.of("/proc/sys/fs/inotify/max_user_watches"))) {
            return Long.parseLong(in.readLine().trim());
        }
    }
}
