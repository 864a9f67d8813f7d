package org.inotifyjfr.it;

import static org.inotifyjfr.events.EventNames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.inotifyjfr.testing.Recorded;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Names are bytes: every directory is watched and every name reported by one rule (valid UTF-8
 * verbatim, other bytes as \xHH), also in a JVM that runs in the POSIX locale.
 */
class FileNamesIT {
    private static final String MAKE_NAMES = "cd w"
            + " && mkdir \"$(printf 'dir\\303\\274')\" && touch \"$(printf 'dir\\303\\274')/in.txt\""
            + " && mkdir \"$(printf 'emoji\\360\\237\\230\\200')\""
            + " && mkdir \"$(printf '\\377dir')\""
            + " && touch \"$(printf 'caf\\351')\" \"$(printf 'caf\\350')\"";
    private static final String LATE = "cd w && touch \"$(printf '\\377dir')/late.txt\""
            + " \"$(printf 'emoji\\360\\237\\230\\200')/late.txt\" \"$(printf 'dir\\303\\274')/late.txt\"";

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void everyNameIsWatchedAndReportedByOneRuleInThePosixLocale(Jdk jdk) throws Exception {
        Path work = Files.createTempDirectory("inotify-jfr-names");
        Path base = Files.createDirectories(work.resolve("w"));
        Path jfr = work.resolve("recording.jfr");
        new ChildJvm(jdk).wrappedIn("env", "-u", "LANG", "-u", "LC_CTYPE", "LC_ALL=POSIX")
                .agent("path=" + base).recording(jfr, "default")
                .run(work, FileScript.class, base.toString(), "started", "exec:" + MAKE_NAMES, "await:4",
                        "exec:" + LATE)
                .assertExitedNormally();
        Recorded r = Recorded.read(jfr);
        for (String created : new String[] {"dirü", "dirü/in.txt", "emoji😀", "\\xFFdir", "caf\\xE9", "caf\\xE8",
                "\\xFFdir/late.txt", "emoji😀/late.txt", "dirü/late.txt"}) {
            assertEquals(1, r.at(FILE_CREATE, base.resolve(created)).size(), () -> created + "\n" + r.inotifyEvents());
        }
        assertFalse(r.inotifyEvents().contains("\uFFFD"), r::inotifyEvents);
        assertFalse(r.inotifyEvents().contains("?"), r::inotifyEvents);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void pathsHoldingCommasColonsAndBytesThatAreNotUtf8CanAllBeGiven(Jdk jdk) throws Exception {
        Path work = Files.createTempDirectory("inotify-jfr-odd-paths");
        Path base = Files.createDirectories(work.resolve("w"));
        Path both = Files.createDirectories(base.resolve("a,b:c"));
        Path comma = Files.createDirectories(base.resolve("x,y"));
        Path config = Files.writeString(work.resolve("agent.properties"), "path.both=" + both + "\n");
        Path jfr = work.resolve("recording.jfr");
        assertEquals(0, new ProcessBuilder("sh", "-c", "mkdir \"$(printf '\\377d')\"").directory(base.toFile())
                .inheritIO().start().waitFor());
        new ChildJvm(jdk).agent("config=" + config + ",path=" + base.resolve("x\\,y") + ",path=" + base + "/\\xFFd,recursive=false")
                .recording(jfr, "default")
                .run(work, FileScript.class, base.toString(), "started", "await:3",
                        "exec:cd w && echo 1 > a,b:c/f.txt && echo 2 > x,y/g.txt && touch \"$(printf '\\377d')/h.txt\"")
                .assertExitedNormally();
        Recorded r = Recorded.read(jfr);
        r.one(FILE_CLOSE_WRITE, both.resolve("f.txt"));
        r.one(FILE_CLOSE_WRITE, comma.resolve("g.txt"));
        r.one(FILE_CLOSE_WRITE, base.resolve("\\xFFd/h.txt"));
    }
}
