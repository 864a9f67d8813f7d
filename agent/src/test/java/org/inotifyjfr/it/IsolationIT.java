package org.inotifyjfr.it;

import static org.inotifyjfr.events.EventNames.FILE_CREATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.inotifyjfr.testing.Recorded;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** An application that ships an older JNA keeps it, while the agent works with its own. */
class IsolationIT {
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void applicationKeepsItsOwnJnaWhileTheAgentRecords(Jdk jdk) throws Exception {
        String appJna = System.getProperty("app.jna.jar");
        String appJnaVersion = System.getProperty("app.jna.version");
        Scenarios.Run run = Scenarios.once("isolation", jdk, work -> {
            Path base = work.resolve("watched");
            Files.createDirectories(base);
            Path jfr = work.resolve("recording.jfr");
            ChildJvm.Result result = new ChildJvm(jdk).agent("path=" + base).recording(jfr, "default")
                    .classPath(ChildJvm.TEST_CLASSES + File.pathSeparator + appJna)
                    .run(work, JnaUser.class, base.toString()).assertExitedNormally();
            return new Scenarios.Run(base, jfr, result);
        });
        String out = run.result.stdout;
        assertTrue(out.contains("application JNA " + appJnaVersion + " from " + appJna), run.result::toString);
        Matcher pids = Pattern.compile("getpid (\\d+) pid (\\d+)").matcher(out);
        assertTrue(pids.find() && pids.group(1).equals(pids.group(2)), "the application's JNA calls work: " + out);
        run.recorded().one(FILE_CREATE, run.base.resolve("written-by-jna-user.txt"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void anApplicationWithItsOwnByteBuddyAndAgentKeepsBothAndItsWritesAreStillAttributed(Jdk jdk) throws Exception {
        String appByteBuddy = System.getProperty("app.bytebuddy.jars");
        String version = System.getProperty("app.bytebuddy.version");
        Path work = Files.createTempDirectory("inotify-jfr-app-bytebuddy");
        Path base = Files.createDirectories(work.resolve("watched"));
        Path jfr = work.resolve("recording.jfr");
        ChildJvm.Result result = new ChildJvm(jdk).agent("path=" + base).recording(jfr, "default")
                .option("-XX:+EnableDynamicAgentLoading")
                .classPath(ChildJvm.TEST_CLASSES + File.pathSeparator + appByteBuddy)
                .run(work, ByteBuddyUser.class, base.toString()).assertExitedNormally();
        assertTrue(result.stdout.contains("application Byte Buddy from ") && result.stdout.contains("/byte-buddy-"
                + version + ".jar\n"), "the application's Byte Buddy is its own: " + result);
        assertTrue(result.stdout.contains("greeting: HELLO"), "the application's own advice works: " + result);
        Recorded r = Recorded.read(jfr);
        jdk.jfr.consumer.RecordedEvent created = r.one(FILE_CREATE, base.resolve("by-app.txt"));
        assertEquals("java", created.getString("origin"), r::inotifyEvents);
        // main has ended when the JVM's last chunk records this, and JDK 17 records an ended thread as null:
        // the operation ID is the link that always holds
        jdk.jfr.consumer.RecordedEvent op = r.named(org.inotifyjfr.events.EventNames.JAVA_FILE_OPERATION).stream()
                .filter(e -> e.getLong("operationId") == created.getLong("operationId")).findFirst().orElseThrow();
        assertEquals("main", op.getThread().getJavaName());
        assertEquals(base.resolve("by-app.txt").toString(), op.getString("path"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void onlyTheBootClassIsVisibleToTheApplication(Jdk jdk) throws Exception {
        Path work = Files.createTempDirectory("inotify-jfr-visible");
        ChildJvm.Result result = new ChildJvm(jdk).agent("path=" + work)
                .run(work, ClassVisibility.class, "org.inotifyjfr.agent.boot.AgentBoot", "com.sun.jna.Native",
                        "net.bytebuddy.agent.ByteBuddyAgent", "org.inotifyjfr.agent.Agent", "org.inotifyjfr.events.FileCreateEvent")
                .assertExitedNormally();
        assertTrue(result.stdout.contains("org.inotifyjfr.agent.boot.AgentBoot visible"), result::toString);
        assertTrue(result.stdout.contains("com.sun.jna.Native hidden"), result::toString);
        assertTrue(result.stdout.contains("net.bytebuddy.agent.ByteBuddyAgent hidden"), result::toString);
        assertTrue(result.stdout.contains("org.inotifyjfr.agent.Agent hidden"), result::toString);
        assertTrue(result.stdout.contains("org.inotifyjfr.events.FileCreateEvent hidden"), result::toString);
    }
}
