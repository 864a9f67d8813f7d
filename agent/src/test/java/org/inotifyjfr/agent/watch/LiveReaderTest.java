package org.inotifyjfr.agent.watch;

import static org.inotifyjfr.events.EventNames.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import jdk.jfr.Recording;
import org.inotifyjfr.agent.record.JfrRecorder;
import org.inotifyjfr.testing.Recorded;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader and watch tree in this JVM, on real inotify and a real recording. {@link #stop}
 * drains the kernel queue synchronously before the recording stops, so no test waits or sleeps;
 * tests that must act between two reads {@link InotifyReader#drain} themselves.
 */
abstract class LiveReaderTest {
    @TempDir
    Path dir;

    Recording recording;
    InotifyReader reader;
    JfrRecorder recorder;
    final List<String> disabled = new ArrayList<>();
    /** What the reader reports to, given the JFR recorder: a test may put something around it. */
    UnaryOperator<FileActivity> around = UnaryOperator.identity();
    /** The agent's default; a test may read without batching. */
    int batchMillis = 1;

    void start(boolean recursive, List<String> excludes, Path... roots) throws Exception {
        open(recursive, excludes);
        reader.start();
        for (Path root : roots) {
            reader.watch(root.toString());
        }
    }

    void open(boolean recursive, List<String> excludes) throws Exception {
        open(recursive, excludes, 64 * 1024);
    }

    /** Opens the reader without starting its thread: nothing reads the queue until a drain. */
    void open(boolean recursive, List<String> excludes, int bufferSize) throws Exception {
        recording = new Recording();
        for (String name : List.of(FILE_CREATE, FILE_DELETE, FILE_MODIFY, FILE_ATTRIB, FILE_CLOSE_WRITE,
                FILE_MOVE, QUEUE_OVERFLOW, WATCH_FAILURE)) {
            if (!disabled.contains(name)) {
                recording.enable(name);
            }
        }
        for (String name : disabled) {
            recording.disable(name);
        }
        recording.start();
        recorder = new JfrRecorder();
        reader = InotifyReader.open(bufferSize, batchMillis, recursive, new Excludes(excludes), around.apply(recorder));
    }

    Recorded stop() throws Exception {
        reader.drain();
        reader.close();
        recording.stop();
        Path jfr = dir.resolve("test.jfr");
        recording.dump(jfr);
        return Recorded.read(jfr);
    }

    @AfterEach
    void closeEverything() {
        if (reader != null) {
            reader.close();
        }
        if (recording != null) {
            recording.close();
        }
    }
}
