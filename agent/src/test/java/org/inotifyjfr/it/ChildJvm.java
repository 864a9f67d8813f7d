package org.inotifyjfr.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a class of the test sources in a new JVM, with the real agent jar as {@code -javaagent}. */
final class ChildJvm {
    static final Path AGENT_JAR = Path.of(required("agent.jar"));
    static final String TEST_CLASSES = required("test.classes");
    /** Only against hangs: a healthy child finishes in seconds. */
    private static final long HANG_MINUTES = 5;

    /** What the child printed and how it ended. */
    static final class Result {
        final int exit;
        final String stdout;
        final String stderr;

        Result(int exit, String stdout, String stderr) {
            this.exit = exit;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        Result assertExitedNormally() {
            assertEquals(0, exit, () -> "child JVM exit code\n" + this);
            return this;
        }

        @Override
        public String toString() {
            return "--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    private final Jdk jdk;
    private final List<String> prefix = new ArrayList<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private String classPath = TEST_CLASSES;

    ChildJvm(Jdk jdk) {
        this.jdk = jdk;
        jvmOptions.addAll(jdk.nativeAccess());
    }

    ChildJvm agent(String arguments) {
        jvmOptions.add("-javaagent:" + AGENT_JAR + (arguments.isEmpty() ? "" : "=" + arguments));
        return this;
    }

    /** Records from JVM start to exit into {@code jfr} with the given settings (a name or a .jfc path). */
    ChildJvm recording(Path jfr, String settings) {
        jvmOptions.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=" + settings);
        return this;
    }

    /** Without the native-access option README tells JDK 24+ users to add. */
    ChildJvm withoutNativeAccess() {
        jvmOptions.removeAll(jdk.nativeAccess());
        return this;
    }

    ChildJvm option(String option) {
        jvmOptions.add(option);
        return this;
    }

    /** Runs the JVM through a command such as {@code setpriv ...}, which then executes the java command line. */
    ChildJvm wrappedIn(String... command) {
        prefix.addAll(List.of(command));
        return this;
    }

    ChildJvm classPath(String path) {
        classPath = path;
        return this;
    }

    Result run(Path workDir, Class<?> main, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(prefix);
        command.add(jdk.java().toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
        command.add(main.getName());
        command.addAll(List.of(args));
        Files.createDirectories(workDir);
        Path out = workDir.resolve("child.out");
        Path err = workDir.resolve("child.err");
        Process process = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(HANG_MINUTES, TimeUnit.MINUTES)) {
            String threads = threadDump(process.pid());
            process.destroyForcibly();
            fail("child JVM hung: " + command + "\n" + Files.readString(out) + Files.readString(err)
                    + "--- its threads\n" + threads);
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** What {@code jcmd PID Thread.print} says: where a hung child's threads wait. */
    private String threadDump(long pid) {
        try {
            Process jcmd = new ProcessBuilder(jdk.home.resolve("bin/jcmd").toString(), Long.toString(pid), "Thread.print")
                    .redirectErrorStream(true).start();
            String dump = new String(jcmd.getInputStream().readAllBytes());
            jcmd.waitFor(1, TimeUnit.MINUTES);
            return dump;
        } catch (IOException | InterruptedException e) {
            return "(no thread dump: " + e + ")";
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set: run the integration "
                    + "tests through Maven (mvn verify), which sets it");
        }
        return value;
    }
}
