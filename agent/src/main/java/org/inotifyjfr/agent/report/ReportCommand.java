package org.inotifyjfr.agent.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** {@code report REC.jfr [-o FILE.html] [--text]}. */
public final class ReportCommand {
    public static final String USAGE = "report REC.jfr [-o FILE.html] [--text]";

    private ReportCommand() {
    }

    /** Runs it; the exit status: 0, 1 when the recording cannot be read or the page written, 2 for bad arguments. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        Path recording = null;
        Path html = null;
        boolean text = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--text")) {
                text = true;
            } else if (a.equals("-o") && i + 1 < args.size()) {
                html = Path.of(args.get(++i));
            } else if (!a.startsWith("-") && recording == null) {
                recording = Path.of(a);
            } else {
                err.println("inotify-jfr: report does not take '" + a + "'; usage: java -jar inotify-jfr-agent.jar " + USAGE);
                return 2;
            }
        }
        if (recording == null) {
            err.println("inotify-jfr: name the recording; usage: java -jar inotify-jfr-agent.jar " + USAGE);
            return 2;
        }
        if (html == null && !text) {
            String name = recording.getFileName().toString();
            html = recording.resolveSibling((name.endsWith(".jfr") ? name.substring(0, name.length() - 4) : name) + ".html");
        }
        if (!Files.isRegularFile(recording)) {
            err.println("inotify-jfr: cannot read " + recording + ": " + (Files.exists(recording) ? "not a file" : "no such file"));
            return 1;
        }
        Digest digest;
        long start = System.nanoTime();
        try {
            digest = Digest.of(recording);
        } catch (NoSuchFileException e) {
            err.println("inotify-jfr: cannot read " + recording + ": no such file");
            return 1;
        } catch (IOException | RuntimeException e) {
            err.println("inotify-jfr: cannot read " + recording + " as a JFR recording (" + e + "); name a .jfr file "
                    + "written by JFR (jcmd PID JFR.dump, -XX:StartFlightRecording:filename=...)");
            return 1;
        }
        if (text) {
            out.print(TextReport.of(digest));
        }
        if (html != null) {
            try {
                Files.write(html, HtmlReport.of(digest).getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                err.println("inotify-jfr: cannot write " + html + " (" + e + ")");
                return 1;
            }
            (text ? err : out).printf("inotify-jfr: the report of %s (%,d events read in %.1f s) is in %s%n", recording,
                    digest.eventsRead, (System.nanoTime() - start) / 1e9, html.toAbsolutePath());
        }
        return 0;
    }
}
