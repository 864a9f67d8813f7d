package org.inotifyjfr.agent.attach;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code /proc} says of a process the command line is to attach to, looked at before
 * trying: an attach that cannot work is refused with the reason and the remedy, rather than
 * tried (a JVM started with {@code -XX:+DisableAttachMechanism} prints a thread dump when it is
 * tried the way Byte Buddy emulates an attach).
 */
final class Target {
    private Target() {
    }

    /** Why process {@code pid} cannot take the agent, or null if it can be tried. */
    static String refusal(String pid, String jar) {
        Path proc = Path.of("/proc", pid);
        if (!Files.isDirectory(proc)) {
            return "no process " + pid + " runs";
        }
        long ours = euid("self");
        long theirs = euid(pid);
        if (theirs >= 0 && ours != 0 && theirs != ours) {
            String user = user(theirs);
            return "process " + pid + " runs as user " + user + " (uid " + theirs + "); a JVM accepts an attach only "
                    + "from its own user: run this as that user, for example sudo -u " + user + " java -jar " + jar
                    + " " + pid + " ...";
        }
        if (!isJvm(pid)) {
            return "process " + pid + " (" + command(pid) + ") is not a Java virtual machine";
        }
        List<String> args = List.of(AttachCli.split(read(proc.resolve("cmdline"))));
        if (args.contains("-XX:+DisableAttachMechanism")) {
            return "the JVM " + pid + " was started with -XX:+DisableAttachMechanism, so it accepts no attach; start it "
                    + "without that option, or give it the agent at start with -javaagent:" + jar + "=path=DIR";
        }
        if (args.contains("-XX:-EnableDynamicAgentLoading")) {
            return "the JVM " + pid + " was started with -XX:-EnableDynamicAgentLoading, so it loads no agent while it "
                    + "runs; start it without that option (or with -XX:+EnableDynamicAgentLoading), or give it the "
                    + "agent at start with -javaagent:" + jar + "=path=DIR";
        }
        return null;
    }

    /** Whether process {@code pid} has a HotSpot JVM mapped (libjvm.so). */
    static boolean isJvm(String pid) {
        return read(Path.of("/proc", pid, "maps")).contains("/libjvm.so");
    }

    static boolean sameUserOrRoot(String pid) {
        long ours = euid("self");
        return ours == 0 || ours == euid(pid);
    }

    /** "PID MAIN INOTIFY-JFR" for the list. */
    static String describe(String pid) {
        String[] args = AttachCli.split(read(Path.of("/proc", pid, "cmdline")));
        String agentArgs = null;
        String main = "?";
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("-javaagent:") && a.contains("inotify-jfr")) {
                int eq = a.indexOf('=');
                agentArgs = eq < 0 ? "" : a.substring(eq + 1);
            } else if (a.equals("-jar") && i + 1 < args.length) {
                main = args[i + 1];
                break;
            } else if (List.of("-cp", "-classpath", "--class-path", "-p", "--module-path", "--add-opens",
                    "--add-exports", "--add-modules", "--add-reads").contains(a)) {
                i++;
            } else if (a.equals("-m") || a.equals("--module")) {
                main = i + 1 < args.length ? args[i + 1] : "?";
                break;
            } else if (!a.startsWith("-")) {
                main = a;
                break;
            }
        }
        String watching = StatusFile.read(pid);
        boolean loaded = agentArgs != null || watching != null || holdsAgentJar(pid);
        String how = agentArgs != null ? "loaded at start (" + agentArgs + ")" : "loaded by an attach";
        return pid + " " + main + " " + (!loaded ? "not loaded"
                : watching != null ? how + ": " + watching
                : how + " (" + pid + " status says what it watches)");
    }

    /** Whether the process has a jar named like the agent's open: it was attached. */
    private static boolean holdsAgentJar(String pid) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", pid, "fd"))) {
            for (Path fd : fds) {
                try {
                    if (Files.readSymbolicLink(fd).toString().contains("inotify-jfr-agent")) {
                        return true;
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    private static String command(String pid) {
        String[] args = AttachCli.split(read(Path.of("/proc", pid, "cmdline")));
        return args.length == 0 ? read(Path.of("/proc", pid, "comm")).trim() : String.join(" ", args);
    }

    /** The effective uid of the process ("self" for this one), -1 if unknown. */
    private static long euid(String pid) {
        for (String line : read(Path.of("/proc", pid, "status")).split("\n")) {
            if (line.startsWith("Uid:")) {
                String[] ids = line.substring(4).trim().split("\\s+");
                return ids.length > 1 ? Long.parseLong(ids[1]) : -1;
            }
        }
        return -1;
    }

    private static String user(long uid) {
        for (String line : read(Path.of("/etc/passwd")).split("\n")) {
            String[] f = line.split(":");
            if (f.length > 2 && f[2].equals(Long.toString(uid))) {
                return f[0];
            }
        }
        return "#" + uid;
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
