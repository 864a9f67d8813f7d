package org.inotifyjfr.agent.attach;

import java.io.PrintStream;
import java.util.List;

/** {@code java -jar inotify-jfr-agent.jar}: for now, how to use the agent. */
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
            "  config=FILE     a properties file (UTF-8) with the keys path, recursive, exclude, batch;",
            "                  path=A:B for several, path.NAME=P for one path that holds ':' or ','",
            "  In the agent arguments a comma that belongs to a path is written \\, (path=/srv/a\\,b).",
            "",
            "Then read the recording:  jfr print --events inotify.FileCreate rec.jfr",
            "Attaching to a running JVM from this command line is not available yet.",
            "",
            "Commands:  java -jar inotify-jfr-agent.jar [help]   prints this");

    private AttachCli() {
    }

    public static void main(String[] args) {
        int status = run(List.of(args), System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Runs the command line; the exit status: 0, or 2 for arguments it does not know. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || List.of("help", "-h", "--help").contains(args.get(0)) && args.size() == 1) {
            out.println(USAGE);
            return 0;
        }
        err.println("inotify-jfr: unknown command '" + String.join(" ", args) + "'; the agent is given at JVM start "
                + "with -javaagent (attaching to a running JVM is not available yet). Usage:");
        err.println(USAGE);
        return 2;
    }
}
