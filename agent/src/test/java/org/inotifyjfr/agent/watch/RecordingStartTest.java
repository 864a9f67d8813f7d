package org.inotifyjfr.agent.watch;

import static org.inotifyjfr.events.EventNames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.Recording;
import org.inotifyjfr.agent.record.PeriodicEvents;
import org.inotifyjfr.testing.Recorded;
import org.junit.jupiter.api.Test;

/** The kinds a recording enables are asked of the kernel before its {@code start()} returns. */
class RecordingStartTest extends LiveReaderTest {
    @Test
    void aWriteRightAfterARecordingStartsIsRecordedWithEveryKindItEnables() throws Exception {
        Path root = Files.createDirectories(dir.resolve("w"));
        disabled.addAll(List.of(FILE_MODIFY, FILE_CLOSE_WRITE)); // no recording wants them at first
        start(true, List.of(), root);
        try (AutoCloseable hooks = PeriodicEvents.register(reader, recorder, new PeriodicEvents.Configuration())) {
            Files.writeString(root.resolve("before.txt"), "nobody records this write");
            for (int i = 0; i < 40; i++) {
                Path file = root.resolve("after-start-" + i + ".txt");
                try (Recording r = new Recording()) {
                    r.enable(FILE_MODIFY);
                    r.enable(FILE_CLOSE_WRITE);
                    r.start();
                    Files.writeString(file, "written as soon as start() returned");
                    reader.drain(); // what the kernel queued, read before the recording stops
                    r.stop();
                    Path jfr = dir.resolve("start-" + i + ".jfr");
                    r.dump(jfr);
                    Recorded rec = Recorded.read(jfr);
                    assertEquals(1, rec.at(FILE_MODIFY, file).size(), () -> file + "\n" + rec.inotifyEvents());
                    assertEquals(1, rec.at(FILE_CLOSE_WRITE, file).size(), () -> file + "\n" + rec.inotifyEvents());
                }
            }
        }
    }
}
