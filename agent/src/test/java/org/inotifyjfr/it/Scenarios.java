package org.inotifyjfr.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.inotifyjfr.events.EventNames;
import org.inotifyjfr.testing.Recorded;

/**
 * Child-JVM runs shared by several tests: each runs once per JDK, and the tests assert different
 * things about its recording. The work folders live under target/ so a failure can be inspected.
 */
final class Scenarios {
    private static final Path ROOT = Path.of(System.getProperty("test.classes")).getParent().resolve("it-work");
    private static final ConcurrentHashMap<String, Run> RUNS = new ConcurrentHashMap<>();

    /** A finished child run: where it worked, what it printed, what it recorded. */
    static final class Run {
        final Path base;
        final Path jfr;
        final ChildJvm.Result result;

        Run(Path base, Path jfr, ChildJvm.Result result) {
            this.base = base;
            this.jfr = jfr;
            this.result = result;
        }

        Recorded recorded() {
            try {
                return Recorded.read(jfr);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    interface Body {
        Run run(Path work) throws Exception;
    }

    /** Runs {@code body} once per scenario name and JDK, in a fresh work folder. */
    static Run once(String scenario, Jdk jdk, Body body) {
        return RUNS.computeIfAbsent(scenario + "-" + jdk.feature, key -> {
            try {
                Path work = ROOT.resolve(key);
                deleteTree(work);
                Files.createDirectories(work);
                return body.run(work);
            } catch (Exception e) {
                throw new IllegalStateException("scenario " + key + " failed to run", e);
            }
        });
    }

    /** A .jfc that enables every inotify event type, the default-off ones included. */
    static Path everyInotifyEvent(Path dir) throws IOException {
        List<String> names = List.of(EventNames.FILE_CREATE, EventNames.FILE_DELETE, EventNames.FILE_MODIFY,
                EventNames.FILE_ATTRIB, EventNames.FILE_CLOSE_WRITE, EventNames.FILE_CLOSE_NO_WRITE,
                EventNames.FILE_OPEN, EventNames.FILE_ACCESS, EventNames.FILE_MOVE, EventNames.UNMOUNT,
                EventNames.QUEUE_OVERFLOW, EventNames.WATCH_FAILURE, EventNames.STATISTICS,
                EventNames.CONFIGURATION);
        String events = names.stream()
                .map(n -> "  <event name=\"" + n + "\"><setting name=\"enabled\">true</setting></event>")
                .collect(Collectors.joining("\n"));
        Path jfc = dir.resolve("every-inotify-event.jfc");
        Files.writeString(jfc, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<configuration version=\"2.0\" label=\"every inotify event\">\n" + events + "\n</configuration>\n");
        return jfc;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    private Scenarios() {
    }
}
