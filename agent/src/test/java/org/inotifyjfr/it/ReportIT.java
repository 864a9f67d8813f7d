package org.inotifyjfr.it;

import static org.inotifyjfr.events.EventNames.FILE_CREATE;
import static org.inotifyjfr.events.EventNames.FILE_DELETE;
import static org.inotifyjfr.events.EventNames.FILE_MOVE;
import static org.inotifyjfr.events.EventNames.PREFIX;
import static org.inotifyjfr.events.EventNames.QUEUE_OVERFLOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import jdk.jfr.consumer.RecordedEvent;
import org.inotifyjfr.testing.Recorded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code java -jar inotify-jfr-agent.jar report}: its figures against what the same recording
 * holds, counted here with {@code jdk.jfr.consumer}; its banners; its page for a recording with
 * no file events; and the page as a real browser shows it.
 */
class ReportIT {
    private static final String[] KINDS = {"FileCreate", "FileDelete", "FileModify", "FileAttrib", "FileCloseWrite",
            "FileCloseNoWrite", "FileOpen", "FileAccess", "FileMove", "Unmount"};

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void theReportsFiguresAreTheRecordingsCounts(Jdk jdk) throws Exception {
        Path work = Files.createTempDirectory("inotify-jfr-report");
        Path dir = scenarioDirectories(work);
        Path jfr = work.resolve("activity.jfr");
        new ChildJvm(jdk).agent("path=" + dir).recording(jfr, "default")
                .run(work, ReportScenario.class, dir.toString(), "activity").assertExitedNormally();
        Recorded r = Recorded.read(jfr);
        List<RecordedEvent> files = r.all().stream().filter(e -> isFileEvent(e)).collect(Collectors.toList());

        Path html = work.resolve("activity.html");
        Cli made = cli(jdk, "report", jfr.toString());
        assertEquals(0, made.status, made::toString);
        assertTrue(made.out.contains(html.toString()), made::toString);
        String page = Files.readString(html);
        assertEquals(files.size(), count(page, "id=\"file-events\" data-count=\"(\\d+)\""));
        for (String kind : KINDS) {
            long expected = files.stream().filter(e -> e.getEventType().getName().equals(PREFIX + kind)).count();
            if (expected > 0) {
                assertEquals(expected, count(page, "data-kind=\"" + PREFIX + kind + "\" data-count=\"(\\d+)\""), kind);
            } else {
                assertFalse(page.contains("data-kind=\"" + PREFIX + kind + "\""), kind);
            }
        }
        // the busiest directory, as counted here
        Map<String, Long> byDirectory = new HashMap<>();
        for (RecordedEvent e : files) {
            String path = e.getString("path") != null ? e.getString("path") : e.getString("oldPath");
            byDirectory.merge(path.substring(0, path.lastIndexOf('/')), 1L, Long::sum);
        }
        Map.Entry<String, Long> busiest = byDirectory.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        assertEquals(dir.resolve("hot").toString(), busiest.getKey());
        Matcher first = Pattern.compile("<table id=\"directories\">.*?<td class=\"path\">([^<]*)</td><td class=\"n\" "
                + "data-count=\"(\\d+)\"", Pattern.DOTALL).matcher(page);
        assertTrue(first.find(), page);
        assertEquals(busiest.getKey(), first.group(1));
        assertEquals((long) busiest.getValue(), Long.parseLong(first.group(2)));
        assertEquals(churn(files), count(page, "id=\"churn\" data-count=\"(\\d+)\""));
        assertEquals(12, churn(files), "the scenario's short-lived files");
        assertEquals(files.stream().filter(e -> e.getEventType().getName().equals(FILE_MOVE)).count(),
                count(page, "id=\"moves\" data-count=\"(\\d+)\""));
        String chain = dir.resolve("in") + "/*.csv.part  -&gt;  " + dir.resolve("in") + "/*.csv  -&gt;  "
                + dir.resolve("archive") + "/*.csv</td><td class=\"n\" data-count=\"4\"";
        assertTrue(page.contains(chain), () -> "the rename chain pattern " + chain + " in\n" + page);
        for (String origin : List.of("java", "jvm", "other", "unknown")) {
            assertEquals(files.stream().filter(e -> origin.equals(e.getString("origin"))).count(),
                    count(page, "data-origin=\"" + origin + "\" data-count=\"(\\d+)\""), origin);
        }
        assertTrue(page.contains("<td class=\"path\">changer</td>"), "the thread that made the changes");
        assertTrue(page.contains("ReportScenario.activity"), "the stack of the Java operations");
        assertTrue(page.contains("<svg id=\"timeline\""));
        assertFalse(page.contains("id=\"banner-overflow\""), "no overflow, no banner");
        String outside = page.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assertFalse(outside.contains("http://") || outside.contains("https://") || outside.contains("<script"),
                "nothing fetched from elsewhere, no script");

        Cli text = cli(jdk, "report", jfr.toString(), "--text");
        assertEquals(0, text.status, text::toString);
        assertTrue(text.out.contains("Short-lived files (created and deleted within a second): 12"), text::toString);
        assertTrue(text.out.contains(String.format("  file events  %,d", files.size())), text::toString);
        assertTrue(text.out.contains(dir.resolve("hot").toString()), text::toString);
    }

    @Test
    void aRecordingWithAnOverflowHasTheBannerAndARedBand() throws Exception {
        Jdk jdk = Jdk.all().findFirst().orElseThrow();
        Path work = Files.createTempDirectory("inotify-jfr-report-overflow");
        Path dir = Files.createDirectories(work.resolve("w"));
        Path jfr = work.resolve("overflow.jfr");
        new ChildJvm(jdk).agent("path=" + dir).recording(jfr, "default")
                .run(work, ReportScenario.class, dir.toString(), "overflow").assertExitedNormally();
        long overflows = Recorded.read(jfr).named(QUEUE_OVERFLOW).size();
        assertTrue(overflows >= 1, "the scenario overflows the kernel's queue");
        Path html = work.resolve("o.html");
        Cli made = cli(jdk, "report", jfr.toString(), "-o", html.toString());
        assertEquals(0, made.status, made::toString);
        String page = Files.readString(html);
        assertEquals(overflows, count(page, "id=\"banner-overflow\" data-count=\"(\\d+)\""));
        assertTrue(page.contains("class=\"band-lost\""), "the timeline shades where events were lost");
        Cli text = cli(jdk, "report", jfr.toString(), "--text");
        assertTrue(text.out.contains("! EVENTS LOST: the kernel's inotify queue overflowed " + overflows + " time"),
                text::toString);
    }

    @Test
    void aRecordingWithoutFileEventsSaysSoAndWhy() throws Exception {
        Jdk jdk = Jdk.all().findFirst().orElseThrow();
        Path work = Files.createTempDirectory("inotify-jfr-report-empty");
        Path dir = Files.createDirectories(work.resolve("w"));
        Path noAgent = work.resolve("no-agent.jfr");
        new ChildJvm(jdk).recording(noAgent, "default").run(work, ReportScenario.class, dir.toString(), "nothing")
                .assertExitedNormally();
        Path quiet = work.resolve("quiet.jfr");
        new ChildJvm(jdk).agent("path=" + dir).recording(quiet, "default")
                .run(work, ReportScenario.class, dir.toString(), "nothing").assertExitedNormally();

        assertEquals(0, cli(jdk, "report", noAgent.toString()).status);
        String page = Files.readString(work.resolve("no-agent.html"));
        assertTrue(page.contains("id=\"empty\""), page);
        assertTrue(page.contains("no inotify.Configuration event: the agent was not loaded"), page);
        assertFalse(page.contains("<svg"), "no timeline of nothing");

        Cli text = cli(jdk, "report", quiet.toString(), "--text");
        assertEquals(0, text.status, text::toString);
        assertTrue(text.out.contains("No file events in this recording."), text::toString);
        assertTrue(text.out.contains("Nothing changed under the watched paths while it recorded: " + dir), text::toString);
    }

    @Test
    void badArgumentsAndUnreadableRecordingsAreNamed() throws Exception {
        Jdk jdk = Jdk.all().findFirst().orElseThrow();
        Path work = Files.createTempDirectory("inotify-jfr-report-bad");
        Cli none = cli(jdk, "report");
        assertEquals(2, none.status, none::toString);
        assertTrue(none.out.contains("name the recording; usage: java -jar inotify-jfr-agent.jar report REC.jfr"), none::toString);
        Cli missing = cli(jdk, "report", work.resolve("gone.jfr").toString());
        assertEquals(1, missing.status);
        assertTrue(missing.out.contains("cannot read " + work.resolve("gone.jfr") + ": no such file"), missing::toString);
        Path junk = Files.writeString(work.resolve("junk.jfr"), "not a recording");
        Cli bad = cli(jdk, "report", junk.toString());
        assertEquals(1, bad.status);
        assertTrue(bad.out.contains("cannot read " + junk + " as a JFR recording"), bad::toString);
    }

    /** The page as headless Chromium renders it: a screenshot that is not blank, a DOM with the timeline and the tables. */
    @Test
    void theReportRendersInAHeadlessBrowser() throws Exception {
        Jdk jdk = Jdk.all().findFirst().orElseThrow();
        Path work = Files.createTempDirectory("inotify-jfr-report-browser");
        Path dir = scenarioDirectories(work);
        Path jfr = work.resolve("activity.jfr");
        new ChildJvm(jdk).agent("path=" + dir).recording(jfr, "default")
                .run(work, ReportScenario.class, dir.toString(), "activity").assertExitedNormally();
        assertEquals(0, cli(jdk, "report", jfr.toString()).status);
        Path html = work.resolve("activity.html");
        Path png = work.resolve("activity.png");
        String browser = Chromium.path();
        Chromium.run(browser, "--screenshot=" + png, "--window-size=1280,1800", html.toUri().toString());
        BufferedImage image = ImageIO.read(png.toFile());
        Set<Integer> colors = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colors.add(image.getRGB(x, y));
            }
        }
        assertTrue(colors.size() > 20, "the screenshot shows more than a blank page: " + colors.size() + " colors");
        String dom = Chromium.run(browser, "--dump-dom", html.toUri().toString());
        for (String id : List.of("<svg id=\"timeline\"", "<table id=\"kinds\"", "<table id=\"directories\"",
                "<table id=\"files\"", "<table id=\"origins\"", "<table id=\"renames\"")) {
            assertTrue(dom.contains(id), () -> id + " in the browser's DOM");
        }
    }

    /** The scenario's directories, made before the agent starts: what happens in a directory before its watch is placed is seen only by the scan. */
    private static Path scenarioDirectories(Path work) throws java.io.IOException {
        Path dir = Files.createDirectories(work.resolve("w"));
        for (String d : List.of("hot", "cold", "tmp", "in", "archive")) {
            Files.createDirectories(dir.resolve(d));
        }
        return dir;
    }

    private static boolean isFileEvent(RecordedEvent e) {
        String name = e.getEventType().getName();
        for (String kind : KINDS) {
            if (name.equals(PREFIX + kind)) {
                return true;
            }
        }
        return false;
    }

    /** Files created and deleted within a second, counted the simple way: each delete against the last create of its path. */
    private static long churn(List<RecordedEvent> files) {
        Map<String, RecordedEvent> created = new HashMap<>();
        long n = 0;
        for (RecordedEvent e : files) {
            String name = e.getEventType().getName();
            if (name.equals(FILE_CREATE)) {
                created.put(e.getString("path"), e);
            } else if (name.equals(FILE_DELETE)) {
                RecordedEvent c = created.remove(e.getString("path"));
                if (c != null && Duration.between(c.getStartTime(), e.getStartTime()).compareTo(Duration.ofSeconds(1)) <= 0) {
                    n++;
                }
            } else if (name.equals(FILE_MOVE) && e.getString("oldPath") != null) {
                RecordedEvent c = created.remove(e.getString("oldPath"));
                if (c != null && e.getString("path") != null) {
                    created.put(e.getString("path"), c);
                }
            }
        }
        return n;
    }

    private static long count(String page, String regex) {
        Matcher m = Pattern.compile(regex).matcher(page);
        assertTrue(m.find(), () -> regex + " in the page");
        return Long.parseLong(m.group(1));
    }

    private static Cli cli(Jdk jdk, String... args) throws Exception {
        return Cli.run(jdk, args);
    }
}
