package org.inotifyjfr.it;

import static org.inotifyjfr.events.EventNames.FILE_CREATE;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
