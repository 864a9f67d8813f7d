package org.inotifyjfr.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The agent starting beside JFR's own start-up, many times over. */
class StartupIT {
    /**
     * Starts, two at a time, so that the timing of the agent's thread against the JVM's start-up
     * varies more than one at a time would make it.
     */
    private static final int STARTS = 24;

    /**
     * The agent registers its event types while a {@code -XX:StartFlightRecording} recording is
     * being started on the main thread. On JDK 17 the two threads once deadlocked inside JFR (see
     * {@code EventClasses}), hanging the JVM before main: in 1 start of 30 and 1 of 60 by hand, and
     * in the first run of this test without the fix. A pass is evidence, a failure proof.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void aJvmStartedWithARecordingAndTheAgentNeverHangs(Jdk jdk) throws Exception {
        Path work = Files.createTempDirectory("inotify-jfr-startup");
        Path jfc = Scenarios.everyInotifyEvent(work);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<ChildJvm.Result>> runs = new ArrayList<>();
            for (int i = 0; i < STARTS; i++) {
                Path dir = work.resolve("start-" + i);
                Path watched = Files.createDirectories(dir.resolve("watched"));
                runs.add(pool.submit(() -> new ChildJvm(jdk).agent("path=" + watched)
                        .recording(dir.resolve("recording.jfr"), jfc.toString())
                        .run(dir, FileScript.class, watched.toString(), "await:1", "write:f.txt:x")));
            }
            for (Future<ChildJvm.Result> run : runs) {
                ChildJvm.Result result = run.get().assertExitedNormally();
                assertTrue(result.stdout.contains("application finished normally"), result::toString);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
