package org.inotifyjfr.agent.report;

import static org.inotifyjfr.agent.report.Format.count;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report as one HTML page that needs nothing else: inline CSS and SVG, no script, no fonts or
 * images from elsewhere, so it opens the same offline, attached to a ticket or in a browser that
 * blocks everything. Each figure a test or a script may want has an id or a data-count attribute.
 */
final class HtmlReport {
    /** One color per kind, in {@link Digest#KINDS} order. */
    static final String[] COLORS = {"#2b8a3e", "#c92a2a", "#1971c2", "#e8590c", "#5f3dc4", "#868e96", "#0c8599",
            "#f08c00", "#d6336c", "#343a40"};
    private static final int WIDTH = 1100;
    private static final int PLOT = 260;
    private static final int GC_LANE = 50;
    private static final int LEFT = 70;
    private static final int TOP = 10;
    private static final int RIGHT = 48;

    private final Digest d;
    private final StringBuilder out = new StringBuilder(64 * 1024);

    private HtmlReport(Digest d) {
        this.d = d;
    }

    static String of(Digest d) {
        return new HtmlReport(d).page();
    }

    private String page() {
        String name = d.recording.getFileName().toString();
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>File activity: ")
                .append(Html.text(name)).append("</title>\n<style>\n").append(CSS).append("</style></head>\n<body>\n");
        out.append("<h1>File activity <span class=\"dim\">").append(Html.text(name)).append("</span></h1>\n");
        header();
        banners();
        if (d.fileEvents == 0) {
            empty();
        } else {
            timeline();
            kinds();
            table("directories", "Busiest directories", "directory", d.directories, 15);
            table("files", "Busiest files", "file", d.files, 15);
            churn();
            renames();
            attribution();
        }
        out.append("<p class=\"dim foot\">Made by inotify-jfr's <code>report</code> from ").append(Html.text(d.recording))
                .append(": ").append(count(d.eventsRead)).append(" events read in one pass.</p>\n</body></html>\n");
        return out.toString();
    }

    private void header() {
        out.append("<table class=\"facts\" id=\"header\">\n");
        fact("Recording", d.recording.toString());
        if (d.firstNanos <= d.lastNanos) {
            fact("Span", Format.dateTime(d.first()) + " to " + Format.dateTime(d.last()) + " (" + Format.span(d.span()) + ")");
        }
        fact("JVM", d.jvmName == null ? "not recorded" : d.jvmName + " " + d.jvmVersion + (d.pid >= 0 ? ", pid " + d.pid : ""));
        if (d.javaArguments != null) {
            fact("Application", d.javaArguments);
        }
        if (d.configurations == 0) {
            fact("Agent", "no inotify.Configuration in this recording");
        } else {
            fact("Agent", "inotify-jfr " + d.agentVersion + ", " + d.state + (d.watch == null ? "" : ", watch=" + d.watch)
                    + (d.recursive == null ? "" : ", recursive=" + d.recursive));
            fact("Watched", d.paths == null || d.paths.isEmpty() ? "(nothing)" : d.paths);
            if (d.excludes != null && !d.excludes.isEmpty()) {
                fact("Excluded", d.excludes);
            }
            if (d.attribution != null) {
                fact("Attribution", d.attribution);
            }
        }
        out.append("<tr><th>File events</th><td id=\"file-events\" data-count=\"").append(d.fileEvents).append("\">")
                .append(count(d.fileEvents)).append("</td></tr>\n");
        out.append("</table>\n");
    }

    private void fact(String label, String value) {
        out.append("<tr><th>").append(Html.text(label)).append("</th><td class=\"pre\">").append(Html.text(value))
                .append("</td></tr>\n");
    }

    private void banners() {
        if (d.overflowEvents > 0) {
            out.append("<div class=\"banner lost\" id=\"banner-overflow\" data-count=\"").append(d.overflowEvents)
                    .append("\"><b>Events were lost.</b> The kernel's inotify queue overflowed ").append(count(d.overflowEvents))
                    .append(d.overflowEvents == 1 ? " time" : " times").append(" (first at ")
                    .append(Format.dateTime(d.overflowTimes.get(0))).append("): what happened then is missing from the "
                    + "counts below (the agent rescanned its trees after each; shaded red on the timeline). Raise "
                    + "fs.inotify.max_queued_events, or watch less.</div>\n");
        }
        if (!d.failures.isEmpty()) {
            out.append("<div class=\"banner failure\" id=\"banner-failures\" data-count=\"").append(d.failures.size())
                    .append("\"><b>").append(count(d.failures.size())).append(d.failures.size() == 1 ? " path" : " paths")
                    .append(" could not be watched.</b><ul>");
            int shown = 0;
            for (Map.Entry<String, String[]> f : d.failures.entrySet()) {
                if (shown++ == 10) {
                    out.append("<li>and ").append(d.failures.size() - 10).append(" more</li>");
                    break;
                }
                out.append("<li><code>").append(Html.text(f.getKey())).append("</code> ").append(Html.text(f.getValue()[0]))
                        .append(": ").append(Html.text(f.getValue()[1])).append("</li>");
            }
            out.append("</ul></div>\n");
        }
        if (!d.offReasons.isEmpty() || "off".equals(d.state)) {
            out.append("<div class=\"banner off\" id=\"banner-off\"><b>The agent was off</b> for part or all of this "
                    + "recording (shaded grey): ").append(Html.text(String.join("; ", d.offReasons))).append("</div>\n");
        }
    }

    private void empty() {
        out.append("<div class=\"empty\" id=\"empty\"><h2>No file events in this recording</h2><p>It holds ")
                .append(count(d.eventsRead)).append(" events, none of them an inotify file event. Why that may be:</p><ul>");
        for (String why : d.whyNoFileEvents()) {
            out.append("<li>").append(Html.text(why)).append("</li>");
        }
        out.append("</ul></div>\n");
    }

    private void timeline() {
        Timeline t = d.timeline;
        int n = Math.max(1, t.used());
        double seconds = t.width() / 1e9;
        double most = 0;
        for (int i = 0; i < n; i++) {
            long sum = 0;
            for (long[] kind : t.events) {
                sum += kind[i];
            }
            most = Math.max(most, sum / seconds);
        }
        long mostPause = 1;
        for (int i = 0; i < n; i++) {
            mostPause = Math.max(mostPause, t.gcPauseNanos[i]);
        }
        double bar = (double) (WIDTH - LEFT - RIGHT) / n;
        int height = TOP + PLOT + 30 + GC_LANE + 30;
        out.append("<h2>Timeline</h2>\n<p class=\"dim\">File events per second by kind (stacked), one bar per ")
                .append(Format.width(t.width())).append("; the JVM's CPU load (black line, right axis) and the machine's "
                + "(grey); GC pause time per bar below. Red bands: events lost; grey bands: the agent was off.</p>\n");
        out.append("<svg id=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height).append("\">\n");
        out.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(WIDTH - LEFT - RIGHT)
                .append("\" height=\"").append(PLOT).append("\" fill=\"#fbfbfb\" stroke=\"#ccc\"/>\n");
        for (int i = 0; i < n; i++) {
            double x = LEFT + i * bar;
            if (t.lost[i] > 0 || t.off[i]) {
                out.append(String.format(Locale.ROOT, "<rect class=\"%s\" x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\" "
                        + "fill=\"%s\"><title>%s</title></rect>\n", t.lost[i] > 0 ? "band-lost" : "band-off", x, TOP,
                        Math.max(bar, 2), PLOT, t.lost[i] > 0 ? "rgba(224,49,49,0.18)" : "rgba(134,142,150,0.25)",
                        t.lost[i] > 0 ? t.lost[i] + " overflow(s)" : "agent off"));
            }
            double y = TOP + PLOT;
            StringBuilder tip = new StringBuilder(Format.tick(Instant.ofEpochSecond(0, t.origin() + i * t.width()),
                    d.span()));
            for (int k = 0; k < Digest.KINDS.length; k++) {
                long c = t.events[k][i];
                if (c == 0) {
                    continue;
                }
                double h = most == 0 ? 0 : c / seconds / most * PLOT;
                y -= h;
                tip.append(", ").append(Digest.KIND_LABELS[k]).append(' ').append(c);
                out.append(String.format(Locale.ROOT, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"/>",
                        x, y, Math.max(bar - 0.5, 0.8), h, COLORS[k]));
            }
            if (y < TOP + PLOT) {
                out.append(String.format(Locale.ROOT, "<rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\" fill=\"transparent\">"
                        + "<title>%s</title></rect>\n", x, TOP, Math.max(bar, 1), PLOT, Html.text(tip)));
            }
            if (t.gcPauseNanos[i] > 0) {
                double h = (double) t.gcPauseNanos[i] / mostPause * GC_LANE;
                out.append(String.format(Locale.ROOT, "<rect class=\"gc\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
                        + "fill=\"#e03131\"><title>GC pauses %s</title></rect>\n", x, TOP + PLOT + 30 + GC_LANE - h,
                        Math.max(bar - 0.5, 1), h, Format.millis(t.gcPauseNanos[i])));
            }
        }
        cpuLine(t, n, bar, false);
        cpuLine(t, n, bar, true);
        // axes
        for (int q = 0; q <= 4; q++) {
            double y = TOP + PLOT - q * PLOT / 4.0;
            out.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" class=\"axis\" text-anchor=\"end\">%s/s</text>"
                    + "<text x=\"%d\" y=\"%.1f\" class=\"axis\">%d%%</text>\n", LEFT, WIDTH - RIGHT, y, y, LEFT - 4, y + 4,
                    compact(most * q / 4), WIDTH - RIGHT + 4, y + 4, q * 25));
        }
        int ticks = Math.min(6, n);
        for (int q = 0; q <= ticks; q++) {
            double x = LEFT + (double) q / Math.max(1, ticks) * n * bar;
            Instant at = Instant.ofEpochSecond(0, t.origin() + (long) ((double) q / Math.max(1, ticks) * n) * t.width());
            out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"axis\" text-anchor=\"middle\">%s</text>\n",
                    x, TOP + PLOT + 16, Format.tick(at, d.span())));
        }
        out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"axis\" text-anchor=\"end\">GC</text>"
                + "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#ccc\"/>\n", LEFT - 4, TOP + PLOT + 30 + GC_LANE,
                LEFT, WIDTH - RIGHT, TOP + PLOT + 30 + GC_LANE, TOP + PLOT + 30 + GC_LANE));
        out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"axis\">%s</text>\n", LEFT,
                height - 6, d.gcs == 0 ? "no GC recorded" : count(d.gcs) + " GCs, " + Format.millis(d.gcPauseNanos)
                        + " paused in all, longest " + Format.millis(d.longestPauseNanos)));
        out.append("</svg>\n<p class=\"legend\">");
        for (int k = 0; k < Digest.KINDS.length; k++) {
            if (d.perKind[k] > 0) {
                out.append("<span><i style=\"background:").append(COLORS[k]).append("\"></i>").append(Digest.KIND_LABELS[k])
                        .append("</span>");
            }
        }
        out.append("<span><i style=\"background:#000;height:2px\"></i>JVM CPU</span>")
                .append(d.cpuSamples == 0 ? "<span class=\"dim\">(no jdk.CPULoad in this recording)</span>" : "")
                .append("</p>\n");
    }

    private void cpuLine(Timeline t, int n, double bar, boolean machine) {
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (t.cpuSamples[i] == 0) {
                continue;
            }
            double load = (machine ? t.machineSum[i] : t.cpuSum[i]) / t.cpuSamples[i];
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", LEFT + (i + 0.5) * bar, TOP + PLOT - Math.min(1, load) * PLOT));
        }
        if (points.length() > 0) {
            out.append("<polyline id=\"").append(machine ? "machine-cpu" : "jvm-cpu").append("\" fill=\"none\" stroke=\"")
                    .append(machine ? "#adb5bd" : "#000").append("\" stroke-width=\"").append(machine ? "1" : "1.5")
                    .append(machine ? "\" stroke-dasharray=\"4 3" : "").append("\" points=\"").append(points).append("\"/>\n");
        }
    }

    private static String compact(double v) {
        return v >= 1e6 ? String.format(Locale.ROOT, "%.1fM", v / 1e6) : v >= 1e4 ? String.format(Locale.ROOT, "%.0fk", v / 1e3)
                : v >= 10 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private void kinds() {
        out.append("<h2>By kind</h2>\n<table id=\"kinds\"><tr><th>kind</th><th>events</th></tr>\n");
        for (int k = 0; k < Digest.KINDS.length; k++) {
            if (d.perKind[k] > 0) {
                out.append("<tr><td><i class=\"swatch\" style=\"background:").append(COLORS[k]).append("\"></i>")
                        .append(Digest.KINDS[k]).append("</td><td class=\"n\" data-kind=\"").append(Digest.KINDS[k])
                        .append("\" data-count=\"").append(d.perKind[k]).append("\">").append(count(d.perKind[k]))
                        .append("</td></tr>\n");
            }
        }
        out.append("</table>\n");
    }

    /** A table of the busiest keys with one column per kind that any of them has. */
    private void table(String id, String title, String what, TopCounts counts, int rows) {
        List<Map.Entry<String, long[]>> top = counts.top(rows);
        out.append("<h2>").append(title).append("</h2>\n");
        if (counts.approximate()) {
            out.append("<p class=\"dim\">Of ").append(count(counts.distinct())).append(" ").append(what)
                    .append(" names seen, the busiest were kept: counts of these are exact unless one was quiet for long.</p>\n");
        }
        boolean[] shown = new boolean[Digest.KINDS.length];
        for (Map.Entry<String, long[]> e : top) {
            for (int k = 0; k < shown.length; k++) {
                shown[k] |= e.getValue()[k] > 0;
            }
        }
        out.append("<table id=\"").append(id).append("\"><tr><th>").append(what).append("</th><th>events</th>");
        for (int k = 0; k < shown.length; k++) {
            if (shown[k]) {
                out.append("<th>").append(Digest.KIND_LABELS[k]).append("</th>");
            }
        }
        out.append("</tr>\n");
        for (Map.Entry<String, long[]> e : top) {
            long[] c = e.getValue();
            out.append("<tr><td class=\"path\">").append(Html.text(e.getKey())).append("</td><td class=\"n\" data-count=\"")
                    .append(c[shown.length]).append("\">").append(count(c[shown.length])).append("</td>");
            for (int k = 0; k < shown.length; k++) {
                if (shown[k]) {
                    out.append("<td class=\"n\">").append(c[k] == 0 ? "" : count(c[k])).append("</td>");
                }
            }
            out.append("</tr>\n");
        }
        out.append("</table>\n");
    }

    private void churn() {
        out.append("<h2>Short-lived files</h2>\n<p id=\"churn\" data-count=\"").append(d.churn).append("\">")
                .append(count(d.churn)).append(d.churn == 1 ? " file was" : " files were")
                .append(" created and deleted within a second (temp-file churn: each costs the kernel, the page cache and "
                + "every watcher; a rename after the create counts as the same file).</p>\n");
        if (d.churn > 0) {
            List<Map.Entry<String, long[]>> top = d.churnByDirectory.top(10);
            out.append("<table id=\"churn-directories\"><tr><th>directory</th><th>short-lived files</th></tr>\n");
            for (Map.Entry<String, long[]> e : top) {
                out.append("<tr><td class=\"path\">").append(Html.text(e.getKey())).append("</td><td class=\"n\" data-count=\"")
                        .append(e.getValue()[1]).append("\">").append(count(e.getValue()[1])).append("</td></tr>\n");
            }
            out.append("</table>\n<p class=\"dim\">For example: ");
            out.append(Html.text(String.join(", ", d.churnExamples))).append("</p>\n");
        }
    }

    private void renames() {
        out.append("<h2>Rename chains</h2>\n<p id=\"moves\" data-count=\"").append(d.moves).append("\">")
                .append(count(d.moves)).append(d.moves == 1 ? " move" : " moves")
                .append(". A chain follows one file through its renames; its pattern puts * for the file's name.</p>\n");
        if (d.moves == 0) {
            return;
        }
        out.append("<table id=\"renames\"><tr><th>pattern</th><th>chains</th></tr>\n");
        for (Map.Entry<String, long[]> e : d.renamePatterns.top(10)) {
            out.append("<tr><td class=\"path\">").append(Html.text(e.getKey())).append("</td><td class=\"n\" data-count=\"")
                    .append(e.getValue()[1]).append("\">").append(count(e.getValue()[1])).append("</td></tr>\n");
        }
        out.append("</table>\n<p>Longest chains:</p><ol class=\"chains\">\n");
        for (List<String> chain : d.longestChains) {
            out.append("<li class=\"path\">").append(Html.text(String.join("  ->  ", chain))).append("</li>\n");
        }
        out.append("</ol>\n");
    }

    private void attribution() {
        out.append("<h2>Who changed them</h2>\n");
        out.append("<table id=\"origins\"><tr><th>origin</th><th>file events</th></tr>\n");
        String[] meaning = {"a Java operation of this JVM", "this process, no Java operation", "another process",
            "the agent could not tell"};
        for (int i = 0; i < Digest.ORIGINS.length; i++) {
            out.append("<tr><td>").append(Digest.ORIGINS[i]).append(" <span class=\"dim\">").append(meaning[i])
                    .append("</span></td><td class=\"n\" data-origin=\"").append(Digest.ORIGINS[i]).append("\" data-count=\"")
                    .append(d.origins[i]).append("\">").append(count(d.origins[i])).append("</td></tr>\n");
        }
        out.append("</table>\n");
        if (!d.attributionRecorded) {
            out.append("<p class=\"dim\">No event of this recording says who caused it: attribution was off "
                    + "(attribute=false, fanotify unavailable) or nothing was matched.</p>\n");
            return;
        }
        if (!d.threads.isEmpty()) {
            table("threads", "Java threads that caused changes", "thread", d.threads, 10);
        }
        if (!d.stacks.isEmpty()) {
            out.append("<h2>Top stacks of Java file operations</h2>\n<p class=\"dim\">").append(count(d.javaOperations))
                    .append(" inotify.JavaFileOperation events; the first frames below the agent's hook.</p>\n");
            out.append("<table id=\"stacks\"><tr><th>stack</th><th>operation</th><th>operations</th></tr>\n");
            for (Map.Entry<String, long[]> e : d.stacks.top(8)) {
                out.append("<tr><td><pre>").append(Html.text(e.getKey().strip())).append("</pre></td><td>")
                        .append(Html.text(d.stackOperations.getOrDefault(e.getKey(), ""))).append("</td><td class=\"n\" "
                        + "data-count=\"").append(e.getValue()[1]).append("\">").append(count(e.getValue()[1]))
                        .append("</td></tr>\n");
            }
            out.append("</table>\n");
        }
        if (!d.otherProcesses.isEmpty()) {
            table("processes", "Changes made by other processes", "process", d.otherProcesses, 10);
        }
    }

    private static final String CSS = String.join("\n",
            "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px 32px;color:#212529;max-width:1200px}",
            "h1{font-size:22px;margin:0 0 12px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #dee2e6}",
            ".dim{color:#868e96;font-weight:normal}table{border-collapse:collapse;margin:4px 0}",
            "th,td{padding:3px 10px;text-align:left;vertical-align:top;border-bottom:1px solid #f1f3f5}",
            "th{font-weight:600;background:#f8f9fa}.facts th{width:110px}td.n{text-align:right;font-variant-numeric:tabular-nums}",
            ".pre{white-space:pre-wrap}.path{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12.5px;word-break:break-all}",
            "pre{margin:0;font-size:12px}.banner{padding:10px 14px;margin:10px 0;border-radius:4px}",
            ".lost{background:#fff5f5;border:1px solid #ffa8a8}.failure{background:#fff9db;border:1px solid #ffe066}",
            ".off{background:#f1f3f5;border:1px solid #ced4da}.banner ul{margin:4px 0 0}",
            "svg text.axis{font-size:11px;fill:#495057}.legend span{margin-right:14px;white-space:nowrap}",
            ".legend i,.swatch{display:inline-block;width:11px;height:11px;margin-right:4px;vertical-align:-1px}",
            ".empty{padding:16px 20px;background:#f8f9fa;border:1px solid #dee2e6;border-radius:4px}",
            ".foot{margin-top:32px;font-size:12px}", "");
}
