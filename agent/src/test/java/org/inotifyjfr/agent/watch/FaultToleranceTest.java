package org.inotifyjfr.agent.watch;

import static org.inotifyjfr.events.EventNames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import jdk.jfr.consumer.RecordedEvent;
import org.inotifyjfr.testing.CapturedLog;
import org.inotifyjfr.testing.Recorded;
import org.junit.jupiter.api.Test;

/** A fault while handling one event costs that event, not the recording. */
class FaultToleranceTest extends LiveReaderTest {
    @Test
    void anEventWhoseHandlingFailsIsDroppedAndTheOnesAfterItAreStillRecorded() throws Exception {
        Path root = Files.createDirectories(dir.resolve("w"));
        around = FailingOn::new;
        start(true, List.of(), root);
        Files.writeString(root.resolve("poison"), "p");
        Files.createDirectories(root.resolve("after/sub"));
        Files.writeString(root.resolve("later"), "l");
        Recorded r = stop();
        assertTrue(r.at(FILE_CREATE, root.resolve("poison")).isEmpty(), "the create that failed is dropped");
        r.one(FILE_CLOSE_WRITE, root.resolve("poison")); // the next event of the same file is not
        r.one(FILE_CREATE, root.resolve("after"));
        r.one(FILE_CREATE, root.resolve("after/sub"));
        r.one(FILE_CREATE, root.resolve("later"));
        r.one(FILE_CLOSE_WRITE, root.resolve("later"));
        assertEquals(1, reader.counters().eventsFailed);
        assertEquals(3, reader.counters().watches, "w, after, after/sub: the tree is kept after the fault");
    }

    @Test
    void aReaderKilledByAnErrorIsSaidInTheLogAndTheRecordingAndNothingWaitsForIt() throws Exception {
        Path root = Files.createDirectories(dir.resolve("w"));
        around = jfr -> new FailingOn(jfr, () -> new OutOfMemoryError("planted by the test"));
        try (CapturedLog log = new CapturedLog()) {
            List<String> logged = log.lines();
            start(true, List.of(), root);
            Files.writeString(root.resolve("poison"), "p");
            for (int i = 0; i < 1000 && logged.stream().noneMatch(l -> l.contains(" stopped")); i++) {
                Thread.sleep(10); // bounded poll on the log: the thread that read it dies
            }
            Files.writeString(root.resolve("after"), "a"); // no thread reads it now
            Recorded r = assertTimeoutPreemptively(Duration.ofMinutes(2), this::stop,
                    "a drain (a chunk's end, the JVM's exit) must not wait for a dead reader");
            String line = logged.stream().filter(l -> l.contains(" stopped")).findFirst().orElseThrow(
                    () -> new AssertionError("nothing logged: " + logged));
            assertTrue(line.startsWith("SEVERE inotify-jfr: the re"), line);
            assertTrue(line.contains("stopped, so file activity is no longer recorded: java.lang.OutOfMemoryError: "
                    + "planted by the test"), line);
            RecordedEvent failure = r.one(WATCH_FAILURE, root);
            assertEquals("OutOfMemoryError", failure.getString("errno"));
            assertTrue(r.at(FILE_CREATE, root.resolve("after")).isEmpty());
        }
    }

    /** The JFR recorder, except that reporting the creation of an entry named "poison" throws. */
    private static final class FailingOn extends ForwardingActivity {
        private final Supplier<Throwable> fault;

        FailingOn(FileActivity jfr) {
            this(jfr, () -> new IllegalStateException("a fault planted by the test"));
        }

        FailingOn(FileActivity jfr, Supplier<Throwable> fault) {
            super(jfr);
            this.fault = fault;
        }

        private static void sneakyThrow(Throwable t) {
            if (t instanceof Error) {
                throw (Error) t;
            }
            throw (RuntimeException) t;
        }

        @Override
        public void created(String path, boolean directory, boolean scanned) {
            if (path.endsWith("/poison")) {
                sneakyThrow(fault.get());
            }
            next.created(path, directory, scanned);
        }
    }
}
