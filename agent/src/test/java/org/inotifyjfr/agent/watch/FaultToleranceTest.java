package org.inotifyjfr.agent.watch;

import static org.inotifyjfr.events.EventNames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.inotifyjfr.it.Recorded;
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

    /** The JFR recorder, except that reporting the creation of an entry named "poison" throws. */
    private static final class FailingOn implements FileActivity {
        private final FileActivity jfr;

        FailingOn(FileActivity jfr) {
            this.jfr = jfr;
        }

        @Override
        public boolean wants(Kind kind) {
            return jfr.wants(kind);
        }

        @Override
        public void file(Kind kind, String path, boolean directory) {
            jfr.file(kind, path, directory);
        }

        @Override
        public void created(String path, boolean directory, boolean scanned) {
            if (path.endsWith("/poison")) {
                throw new IllegalStateException("a fault planted by the test");
            }
            jfr.created(path, directory, scanned);
        }

        @Override
        public void moved(String oldPath, String path, boolean directory, int cookie) {
            jfr.moved(oldPath, path, directory, cookie);
        }

        @Override
        public void overflowed(long overflows, long queueLimit, String action) {
            jfr.overflowed(overflows, queueLimit, action);
        }

        @Override
        public void watchFailed(String path, String errno, String message) {
            jfr.watchFailed(path, errno, message);
        }

        @Override
        public void rootWatched(String path) {
            jfr.rootWatched(path);
        }
    }
}
