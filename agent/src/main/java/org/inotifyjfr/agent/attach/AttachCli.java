package org.inotifyjfr.agent.attach;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.inotifyjfr.agent.Agent;
import org.inotifyjfr.agent.Control;
import org.inotifyjfr.agent.record.Template;

/**
 * {@code java -jar inotify-jfr-agent.jar}: lists the JVMs it can attach to, attaches the agent to
 * one (or reconfigures, queries or stops the agent there) and prints the outcome the target
 * wrote back ({@link Control}).
 */
public final class AttachCli {
    static final String USAGE = String.join("\n",
            "inotify-jfr: records Linux inotify file activity as JDK Flight Recorder events.",
            "",
            "Usage, at JVM start:",
            "  java -javaagent:inotify-jfr-agent.jar=path=DIR[,path=DIR...][,OPTION=VALUE...]",
            "       [-XX:StartFlightRecording=filename=rec.jfr] ...",
            "",
            "Options:",
            "  path=DIR        a directory (or a file) to watch; repeat for several",
            "  recursive=BOOL  true (default): every directory below each path too; false: the named ones only",
            "  exclude=GLOB    directories matching get no watch, files matching no events; repeatable",
            "  batch=MS        milliseconds events gather before a read, 0 to 100 (default 1; 0: read at once)",
            "  watch=WHEN      always (default): keep the trees watched; recording: only while a recording",
            "                  enables a file event",
            "  config=FILE     a properties file (UTF-8) with the keys path, recursive, exclude, batch, watch;",
            "                  path=A:B for several, path.NAME=P for one path that holds ':' or ','",
            "  In the agent arguments a comma that belongs to a path is written \\, (path=/srv/a\\,b).",
            "",
            "Then read the recording:  jfr print --events inotify.FileCreate rec.jfr",
            "",
            "Commands:",
            "  java -jar inotify-jfr-agent.jar list               the JVMs this user can attach to",
            "  java -jar inotify-jfr-agent.jar PID path=DIR,...   attach to a running JVM, or change what",
            "                                                     the agent there watches (same options)",
            "  java -jar inotify-jfr-agent.jar PID status         what the agent in PID watches, its counters",
            "  java -jar inotify-jfr-agent.jar PID stop           remove every watch (the agent stays, idle)",
            "  java -jar inotify-jfr-agent.jar jfc [default|profile]  this JDK's settings plus every inotify",
            "                                                     event with its default, for settings=FILE.jfc",
            "  java -jar inotify-jfr-agent.jar report REC.jfr [-o FILE.html] [--text]",
            "                                                     the file activity of a recording, as one HTML",
            "                                                     page (REC.html by default) or as text",
            "  java -jar inotify-jfr-agent.jar [help]             prints this");
    /** How long the target may take to write its outcome: walking a large tree takes a while. */
    private static final int REPLY_SECONDS = 120;

    private AttachCli() {
    }

    /** {@code jar}: the agent jar's absolute path, which the target JVM opens. */
    public static void main(String jar, String[] args) {
        int status = run(jar, List.of(args), System.out, System.err);
        System.exit(status);
    }

    /** Runs the command line; the exit status: 0, 1 when the target or the attach failed, 2 for arguments it does not know. */
    static int run(String jar, List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.size() == 1 && List.of("help", "-h", "--help").contains(args.get(0))) {
            out.println(USAGE);
            return 0;
        }
        if (args.size() == 1 && args.get(0).equals("list")) {
            list(out);
            return 0;
        }
        if (args.get(0).equals("report")) {
            return org.inotifyjfr.agent.report.ReportCommand.run(args.subList(1, args.size()), out, err);
        }
        if (args.get(0).equals("jfc") && args.size() <= 2) {
            return jfc(args.size() == 1 ? "default" : args.get(1), out, err);
        }
        if (!args.get(0).matches("[0-9]+")) {
            err.println("inotify-jfr: unknown command '" + String.join(" ", args) + "'. Usage:");
            err.println(USAGE);
            return 2;
        }
        String pid = args.get(0);
        if (args.size() == 1) {
            err.println("inotify-jfr: say what to do in process " + pid + ": path=DIR[,...], status or stop");
            return 2;
        }
        List<String> rest = args.subList(1, args.size());
        String command = rest.size() == 1 && (rest.get(0).equals("status") || rest.get(0).equals("stop"))
                ? rest.get(0) : "watch";
        String options = command.equals("watch") ? String.join(",", rest) : "";
        String refused = Target.refusal(pid, jar);
        if (refused != null) {
            err.println("inotify-jfr: " + refused);
            return 1;
        }
        return attach(jar, pid, command, options, out, err);
    }

    private static int attach(String jar, String pid, String command, String options, PrintStream out, PrintStream err) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("inotify-jfr-attach");
            // the target may run as another user (when this runs as root): it may create the reply, not list
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx-wx-wx"));
            Path reply = dir.resolve("outcome");
            try {
                ByteBuddyAgent.attach(new File(jar).getAbsoluteFile(), pid, Control.format(reply, command, options));
            } catch (RuntimeException | Error e) {
                err.println("inotify-jfr: could not attach to process " + pid + ": " + causes(e));
                return 1;
            }
            for (int i = 0; i < REPLY_SECONDS * 20 && !Files.exists(reply); i++) {
                Thread.sleep(50); // bounded: the target writes its outcome once it is done
            }
            if (!Files.exists(reply)) {
                err.println("inotify-jfr: process " + pid + " took the agent but wrote no outcome within "
                        + REPLY_SECONDS + " s; see that JVM's log");
                return 1;
            }
            List<String> lines = Files.readAllLines(reply, StandardCharsets.UTF_8);
            boolean ok = !lines.isEmpty() && lines.get(0).equals("ok");
            PrintStream to = ok ? out : err;
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                to.println(line.startsWith("inotify-jfr") ? line : "inotify-jfr: " + line);
            }
            return ok ? 0 : 1;
        } catch (IOException e) {
            err.println("inotify-jfr: cannot exchange the outcome with process " + pid + ": " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            deleteQuietly(dir);
        }
    }

    /** The settings template on the JDK's {@code base} settings, to stdout. */
    private static int jfc(String base, PrintStream out, PrintStream err) {
        if (!base.equals("default") && !base.equals("profile")) {
            err.println("inotify-jfr: jfc takes default or profile (the JDK's settings to start from), not '" + base + "'");
            return 2;
        }
        try {
            out.print(Template.jfc(base, Agent.version()));
            return 0;
        } catch (IOException | java.text.ParseException | RuntimeException e) {
            err.println("inotify-jfr: cannot read this JDK's " + base + " settings: " + e);
            return 1;
        }
    }

    /** The JVMs this user can attach to, one a line. */
    private static void list(PrintStream out) {
        List<String> lines = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                String pid = proc.getFileName().toString();
                if (!pid.equals(Long.toString(self)) && Target.isJvm(pid) && Target.sameUserOrRoot(pid)) {
                    lines.add(Target.describe(pid));
                }
            }
        } catch (IOException e) {
            out.println("inotify-jfr: cannot list /proc: " + e);
            return;
        }
        lines.sort((a, b) -> Long.compare(Long.parseLong(a.split(" ", 2)[0]), Long.parseLong(b.split(" ", 2)[0])));
        out.println(lines.isEmpty() ? "no JVM of this user runs" : "PID  MAIN  INOTIFY-JFR");
        lines.forEach(out::println);
    }

    private static String causes(Throwable e) {
        StringBuilder b = new StringBuilder(String.valueOf(e.getMessage() == null ? e : e.getMessage()));
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            b.append("; ").append(t.getMessage() == null ? t : t.getMessage());
        }
        return b.toString();
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }

    static String[] split(String cmdline) {
        return Arrays.stream(cmdline.split("\0")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    }
}
