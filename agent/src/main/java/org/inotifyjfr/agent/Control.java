package org.inotifyjfr.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A request from the command line ({@code java -jar inotify-jfr-agent.jar PID ...}), which
 * attaches with agent arguments of the form {@code inotify-jfr-control NL REPLY NL COMMAND NL
 * OPTIONS}: {@code COMMAND} is {@code watch} (the options say what), {@code status} or {@code
 * stop}, and the outcome is written to the file {@code REPLY}, whose first line is {@code ok} or
 * {@code failed}, so that the command line prints what the target did, not what it hoped.
 */
public final class Control {
    static final String MAGIC = "inotify-jfr-control";

    private final Path reply;
    private final String command;
    private final String options;

    private Control(Path reply, String command, String options) {
        this.reply = reply;
        this.command = command;
        this.options = options;
    }

    /** The request these agent arguments carry, or null for arguments a person gave. */
    static Control parse(String args) {
        if (args == null || !args.startsWith(MAGIC + "\n")) {
            return null;
        }
        String[] parts = args.split("\n", 4);
        if (parts.length < 4) {
            return null;
        }
        return new Control(Path.of(parts[1]), parts[2], parts[3]);
    }

    /** The agent arguments the command line sends. */
    public static String format(Path reply, String command, String options) {
        return MAGIC + "\n" + reply + "\n" + command + "\n" + options;
    }

    String command() {
        return command;
    }

    String options() {
        return options;
    }

    void ok(String outcome) {
        write("ok", outcome);
    }

    void failed(String outcome) {
        write("failed", outcome);
    }

    /** Written whole or not at all: the command line waits for the file to appear. */
    private void write(String status, String outcome) {
        try {
            Path partial = reply.resolveSibling(reply.getFileName() + ".partial");
            Files.writeString(partial, status + "\n" + outcome + "\n", StandardCharsets.UTF_8);
            Files.move(partial, reply, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            System.getLogger("org.inotifyjfr").log(System.Logger.Level.WARNING,
                    "inotify-jfr: cannot write the outcome for the command line to " + reply + ": " + e);
        }
    }
}
