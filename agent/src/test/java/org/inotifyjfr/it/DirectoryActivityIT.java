package org.inotifyjfr.it;

import static org.inotifyjfr.events.EventNames.DIRECTORY_ACTIVITY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import org.inotifyjfr.testing.Recorded;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code inotify.DirectoryActivity}: file activity summed up per directory, with the file events on or off. */
class DirectoryActivityIT {
    private static final String FILE_EVENTS_OFF = ",+inotify.FileCreate#enabled=false,+inotify.FileDelete#enabled=false,"
            + "+inotify.FileModify#enabled=false,+inotify.FileCloseWrite#enabled=false,+inotify.FileMove#enabled=false,"
            + "+inotify.FileAttrib#enabled=false";

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void withEveryFileEventOffTheSummaryStillCountsEachDirectorysChangesByKind(Jdk jdk) throws Exception {
        Path work = Files.createTempDirectory("inotify-jfr-summary");
        Path dir = work.resolve("w");
        Files.createDirectories(dir.resolve("logs"));
        Files.createDirectories(dir.resolve("data"));
        Path jfr = work.resolve("summary.jfr");
        ChildJvm.Result result = new ChildJvm(jdk).agent("path=" + dir)
                .option("-XX:StartFlightRecording:filename=" + jfr + FILE_EVENTS_OFF)
                .run(work, FileScript.class, dir.toString(), "started",
                        "write:data/a.dat:x", "write:data/b.dat:x", "write:data/c.dat:x", "mkdir:data/sub",
                        "mv:data/a.dat:logs/a.dat", "mv:data/b.dat:data/b2.dat", "rm:data/c.dat",
                        "chmod:logs/a.dat:rw-------", "write:logs/d.log:x")
                .assertExitedNormally();
        Recorded r = Recorded.read(jfr);
        assertEquals("", r.inotifyEvents().lines().filter(l -> l.startsWith("inotify.File")).reduce("", String::concat),
                "no file event is recorded");
        Map<String, Map<String, Long>> byDirectory = sums(r.named(DIRECTORY_ACTIVITY));
        Map<String, Long> data = byDirectory.get(dir.resolve("data").toString());
        Map<String, Long> logs = byDirectory.get(dir.resolve("logs").toString());
        assertTrue(data != null && logs != null, () -> byDirectory + "\n" + result);
        assertEquals(4, data.get("created"), data::toString); // a, b, c and sub
        assertEquals(1, data.get("deleted"), data::toString);
        assertEquals(3, data.get("closedAfterWrite"), data::toString);
        assertEquals(2, data.get("movedOut"), data::toString); // a to logs, b renamed
        assertEquals(1, data.get("movedIn"), data::toString); // b2
        assertEquals(1, logs.get("created"), logs::toString);
        assertEquals(1, logs.get("movedIn"), logs::toString);
        assertEquals(1, logs.get("attributesChanged"), logs::toString);
        assertTrue(data.get("modified") >= 3 && logs.get("modified") >= 1, byDirectory::toString);
        assertEquals(0, data.get("opened") + data.get("accessed") + data.get("closedWithoutWrite"), data::toString);
        for (Map<String, Long> counts : List.of(data, logs)) {
            long kinds = counts.get("created") + counts.get("deleted") + counts.get("modified")
                    + counts.get("attributesChanged") + counts.get("closedAfterWrite") + counts.get("movedIn")
                    + counts.get("movedOut") - (counts == data ? 1 : 0); // b's rename within data is one event
            assertEquals(kinds, counts.get("events"), counts::toString);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void aPeriodSetOnTheSummaryEmitsItThatOftenWithWhatChangedSinceTheLastOne(Jdk jdk) throws Exception {
        Path work = Files.createTempDirectory("inotify-jfr-summary-period");
        Path dir = Files.createDirectories(work.resolve("w"));
        ChildJvm.Result result = new ChildJvm(jdk).agent("path=" + dir)
                .run(work, SummaryPeriods.class, dir.toString()).assertExitedNormally();
        assertTrue(result.stdout.contains("first: " + dir + " created=1 closedAfterWrite=1\n"
                + "modify masked with only the summary on: true\n"
                + "second: " + dir + " created=1 closedAfterWrite=1\n"), result::toString);
    }

    /** Each directory's counts summed over its summaries. */
    private static Map<String, Map<String, Long>> sums(List<RecordedEvent> summaries) {
        Map<String, Map<String, Long>> sums = new HashMap<>();
        for (RecordedEvent e : summaries) {
            Map<String, Long> counts = sums.computeIfAbsent(e.getString("directory"), d -> new HashMap<>());
            for (String field : List.of("events", "created", "deleted", "modified", "attributesChanged",
                    "closedAfterWrite", "closedWithoutWrite", "opened", "accessed", "movedIn", "movedOut", "unmounts")) {
                counts.merge(field, e.getLong(field), Long::sum);
            }
        }
        return sums;
    }
}
