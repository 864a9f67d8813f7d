package org.inotifyjfr.agent.watch;

import static org.inotifyjfr.events.EventNames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.inotifyjfr.testing.Recorded;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Roots that hold one another behave as their union, in whichever order they are given. */
class NestedRootsTest extends LiveReaderTest {
    @ParameterizedTest(name = "inner first: {0}")
    @ValueSource(booleans = {true, false})
    void anInnerRootMovedWithinTheOuterOneIsFollowedLikeAnyDirectory(boolean innerFirst) throws Exception {
        Path d = Files.createDirectories(dir.resolve("d"));
        Files.createDirectories(d.resolve("sub/x"));
        start(true, List.of());
        for (Path root : innerFirst ? List.of(d.resolve("sub"), d) : List.of(d, d.resolve("sub"))) {
            reader.watch(root.toString());
        }
        assertEquals(3, reader.counters().watches, "d, d/sub, d/sub/x");
        Files.move(d.resolve("sub"), d.resolve("sub2"));
        Files.writeString(d.resolve("sub2/later.txt"), "l");
        Files.writeString(d.resolve("sub2/x/deeper.txt"), "l");
        Recorded r = stop();
        assertEquals(d.resolve("sub").toString(), r.one(FILE_MOVE, d.resolve("sub2")).getString("oldPath"));
        assertEquals(1, r.named(FILE_MOVE).size(), r::inotifyEvents);
        assertEquals(1, r.at(FILE_CREATE, d.resolve("sub2/later.txt")).size(), r::inotifyEvents);
        assertEquals(1, r.at(FILE_CREATE, d.resolve("sub2/x/deeper.txt")).size(), r::inotifyEvents);
    }

    @ParameterizedTest(name = "inner first: {0}")
    @ValueSource(booleans = {true, false})
    void aWriteBelowNestedRootsIsRecordedOnce(boolean innerFirst) throws Exception {
        Path d = Files.createDirectories(dir.resolve("d"));
        Files.createDirectories(d.resolve("sub"));
        start(true, List.of());
        for (Path root : innerFirst ? List.of(d.resolve("sub"), d, d) : List.of(d, d.resolve("sub"), d)) {
            reader.watch(root.toString());
        }
        Files.writeString(d.resolve("sub/f.txt"), "f");
        Recorded r = stop();
        assertEquals(1, r.at(FILE_CREATE, d.resolve("sub/f.txt")).size(), r::inotifyEvents);
        assertEquals(1, r.at(FILE_CLOSE_WRITE, d.resolve("sub/f.txt")).size(), r::inotifyEvents);
    }
}
