package org.inotifyjfr.it;

import static org.inotifyjfr.events.EventNames.FILE_CREATE;
import static org.inotifyjfr.events.EventNames.FILE_MODIFY;
import static org.inotifyjfr.events.EventNames.FILE_MOVE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import org.inotifyjfr.testing.Recorded;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code filter} setting of the file events, in child JVMs with real recordings. */
class PathFilterIT {
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void recordingsKeepTheUnionOfTheirFiltersAndAFilterThatKeepsNothingLeavesTheKindOutOfTheKernelMasks(Jdk jdk)
            throws Exception {
        Path work = Files.createTempDirectory("inotify-jfr-filter");
        Path dir = work.resolve("w");
        Files.createDirectories(dir.resolve("logs"));
        Files.createDirectories(dir.resolve("data"));
        ChildJvm.Result result = new ChildJvm(jdk).agent("path=" + dir)
                .run(work, FilteredRecordings.class, dir.toString()).assertExitedNormally();
        assertTrue(result.stdout.contains("modify masked while A keeps logs/**: true\n"
                + "modify masked while A keeps only paths outside the tree: false\n"
                + "modify masked while A keeps *.log: true\n"), result::toString);

        Recorded a = Recorded.read(work.resolve("a.jfr"));
        assertEquals(List.of("data/both.dat", "logs/a-again.log", "logs/a-only.log", "logs/both.log", "logs/names.log"),
                modified(a, dir), result::toString);
        Recorded b = Recorded.read(work.resolve("b.jfr"));
        assertTrue(modified(b, dir).containsAll(List.of("data/both.dat", "logs/both.log")), () -> modified(b, dir)
                + "\n" + result);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void aFilterOnTheCommandLineKeepsMatchingNamesAndMovesWithEitherPathInside(Jdk jdk) throws Exception {
        Path work = Files.createTempDirectory("inotify-jfr-filter-cli");
        Path dir = work.resolve("w");
        Files.createDirectories(dir.resolve("logs"));
        Files.createDirectories(dir.resolve("data"));
        Path jfr = work.resolve("cli.jfr");
        String logs = dir.resolve("logs") + "/**";
        ChildJvm.Result result = new ChildJvm(jdk).agent("path=" + dir)
                .option("-XX:StartFlightRecording:filename=" + jfr + ",+inotify.FileCreate#filter=*.log,"
                        + "+inotify.FileMove#filter=" + logs)
                .run(work, FileScript.class, dir.toString(),
                        "started", "write:logs/kept.log:x", "write:data/dropped.dat:x", "write:data/kept-too.log:x",
                        "mv:data/dropped.dat:logs/moved-in.dat", "mv:logs/kept.log:data/moved-out.log",
                        "mv:data/kept-too.log:data/renamed.log")
                .assertExitedNormally();
        Recorded r = Recorded.read(jfr);
        List<String> created = r.named(FILE_CREATE).stream().map(e -> relative(dir, e.getString("path")))
                .sorted().collect(Collectors.toList());
        assertEquals(List.of("data/kept-too.log", "logs/kept.log"), created, result::toString);
        List<String> moves = r.named(FILE_MOVE).stream()
                .map(e -> relative(dir, e.getString("oldPath")) + " -> " + relative(dir, e.getString("path")))
                .sorted().collect(Collectors.toList());
        assertEquals(List.of("data/dropped.dat -> logs/moved-in.dat", "logs/kept.log -> data/moved-out.log"), moves,
                result::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void jfrConfigureWritesTheFilterIntoTheTemplateAndTheRecordingKeepsIt(Jdk jdk) throws Exception {
        Path work = Files.createTempDirectory("inotify-jfr-filter-jfc");
        Path dir = Files.createDirectories(work.resolve("w/logs"));
        Files.createDirectories(work.resolve("w/data"));
        Path template = work.resolve("inotify.jfc");
        Process jfc = new ProcessBuilder(jdk.java().toString(), "-jar", ChildJvm.AGENT_JAR.toString(), "jfc")
                .redirectOutput(template.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertTrue(jfc.waitFor(5, TimeUnit.MINUTES) && jfc.exitValue() == 0, "jfc exit");
        Path configured = work.resolve("logs-only.jfc");
        Process configure = new ProcessBuilder(jdk.home.resolve("bin/jfr").toString(), "configure", "--input",
                template.toString(), "+inotify.FileModify#filter=" + dir + "/**", "--output", configured.toString())
                .redirectErrorStream(true).start();
        String said = new String(configure.getInputStream().readAllBytes());
        assertTrue(configure.waitFor(5, TimeUnit.MINUTES) && configure.exitValue() == 0, said);
        assertTrue(Files.readString(configured).contains("<setting name=\"filter\">" + dir + "/**</setting>"), said);

        Path jfr = work.resolve("jfc.jfr");
        Path base = work.resolve("w");
        ChildJvm.Result result = new ChildJvm(jdk).agent("path=" + base).recording(jfr, configured.toString())
                .run(work, FileScript.class, base.toString(), "started", "write:logs/kept.log:x",
                        "write:data/dropped.dat:x")
                .assertExitedNormally();
        assertEquals(List.of("logs/kept.log"), modified(Recorded.read(jfr), base), result::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void aMalformedGlobIsNamedInTheLogAndTheEventIsRecordedForEveryPath(Jdk jdk) throws Exception {
        Path work = Files.createTempDirectory("inotify-jfr-filter-bad");
        Path dir = Files.createDirectories(work.resolve("w"));
        Path jfr = work.resolve("bad.jfr");
        ChildJvm.Result result = new ChildJvm(jdk).agent("path=" + dir)
                .option("-XX:StartFlightRecording:filename=" + jfr + ",+inotify.FileCreate#filter=*.log:[abc")
                .run(work, FileScript.class, dir.toString(), "started", "write:a.log:x", "write:b.dat:x")
                .assertExitedNormally();
        assertTrue(result.stderr.contains("inotify-jfr: the setting inotify.FileCreate#filter holds the glob '[abc', "
                + "which is not one: "), result::toString);
        assertTrue(result.stderr.contains("inotify.FileCreate is recorded for every path until the recording's "
                + "setting is fixed"), result::toString);
        Recorded r = Recorded.read(jfr);
        r.one(FILE_CREATE, dir.resolve("a.log"));
        r.one(FILE_CREATE, dir.resolve("b.dat"));
    }

    private static List<String> modified(Recorded r, Path dir) {
        return r.named(FILE_MODIFY).stream().map(e -> relative(dir, e.getString("path"))).distinct().sorted()
                .collect(Collectors.toList());
    }

    private static String relative(Path dir, String path) {
        return path == null ? "null" : dir.relativize(Path.of(path)).toString();
    }
}
