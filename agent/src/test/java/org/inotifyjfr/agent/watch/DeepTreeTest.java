package org.inotifyjfr.agent.watch;

import static org.inotifyjfr.events.EventNames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.Recording;
import org.inotifyjfr.testing.Recorded;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Paths longer than PATH_MAX (4,096 bytes), which no system call takes whole: the tree reaches
 * every level through its parent's descriptor ({@code /proc/self/fd/N/name}), so a deep tree is
 * watched like any other, at start and as it grows.
 */
class DeepTreeTest extends LiveReaderTest {
    private static final String LEVEL = "d".repeat(200);
    private static final int LEVELS = 25; // 25 x 201 bytes: well past 4,096

    private Path root;

    @Test
    void aTreeDeeperThanPathMaxIsWatchedAtStartAndAsItGrows() throws Exception {
        root = Files.createDirectories(dir.resolve("w"));
        atDepth(LEVELS, "deep.txt", "x");
        start(true, List.of(), root);
        assertEquals(LEVELS + 1, reader.counters().watches, "the root and every level below it");

        atDepth(LEVELS, "deep.txt", "y");
        atDepth(LEVELS + 3, "deeper.txt", "z");
        reader.settle(); // the three new levels get their watches, reached through descriptors
        assertEquals(LEVELS + 4, reader.counters().watches);
        atDepth(LEVELS + 3, "deeper.txt", "again");
        Recorded r = stop();

        Path deep = root;
        for (int i = 0; i < LEVELS; i++) {
            deep = deep.resolve(LEVEL);
        }
        assertTrue(deep.toString().length() > 4096);
        r.one(FILE_MODIFY, deep.resolve("deep.txt"));
        Path deeper = deep.resolve(LEVEL).resolve(LEVEL).resolve(LEVEL);
        assertTrue(r.one(FILE_CREATE, deep.resolve(LEVEL)).getBoolean("directory"));
        r.one(FILE_CREATE, deeper.resolve("deeper.txt"));
        assertTrue(r.at(FILE_MODIFY, deeper.resolve("deeper.txt")).size() >= 1, r::inotifyEvents); // the append
        assertTrue(r.named(WATCH_FAILURE).isEmpty(), r::inotifyEvents);
    }

    @Test
    void aRecordingStartedLaterGetsItsKindsFromDirectoriesDeeperThanPathMax() throws Exception {
        root = Files.createDirectories(dir.resolve("w"));
        atDepth(LEVELS, "deep.txt", "x");
        disabled.add(FILE_MODIFY); // no recording wants it at first: the kernel is not asked for it
        start(true, List.of(), root);
        Path deep = root;
        for (int i = 0; i < LEVELS; i++) {
            deep = deep.resolve(LEVEL);
        }
        try (Recording later = new Recording()) {
            later.enable(FILE_MODIFY);
            later.start();
            reader.recordingsChanged(); // what the agent's recording listener does on start()
            atDepth(LEVELS, "deep.txt", "y");
            reader.drain();
            later.stop();
            Path jfr = dir.resolve("later.jfr");
            later.dump(jfr);
            Recorded r = Recorded.read(jfr);
            r.one(FILE_MODIFY, deep.resolve("deep.txt"));
        }
        stop();
    }

    /**
     * Goes {@code levels} down from the root, one name at a time (making what is missing), and
     * appends {@code text} to {@code file} there: the JDK's file API takes whole paths, so a
     * child process does it with relative steps.
     */
    private void atDepth(int levels, String file, String text) throws Exception {
        String script = "import os\n"
                + "for _ in range(" + levels + "):\n"
                + "    os.makedirs('" + LEVEL + "', exist_ok=True)\n"
                + "    os.chdir('" + LEVEL + "')\n"
                + "open('" + file + "', 'a').write('" + text + "')\n";
        Process p = new ProcessBuilder("python3", "-c", script).directory(root.toFile()).inheritIO().start();
        assertEquals(0, p.waitFor(), "python3 failed to write " + file + " " + levels + " levels down");
    }

    /** JUnit's clean-up goes by whole paths, which stop at PATH_MAX; rm goes one level at a time. */
    @AfterEach
    void removeDeepTree() throws Exception {
        if (root != null) {
            assertEquals(0, new ProcessBuilder("rm", "-rf", root.toString()).inheritIO().start().waitFor());
        }
    }
}
