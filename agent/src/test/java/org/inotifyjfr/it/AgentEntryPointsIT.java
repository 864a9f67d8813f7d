package org.inotifyjfr.it;

import static org.inotifyjfr.events.EventNames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.tools.attach.VirtualMachine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Configuration;
import org.inotifyjfr.testing.Recorded;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The jar's other entry points: agentmain (attach to a running JVM), main, and the JDK's jfr tool on what it records. */
class AgentEntryPointsIT {
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void agentLoadedIntoARunningJvmRecordsItsFileActivity(Jdk jdk) throws Exception {
        Path work = Files.createTempDirectory("inotify-jfr-attach");
        Path base = Files.createDirectories(work.resolve("watched"));
        Path jfr = work.resolve("recording.jfr");
        List<String> command = new ArrayList<>(List.of(jdk.java().toString()));
        command.addAll(jdk.nativeAccess());
        command.addAll(List.of("-XX:+EnableDynamicAgentLoading", "-XX:StartFlightRecording=filename=" + jfr,
                "-cp", ChildJvm.TEST_CLASSES, FileScript.class.getName(), base.toString(), "write:../main-runs:1", "started",
                "write:attached.txt:x"));
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("child.out").toFile()).start();
        // An agent loaded while the JVM is still starting fails inside the JDK (a NullPointerException
        // from the attach); a JVM whose main method runs is what a user attaches to.
        for (int i = 0; i < 6000 && !Files.exists(work.resolve("main-runs")) && child.isAlive(); i++) {
            Thread.sleep(10);
        }
        VirtualMachine vm = VirtualMachine.attach(Long.toString(child.pid()));
        try {
            vm.loadAgent(ChildJvm.AGENT_JAR.toString(), "path=" + base);
        } finally {
            vm.detach();
        }
        assertTrue(child.waitFor(5, TimeUnit.MINUTES), "the child hung");
        String out = Files.readString(work.resolve("child.out"));
        assertEquals(0, child.exitValue(), out);
        assertTrue(out.contains("application finished normally"), out);
        Recorded.read(jfr).one(FILE_CREATE, base.resolve("attached.txt"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void javaDashJarPrintsUsage(Jdk jdk) throws Exception {
        Process p = new ProcessBuilder(jdk.java().toString(), "-jar", ChildJvm.AGENT_JAR.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.startsWith("inotify-jfr: records Linux inotify file activity as JDK Flight Recorder events."), out);
        assertTrue(out.contains("-javaagent:inotify-jfr-agent.jar=path=DIR"), out);
        for (String option : new String[] {"path=DIR", "recursive=BOOL", "exclude=GLOB", "batch=MS", "watch=WHEN", "config=FILE"}) {
            assertTrue(out.contains("\n  " + option + " "), () -> option + " in\n" + out);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void javaDashJarWithArgumentsItDoesNotKnowSaysSoAndFails(Jdk jdk) throws Exception {
        Process p = new ProcessBuilder(jdk.java().toString(), "-jar", ChildJvm.AGENT_JAR.toString(), "frobnicate", "path=/x")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.startsWith("inotify-jfr: unknown command 'frobnicate path=/x'. Usage:"), out);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void jfcWritesThisJdksSettingsWithEveryInotifyEventAndARecordingTakesThem(Jdk jdk) throws Exception {
        Path work = Files.createTempDirectory("inotify-jfr-jfc");
        for (String base : new String[] {"default", "profile"}) {
            Path jfc = work.resolve(base + ".jfc");
            Process p = new ProcessBuilder(jdk.java().toString(), "-jar", ChildJvm.AGENT_JAR.toString(), "jfc", base)
                    .redirectOutput(jfc.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            assertTrue(p.waitFor(5, TimeUnit.MINUTES));
            assertEquals(0, p.exitValue());
            Configuration c = Configuration.create(jfc);
            assertTrue(c.getLabel().endsWith(" with inotify-jfr"), c.getLabel());
            assertEquals(Configuration.getConfiguration(base).getSettings().get("jdk.CPULoad#enabled"),
                    c.getSettings().get("jdk.CPULoad#enabled"), "the JDK's own settings are kept");
            assertEquals("true", c.getSettings().get(FILE_CREATE + "#enabled"));
            assertEquals("false", c.getSettings().get(FILE_OPEN + "#enabled"));
            assertEquals("true", c.getSettings().get(WATCH_FAILURE + "#enabled"));
        }
        Path base = Files.createDirectories(work.resolve("w"));
        Path jfr = work.resolve("recording.jfr");
        new ChildJvm(jdk).agent("path=" + base).recording(jfr, work.resolve("profile.jfc").toString())
                .run(work, FileScript.class, base.toString(), "started", "write:f.txt:x", "read:f.txt")
                .assertExitedNormally();
        Recorded r = Recorded.read(jfr);
        r.one(FILE_CREATE, base.resolve("f.txt"));
        assertTrue(r.at(FILE_OPEN, base.resolve("f.txt")).isEmpty(), "FileOpen is off by default");
        assertFalse(r.named("jdk.JVMInformation").isEmpty(), "the JDK's events are recorded too");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void jfrPrintShowsTheEventsOfARecording(Jdk jdk) throws Exception {
        Scenarios.Run run = AgentRecordsFileActivityIT.everyKind(jdk);
        Process p = new ProcessBuilder(jdk.home.resolve("bin/jfr").toString(), "print", "--events", FILE_CREATE,
                run.jfr.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("inotify.FileCreate {"), out);
        assertTrue(out.contains("path = \"" + run.base.resolve("old/deep/er/new.txt") + "\""), out);
        assertTrue(out.contains("scanned = false"), out);
    }
}
