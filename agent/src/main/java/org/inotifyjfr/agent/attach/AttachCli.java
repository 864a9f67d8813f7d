package org.inotifyjfr.agent.attach;

/** {@code java -jar inotify-jfr-agent.jar}: for now, how to use the agent. */
public final class AttachCli {
    static final String USAGE = String.join("\n",
            "inotify-jfr: records Linux inotify file activity as JDK Flight Recorder events.",
            "",
            "Usage, at JVM start:",
            "  java -javaagent:inotify-jfr-agent.jar=path=DIR[,path=DIR...][,recursive=false][,exclude=GLOB...]",
            "       [-XX:StartFlightRecording=filename=rec.jfr] ...",
            "  or config=FILE: a properties file with the keys path, recursive, exclude",
            "",
            "Then read the recording:  jfr print --events inotify.FileCreate rec.jfr",
            "Attaching to a running JVM from this command line is not available yet.");

    private AttachCli() {
    }

    public static void main(String[] args) {
        System.out.println(USAGE);
    }
}
