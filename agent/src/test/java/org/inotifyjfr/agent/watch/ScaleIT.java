package org.inotifyjfr.agent.watch;

import static org.inotifyjfr.events.EventNames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import org.inotifyjfr.testing.Recorded;
import org.junit.jupiter.api.Test;

/**
 * Large trees and event storms, at sizes that run in the default suite; the system properties
 * storm.iterations and scale.directories run them larger (the storm at 143000 iterations is a
 * million events). Counts are exact: nothing may be lost.
 */
class ScaleIT extends LiveReaderTest {
    private static final int STORM_ITERATIONS = Integer.getInteger("storm.iterations", 30_000);
    private static final int DIRECTORIES = Integer.getInteger("scale.directories", 100_000);

    /** Builds the native storm generator from src/test/c with the machine's C compiler. */
    private Path storm() throws Exception {
        Path source = Path.of(System.getProperty("test.sources", "src/test"), "c", "storm.c").toAbsolutePath();
        Path binary = dir.resolve("storm-generator");
        Process cc = new ProcessBuilder("cc", "-O2", "-o", binary.toString(), source.toString()).inheritIO().start();
        assertEquals(0, cc.waitFor(), "compiling " + source + " (needs a C compiler, such as Debian's gcc)");
        return binary;
    }

    @Test
    void aStormOfCreateWriteCloseRenameDeleteIsRecordedWithoutLoss() throws Exception {
        Path storm = storm();
        disabled.clear();
        Path root = Files.createDirectories(dir.resolve("storm"));
        start(true, List.of(), root);
        recording.enable(FILE_OPEN);
        reader.drain(); // asks the kernel for IN_OPEN too: seven events an iteration
        Process p = new ProcessBuilder(storm.toString(), root.toString(), Integer.toString(STORM_ITERATIONS))
                .inheritIO().start();
        assertEquals(0, p.waitFor());
        Recorded r = stop();
        Map<String, Integer> counts = new TreeMap<>();
        for (String name : List.of(FILE_CREATE, FILE_OPEN, FILE_MODIFY, FILE_CLOSE_WRITE, FILE_MOVE, FILE_DELETE,
                QUEUE_OVERFLOW)) {
            counts.put(name, r.named(name).size());
        }
        assertEquals(new TreeMap<>(Map.of(FILE_CREATE, STORM_ITERATIONS, FILE_OPEN, STORM_ITERATIONS,
                FILE_MODIFY, STORM_ITERATIONS, FILE_CLOSE_WRITE, STORM_ITERATIONS, FILE_MOVE, STORM_ITERATIONS,
                FILE_DELETE, STORM_ITERATIONS, QUEUE_OVERFLOW, 0)), counts);
        RecordedEvent lastMove = r.one(FILE_MOVE, root.resolve("g" + (STORM_ITERATIONS - 1)));
        assertEquals(root.resolve("f" + (STORM_ITERATIONS - 1)).toString(), lastMove.getString("oldPath"));
    }

    @Test
    void aTreeOfAHundredThousandDirectoriesIsWatchedCompletely() throws Exception {
        Path root = Files.createDirectories(dir.resolve("tree"));
        int perLevel = (int) Math.ceil(Math.sqrt(DIRECTORIES));
        int made = 0;
        Path last = root;
        for (int i = 0; made < DIRECTORIES; i++) {
            last = Files.createDirectory(root.resolve("d" + i));
            made++;
            for (int j = 0; j < perLevel - 1 && made < DIRECTORIES; j++, made++) {
                last = Files.createDirectory(root.resolve("d" + i).resolve("e" + j));
            }
        }
        start(true, List.of(), root);
        assertEquals(DIRECTORIES + 1, reader.counters().watches);
        Files.writeString(last.resolve("f"), "x");
        Recorded r = stop();
        r.one(FILE_CREATE, last.resolve("f"));
        assertEquals(0, r.named(QUEUE_OVERFLOW).size());
        // Removing the tree through the reader-less kernel is quicker than @TempDir's walk.
        Process rm = new ProcessBuilder("rm", "-rf", root.toString()).start();
        rm.waitFor(10, TimeUnit.MINUTES);
    }
}
