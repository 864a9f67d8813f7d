package org.inotifyjfr.agent.report;

import static org.inotifyjfr.agent.report.Format.count;

import java.util.List;
import java.util.Map;

/** The report's summary for a terminal: the same figures as the page, without the timeline. */
final class TextReport {
    private final Digest d;
    private final StringBuilder out = new StringBuilder();

    private TextReport(Digest d) {
        this.d = d;
    }

    static String of(Digest d) {
        return new TextReport(d).text();
    }

    private String text() {
        line("File activity in " + d.recording);
        if (d.firstNanos <= d.lastNanos) {
            line("  span         " + Format.dateTime(d.first()) + " to " + Format.dateTime(d.last()) + " ("
                    + Format.span(d.span()) + ")");
        }
        line("  JVM          " + (d.jvmName == null ? "not recorded" : d.jvmName + " " + d.jvmVersion
                + (d.pid >= 0 ? ", pid " + d.pid : "")));
        if (d.configurations == 0) {
            line("  agent        no inotify.Configuration in this recording");
        } else {
            line("  agent        inotify-jfr " + d.agentVersion + ", " + d.state + ", watching "
                    + (d.paths == null ? "" : d.paths.replace("\n", ", ")));
            if (d.attribution != null) {
                line("  attribution  " + d.attribution);
            }
        }
        line("  file events  " + count(d.fileEvents));
        if (d.overflowEvents > 0) {
            line("! EVENTS LOST: the kernel's inotify queue overflowed " + count(d.overflowEvents) + " times (first at "
                    + Format.dateTime(d.overflowTimes.get(0)) + ")");
        }
        for (Map.Entry<String, String[]> f : d.failures.entrySet()) {
            line("! NOT WATCHED: " + f.getKey() + ": " + f.getValue()[0] + ": " + f.getValue()[1]);
        }
        if (!d.offReasons.isEmpty()) {
            line("! AGENT OFF: " + String.join("; ", d.offReasons));
        }
        if (d.fileEvents == 0) {
            line("");
            line("No file events in this recording. Why that may be:");
            for (String why : d.whyNoFileEvents()) {
                line("  - " + why);
            }
            return out.toString();
        }
        line("");
        line("By kind");
        for (int k = 0; k < Digest.KINDS.length; k++) {
            if (d.perKind[k] > 0) {
                line(String.format("  %-24s %,12d", Digest.KINDS[k], d.perKind[k]));
            }
        }
        top("Busiest directories", d.directories, 10);
        top("Busiest files", d.files, 10);
        line("");
        line("Short-lived files (created and deleted within a second): " + count(d.churn));
        for (Map.Entry<String, long[]> e : d.churnByDirectory.top(5)) {
            line(String.format("  %,12d  %s", e.getValue()[1], e.getKey()));
        }
        line("");
        line("Rename chains: " + count(d.moves) + " moves");
        for (Map.Entry<String, long[]> e : d.renamePatterns.top(5)) {
            line(String.format("  %,12d  %s", e.getValue()[1], e.getKey()));
        }
        line("");
        line("Who changed them");
        for (int i = 0; i < Digest.ORIGINS.length; i++) {
            line(String.format("  %-8s %,12d", Digest.ORIGINS[i], d.origins[i]));
        }
        if (!d.threads.isEmpty()) {
            top("Java threads", d.threads, 5);
        }
        if (!d.stacks.isEmpty()) {
            line("");
            line("Top stacks of Java file operations (" + count(d.javaOperations) + " operations)");
            for (Map.Entry<String, long[]> e : d.stacks.top(3)) {
                line(String.format("  %,12d  %s", e.getValue()[1], d.stackOperations.getOrDefault(e.getKey(), "")));
                for (String frame : e.getKey().strip().split("\n")) {
                    line("                  at " + frame);
                }
            }
        }
        if (!d.otherProcesses.isEmpty()) {
            top("Other processes", d.otherProcesses, 5);
        }
        return out.toString();
    }

    private void top(String title, TopCounts counts, int n) {
        line("");
        line(title + (counts.approximate() ? " (of " + count(counts.distinct()) + " seen; the busiest kept)" : ""));
        List<Map.Entry<String, long[]>> top = counts.top(n);
        for (Map.Entry<String, long[]> e : top) {
            line(String.format("  %,12d  %s", e.getValue()[Digest.KINDS.length], e.getKey()));
        }
    }

    private void line(String s) {
        out.append(s).append('\n');
    }
}
