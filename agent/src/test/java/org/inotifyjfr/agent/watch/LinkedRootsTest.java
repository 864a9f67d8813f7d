package org.inotifyjfr.agent.watch;

import static org.inotifyjfr.events.EventNames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.inotifyjfr.testing.CapturedLog;
import org.inotifyjfr.testing.Recorded;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A root named through a symbolic link follows the link: the usual deploy switch
 * ({@code ln -s releases/r2 tmp && mv -T tmp current}) moves the watch to the new target, whose
 * changes are then reported under the root's path, and the old target is no longer watched.
 */
class LinkedRootsTest extends LiveReaderTest {
    private Path r1;
    private Path r2;
    private Path current;

    @BeforeEach
    void releases() throws Exception {
        r1 = Files.createDirectories(dir.resolve("releases/r1/logs"));
        r2 = Files.createDirectories(dir.resolve("releases/r2/logs"));
        r1 = r1.getParent();
        r2 = r2.getParent();
        current = Files.createSymbolicLink(dir.resolve("current"), Path.of("releases/r1"));
    }

    /** What a deploy does: a new link beside the old one, renamed over it in one step. */
    private void switchTo(Path target) throws Exception {
        Path tmp = Files.createSymbolicLink(dir.resolve("current.tmp"), dir.relativize(target));
        Files.move(tmp, current, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void aRootThatIsALinkFollowsTheLinkWhenItIsSwitched() throws Exception {
        try (CapturedLog log = new CapturedLog()) {
            start(true, List.of(), current);
            assertEquals(3, reader.counters().watches, "r1, r1/logs, and the directory holding the link");
            Files.writeString(r1.resolve("before.txt"), "r1");
            switchTo(r2);
            reader.settle(); // the switch is read: r2 is watched now
            assertEquals(3, reader.counters().watches, "r2, r2/logs, and the directory holding the link");
            Files.writeString(r2.resolve("logs/after.txt"), "r2");
            Files.writeString(r1.resolve("unseen.txt"), "r1 is no longer what current leads to");
            Recorded r = stop();

            r.one(FILE_CREATE, current.resolve("before.txt"));
            r.one(FILE_CREATE, current.resolve("logs/after.txt"));
            assertTrue(r.at(FILE_CREATE, current.resolve("unseen.txt")).isEmpty(), r::inotifyEvents);
            RecordedMove move = RecordedMove.of(r.one(FILE_MOVE, current));
            assertEquals(null, move.oldPath, "a link moved onto the root's name from where nothing is watched");
            String said = current + " goes through a symbolic link that was switched: it leads to " + r2.toRealPath()
                    + " now (it led to " + r1.toRealPath() + ")";
            assertTrue(log.lines().stream().anyMatch(l -> l.contains(said)), log.lines()::toString);
        }
    }

    @Test
    void aRootBelowALinkFollowsTheLinkAndSoDoesOneSwitchedByDeleteAndCreate() throws Exception {
        Path logs = current.resolve("logs");
        start(true, List.of(), logs);
        Files.delete(current); // ln -sfn: unlink, then symlink
        Files.createSymbolicLink(current, Path.of("releases/r2"));
        reader.settle();
        Files.writeString(r2.resolve("logs/r2.log"), "x");
        Files.writeString(r1.resolve("logs/r1.log"), "not current any more");
        Recorded r = stop();
        r.one(FILE_CREATE, logs.resolve("r2.log"));
        assertTrue(r.at(FILE_CREATE, logs.resolve("r1.log")).isEmpty(), r::inotifyEvents);
    }

    @Test
    void aLinkRemovedLeavesTheOldTargetUnwatchedAndALinkMadeAgainIsFollowed() throws Exception {
        start(true, List.of(), current);
        Files.delete(current);
        reader.settle();
        Files.writeString(r1.resolve("orphan.txt"), "current is gone");
        Files.createSymbolicLink(current, Path.of("releases/r2"));
        reader.settle();
        Files.writeString(r2.resolve("back.txt"), "current is back");
        Recorded r = stop();
        assertTrue(r.at(FILE_CREATE, current.resolve("orphan.txt")).isEmpty(), r::inotifyEvents);
        r.one(FILE_CREATE, current.resolve("back.txt"));
    }

    /** The two paths of a recorded move. */
    private record RecordedMove(String oldPath, String path) {
        static RecordedMove of(jdk.jfr.consumer.RecordedEvent e) {
            return new RecordedMove(e.getString("oldPath"), e.getString("path"));
        }
    }
}
