package org.inotifyjfr.it;

import static org.inotifyjfr.events.EventNames.CONFIGURATION;
import static org.inotifyjfr.events.EventNames.FILE_ATTRIB;
import static org.inotifyjfr.events.EventNames.FILE_CLOSE_WRITE;
import static org.inotifyjfr.events.EventNames.FILE_CREATE;
import static org.inotifyjfr.events.EventNames.FILE_DELETE;
import static org.inotifyjfr.events.EventNames.FILE_MODIFY;
import static org.inotifyjfr.events.EventNames.FILE_MOVE;
import static org.inotifyjfr.events.EventNames.JAVA_FILE_OPERATION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import org.inotifyjfr.testing.Recorded;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code inotify.JavaFileOperation}: Java code's file operations on watched paths, on the calling thread with its stack. */
class JavaFileOperationIT {
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void eachFamilyOfJavaFileOperationIsRecordedOnItsThreadWithTheCallingMethodInTheStack(Jdk jdk) throws Exception {
        Path work = Files.createTempDirectory("inotify-jfr-java-ops");
        Path dir = Files.createDirectories(work.resolve("w"));
        Path outside = Files.createDirectories(work.resolve("outside"));
        Path jfr = work.resolve("ops.jfr");
        ChildJvm.Result result = new ChildJvm(jdk).agent("path=" + dir).recording(jfr, "default")
                .run(work, JavaChanges.class, dir.toString(), outside.toString()).assertExitedNormally();
        assertFalse(result.stderr.contains("WARNING: inotify-jfr"), result::toString);
        assertFalse(result.stderr.contains("CDS") || result.stderr.contains("sun.misc.Unsafe"), result::toString);
        List<RecordedEvent> ops = Recorded.read(jfr).named(JAVA_FILE_OPERATION);
        String seen = ops.stream().map(e -> e.getString("operation") + " " + e.getString("path") + " <- "
                + e.getString("oldPath")).collect(Collectors.joining("\n"));

        expect(ops, seen, "ioWrite", "open for write", dir.resolve("io-stream.txt"), null);
        expect(ops, seen, "ioWrite", "open for write", dir.resolve("io-raf.txt"), null);
        expect(ops, seen, "ioCreateAndDelete", "create", dir.resolve("io-created.txt"), null);
        expect(ops, seen, "ioCreateAndDelete", "delete", dir.resolve("io-created.txt"), null);
        expect(ops, seen, "ioRename", "move", dir.resolve("io-renamed.txt"), dir.resolve("io-stream.txt"));
        expect(ops, seen, "ioMkdirAndAttributes", "mkdir", dir.resolve("io-dir"), null);
        expect(ops, seen, "ioMkdirAndAttributes", "attributes", dir.resolve("io-raf.txt"), null);
        expect(ops, seen, "nioWrite", "open for write", dir.resolve("nio-written.txt"), null);
        expect(ops, seen, "nioMoveCopyDelete", "move", dir.resolve("nio-moved.txt"), dir.resolve("nio-written.txt"));
        expect(ops, seen, "nioMoveCopyDelete", "copy", dir.resolve("nio-copy.txt"), null);
        expect(ops, seen, "nioMoveCopyDelete", "delete", dir.resolve("nio-copy.txt"), null);
        expect(ops, seen, "nioMoveCopyDelete", "mkdir", dir.resolve("nio-dir"), null);
        expect(ops, seen, "nioAttributes", "attributes", dir.resolve("nio-moved.txt"), null);
        assertTrue(ops.stream().anyMatch(e -> e.getString("operation").equals("create")
                && e.getString("path").startsWith(dir.resolve("io-temp").toString())), seen);
        assertTrue(ops.stream().noneMatch(e -> e.getString("path").startsWith(outside.toString())), seen);
        assertEquals(ops.size(), ops.stream().map(e -> e.getLong("operationId")).distinct().count(), "operation IDs are unique");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void eachFileEventNamesTheJavaThreadAndOperationThatCausedItAndAnotherProcessesChangeIsOther(Jdk jdk)
            throws Exception {
        Path work = Files.createTempDirectory("inotify-jfr-java-origin");
        Path dir = Files.createDirectories(work.resolve("w"));
        Path outside = Files.createDirectories(work.resolve("outside"));
        Path jfr = work.resolve("origin.jfr");
        new ChildJvm(jdk).agent("path=" + dir).recording(jfr, "default")
                .run(work, JavaChanges.class, dir.toString(), outside.toString()).assertExitedNormally();
        Recorded r = Recorded.read(jfr);
        List<RecordedEvent> ops = r.named(JAVA_FILE_OPERATION);
        long pid = r.named("jdk.JVMInformation").get(0).getLong("pid");
        causedBy(r, ops, pid, FILE_CREATE, dir.resolve("io-created.txt"), "create");
        causedBy(r, ops, pid, FILE_DELETE, dir.resolve("io-created.txt"), "delete");
        causedBy(r, ops, pid, FILE_CREATE, dir.resolve("io-stream.txt"), "open for write");
        causedBy(r, ops, pid, FILE_CLOSE_WRITE, dir.resolve("io-raf.txt"), "open for write");
        causedBy(r, ops, pid, FILE_MOVE, dir.resolve("io-renamed.txt"), "move");
        causedBy(r, ops, pid, FILE_CREATE, dir.resolve("io-dir"), "mkdir");
        causedBy(r, ops, pid, FILE_MODIFY, dir.resolve("nio-written.txt"), "open for write");
        causedBy(r, ops, pid, FILE_MOVE, dir.resolve("nio-moved.txt"), "move");
        causedBy(r, ops, pid, FILE_DELETE, dir.resolve("nio-copy.txt"), "delete");
        causedBy(r, ops, pid, FILE_CREATE, dir.resolve("nio-dir"), "mkdir");
        causedBy(r, ops, pid, FILE_ATTRIB, dir.resolve("nio-moved.txt"), "attributes");
        Attribution expected = Attribution.ofThisMachine();
        assertEquals(expected.summary, attributionIn(r), "this machine: " + expected);
        r.one(FILE_CREATE, dir.resolve("by-shell.txt"));
        for (String kind : List.of(FILE_CREATE, FILE_MODIFY, FILE_CLOSE_WRITE)) {
            for (RecordedEvent e : r.at(kind, dir.resolve("by-shell.txt"))) {
                assertEquals(expected.fanotify ? "other" : "unknown", e.getString("origin"), r::inotifyEvents);
                assertEquals(null, e.getThread("javaThread"));
                assertEquals(0, e.getLong("operationId"));
                if (expected.everyPid) {
                    assertTrue(e.getInt("pid") > 0 && e.getInt("pid") != pid, () -> "the shell's pid: " + e);
                    assertEquals("sh", e.getString("process"), e::toString);
                } else {
                    assertEquals(0, e.getInt("pid"), e::toString);
                    assertEquals(null, e.getString("process"), e::toString);
                }
            }
        }
    }

    /**
     * Without CAP_SYS_ADMIN, fanotify still tells this JVM's changes from another process's (Linux
     * 5.13+), but names no other pid. Run as root with CAP_SYS_ADMIN dropped from the bounding set.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void withoutCapSysAdminAnotherProcessesChangeIsOtherWithNoPid(Jdk jdk) throws Exception {
        Path work = Files.createTempDirectory("inotify-jfr-unprivileged-origin");
        Path dir = Files.createDirectories(work.resolve("w"));
        Path outside = Files.createDirectories(work.resolve("outside"));
        Path jfr = work.resolve("origin.jfr");
        new ChildJvm(jdk).wrappedIn("setpriv", "--bounding-set=-sys_admin", "--inh-caps=-sys_admin")
                .agent("path=" + dir).recording(jfr, "default")
                .run(work, JavaChanges.class, dir.toString(), outside.toString()).assertExitedNormally();
        Recorded r = Recorded.read(jfr);
        long pid = r.named("jdk.JVMInformation").get(0).getLong("pid");
        boolean fanotify = Attribution.kernelAtLeast(5, 13);
        assertEquals(fanotify ? Attribution.THIS_OR_OTHER : Attribution.NONE_PREFIX,
                fanotify ? attributionIn(r) : attributionIn(r).substring(0, Attribution.NONE_PREFIX.length()));
        causedBy(r, r.named(JAVA_FILE_OPERATION), pid, FILE_CREATE, dir.resolve("io-created.txt"), "create");
        RecordedEvent e = r.one(FILE_CREATE, dir.resolve("by-shell.txt"));
        assertEquals(fanotify ? "other" : "unknown", e.getString("origin"), r::inotifyEvents);
        assertEquals(0, e.getInt("pid"), e::toString);
        assertEquals(null, e.getString("process"), e::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void withFanotifyOffAnotherProcessesChangeIsUnknownAndJavasStillJava(Jdk jdk) throws Exception {
        Path work = Files.createTempDirectory("inotify-jfr-no-fanotify");
        Path dir = Files.createDirectories(work.resolve("w"));
        Path outside = Files.createDirectories(work.resolve("outside"));
        Path jfr = work.resolve("origin.jfr");
        new ChildJvm(jdk).agent("path=" + dir + ",fanotify=false").recording(jfr, "default")
                .run(work, JavaChanges.class, dir.toString(), outside.toString()).assertExitedNormally();
        Recorded r = Recorded.read(jfr);
        assertEquals("Java operations (Byte Buddy advice); no process attribution (fanotify=false)", attributionIn(r));
        RecordedEvent e = r.one(FILE_CREATE, dir.resolve("by-shell.txt"));
        assertEquals("unknown", e.getString("origin"), r::inotifyEvents);
        RecordedEvent java = r.one(FILE_CREATE, dir.resolve("io-created.txt"));
        assertEquals("java", java.getString("origin"), r::inotifyEvents);
        assertEquals(r.named("jdk.JVMInformation").get(0).getLong("pid"), java.getInt("pid"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void jfrsOwnWritesInAWatchedTreeAreNeverTakenForJavaOperations(Jdk jdk) throws Exception {
        Path work = Files.createTempDirectory("inotify-jfr-jfr-writes");
        Path dir = Files.createDirectories(work.resolve("w"));
        Path repository = Files.createDirectories(dir.resolve("repository"));
        Path outside = Files.createDirectories(work.resolve("outside"));
        Path jfr = work.resolve("origin.jfr");
        new ChildJvm(jdk).agent("path=" + dir).recording(jfr, "default")
                .option("-XX:FlightRecorderOptions:repository=" + repository)
                .run(work, JavaChanges.class, dir.toString(), outside.toString()).assertExitedNormally();
        Recorded r = Recorded.read(jfr);
        long pid = r.named("jdk.JVMInformation").get(0).getLong("pid");
        List<RecordedEvent> jfrs = r.all().stream()
                .filter(e -> e.hasField("origin") && e.hasField("path") && String.valueOf(e.getString("path")).startsWith(repository + "/"))
                .collect(Collectors.toList());
        assertTrue(jfrs.stream().anyMatch(e -> e.getEventType().getName().equals(FILE_MODIFY)),
                () -> "JFR's chunk file is written in " + repository + "\n" + r.inotifyEvents());
        boolean fanotify = Attribution.ofThisMachine().fanotify;
        for (RecordedEvent e : jfrs) {
            assertEquals(fanotify ? "jvm" : "unknown", e.getString("origin"), e::toString);
            assertEquals(null, e.getThread("javaThread"), e::toString);
            assertEquals(fanotify ? pid : 0, e.getInt("pid"), e::toString);
        }
        assertEquals("java", r.one(FILE_CREATE, dir.resolve("io-created.txt")).getString("origin"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void javaFileOperationTurnedOffInAJfcRecordsNoOperationAndNoJavaOrigin(Jdk jdk) throws Exception {
        Path work = Files.createTempDirectory("inotify-jfr-ops-off");
        Path dir = Files.createDirectories(work.resolve("w"));
        Path outside = Files.createDirectories(work.resolve("outside"));
        String template = Files.readString(Path.of(System.getProperty("repo.dir"), "inotify.jfc"));
        String on = "<event name=\"inotify.JavaFileOperation\">\n    <setting name=\"threshold\">0 ns</setting>\n"
                + "    <setting name=\"stackTrace\">true</setting>\n    <setting name=\"enabled\">true</setting>";
        assertTrue(template.contains(on), "the template lists inotify.JavaFileOperation with its defaults");
        Path jfc = Files.writeString(work.resolve("no-operations.jfc"), template.replace(on,
                on.replace("<setting name=\"enabled\">true", "<setting name=\"enabled\">false")));
        Path jfr = work.resolve("off.jfr");
        new ChildJvm(jdk).agent("path=" + dir).recording(jfr, jfc.toString())
                .run(work, JavaChanges.class, dir.toString(), outside.toString()).assertExitedNormally();
        Recorded r = Recorded.read(jfr);
        assertEquals(0, r.named(JAVA_FILE_OPERATION).size());
        RecordedEvent created = r.one(FILE_CREATE, dir.resolve("io-created.txt"));
        assertEquals(Attribution.ofThisMachine().fanotify ? "jvm" : "unknown", created.getString("origin"), created::toString);
        assertEquals(0, created.getLong("operationId"));
    }

    private static String attributionIn(Recorded r) {
        List<RecordedEvent> configurations = r.named(CONFIGURATION);
        return configurations.get(configurations.size() - 1).getString("attribution");
    }

    /** Every {@code kind} event at {@code path} is the Java thread's, with the ID of an {@code operation} there. */
    private static void causedBy(Recorded r, List<RecordedEvent> ops, long pid, String kind, Path path, String operation) {
        List<RecordedEvent> events = r.at(kind, path);
        assertFalse(events.isEmpty(), () -> kind + " at " + path + "\n" + r.inotifyEvents());
        for (RecordedEvent e : events) {
            assertEquals("java", e.getString("origin"), () -> kind + " at " + path + "\n" + r.inotifyEvents());
            assertEquals("changer", e.getThread("javaThread").getJavaName());
            assertEquals(pid, e.getInt("pid"), e::toString);
            assertEquals("java", e.getString("process"), e::toString);
            long id = e.getLong("operationId");
            assertTrue(ops.stream().anyMatch(op -> op.getLong("operationId") == id
                    && op.getString("operation").equals(operation)), () -> kind + " at " + path + " has operationId "
                            + id + ", not that of a " + operation);
        }
    }

    private static void expect(List<RecordedEvent> ops, String seen, String method, String operation, Path path, Path oldPath) {
        List<RecordedEvent> found = ops.stream().filter(e -> e.getString("operation").equals(operation)
                && e.getString("path").equals(path.toString())
                && (oldPath == null ? e.getString("oldPath") == null : oldPath.toString().equals(e.getString("oldPath"))))
                .collect(Collectors.toList());
        assertFalse(found.isEmpty(), () -> operation + " " + path + " by " + method + " is recorded; recorded:\n" + seen);
        RecordedEvent e = found.get(0);
        assertEquals("changer", e.getThread().getJavaName(), operation + " " + path);
        assertTrue(e.getLong("operationId") > 0);
        List<RecordedFrame> frames = e.getStackTrace().getFrames();
        assertTrue(frames.stream().anyMatch(f -> f.getMethod().getType().getName().equals(JavaChanges.class.getName())
                && f.getMethod().getName().equals(method)), () -> operation + " " + path + " stack: " + frames.stream()
                        .map(f -> f.getMethod().getType().getName() + "." + f.getMethod().getName())
                        .collect(Collectors.joining(", ")));
    }
}
