package org.inotifyjfr.it;

import static org.inotifyjfr.events.EventNames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.tools.attach.VirtualMachine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.EventType;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.inotifyjfr.testing.Recorded;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** One agent per JVM: a second load joins its paths to the running agent and says so. */
class LoadedTwiceIT {
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void twoJavaagentFlagsRunOneAgentWatchingBothPaths(Jdk jdk) throws Exception {
        Path work = Files.createTempDirectory("inotify-jfr-twice");
        Path a = Files.createDirectories(work.resolve("w/a"));
        Path b = Files.createDirectories(work.resolve("w/b"));
        Path jfr = work.resolve("recording.jfr");
        ChildJvm.Result result = new ChildJvm(jdk).agent("path=" + a).agent("path=" + b + ",recursive=false")
                .recording(jfr, "default")
                .run(work, FileScript.class, work.resolve("w").toString(), "started", "await:2",
                        "write:a/x.txt:x", "write:b/y.txt:y")
                .assertExitedNormally();
        assertOneAgent(jfr, result.stderr, a, b);
        assertTrue(result.stderr.contains("Ignored, because they cannot change a running agent: recursive=false"),
                result::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void anAttachToAJvmThatRunsTheAgentJoinsItsPaths(Jdk jdk) throws Exception {
        Path work = Files.createTempDirectory("inotify-jfr-twice");
        Path a = Files.createDirectories(work.resolve("w/a"));
        Path b = Files.createDirectories(work.resolve("w/b"));
        Path jfr = work.resolve("recording.jfr");
        List<String> command = new ArrayList<>(List.of(jdk.java().toString()));
        command.addAll(jdk.nativeAccess());
        command.addAll(List.of("-XX:+EnableDynamicAgentLoading", "-javaagent:" + ChildJvm.AGENT_JAR + "=path=" + a,
                "-XX:StartFlightRecording=filename=" + jfr, "-cp", ChildJvm.TEST_CLASSES, FileScript.class.getName(),
                work.resolve("w").toString(), "await:2", "write:a/x.txt:x", "write:b/y.txt:y"));
        Path err = work.resolve("child.err");
        Process child = new ProcessBuilder(command).redirectError(err.toFile())
                .redirectOutput(work.resolve("child.out").toFile()).start();
        InotifyWatches.awaitIn(child.pid(), 1); // the first agent runs
        VirtualMachine vm = VirtualMachine.attach(Long.toString(child.pid()));
        try {
            vm.loadAgent(ChildJvm.AGENT_JAR.toString(), "path=" + b);
        } finally {
            vm.detach();
        }
        assertTrue(child.waitFor(5, TimeUnit.MINUTES), "the child hung");
        String stderr = Files.readString(err);
        assertEquals(0, child.exitValue(), stderr);
        assertOneAgent(jfr, stderr, a, b);
    }

    private static void assertOneAgent(Path jfr, String log, Path a, Path b) throws Exception {
        Recorded r = Recorded.read(jfr);
        assertEquals(1, r.at(FILE_CREATE, a.resolve("x.txt")).size(), r::inotifyEvents);
        assertEquals(1, r.at(FILE_CREATE, b.resolve("y.txt")).size(), r::inotifyEvents);
        try (RecordingFile file = new RecordingFile(jfr)) {
            long types = file.readEventTypes().stream().map(EventType::getName).filter(FILE_CREATE::equals).count();
            assertEquals(1, types, "inotify.FileCreate is one event type");
        }
        RecordedEvent last = r.named(CONFIGURATION).stream().max(Comparator.comparing(RecordedEvent::getStartTime))
                .orElseThrow();
        assertEquals(a + "\n" + b, last.getString("paths"), r.named(CONFIGURATION)::toString);
        assertTrue(log.contains("inotify-jfr: the agent was loaded again into this JVM"), log);
        assertTrue(log.contains("The running agent now also watches " + b), log);
    }
}
