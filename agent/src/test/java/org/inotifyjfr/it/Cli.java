package org.inotifyjfr.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code java -jar inotify-jfr-agent.jar ARGS} on a JDK: its exit status and what it printed (stdout and stderr). */
final class Cli {
    final int status;
    final String out;

    private Cli(int status, String out) {
        this.status = status;
        this.out = out;
    }

    static Cli run(Jdk jdk, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(jdk.java().toString(), "-jar", ChildJvm.AGENT_JAR.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the command line hung");
        return new Cli(p.exitValue(), out);
    }

    @Override
    public String toString() {
        return "exit " + status + ":\n" + out;
    }
}
