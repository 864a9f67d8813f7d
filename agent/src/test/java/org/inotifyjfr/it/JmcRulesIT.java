package org.inotifyjfr.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openjdk.jmc.flightrecorder.rules.report.html.JfrHtmlRulesReport;

/**
 * The JMC rules jar, run by JMC's own report generators with the jar on the class path, on
 * recordings the agent made: one with an overflow, one with a watch failure, one quiet.
 */
class JmcRulesIT {
    private static Path work;
    private static Path overflow;
    private static Path failure;
    private static Path quiet;

    @BeforeAll
    static void record() throws Exception {
        Jdk jdk = Jdk.all().findFirst().orElseThrow();
        work = Files.createTempDirectory("inotify-jfr-jmc-rules");
        Path dir = Files.createDirectories(work.resolve("w"));
        overflow = work.resolve("overflow.jfr");
        new ChildJvm(jdk).agent("path=" + dir).recording(overflow, "default")
                .run(work, ReportScenario.class, dir.toString(), "overflow").assertExitedNormally();
        Path quietDir = Files.createDirectories(work.resolve("quiet"));
        quiet = work.resolve("quiet.jfr");
        new ChildJvm(jdk).agent("path=" + quietDir).recording(quiet, "default")
                .run(work, ReportScenario.class, quietDir.toString(), "nothing").assertExitedNormally();
        failure = work.resolve("failure.jfr");
        new ChildJvm(jdk).agent("path=" + quietDir + ",path=" + work.resolve("missing")).recording(failure, "default")
                .run(work, ReportScenario.class, quietDir.toString(), "nothing").assertExitedNormally();
    }

    @Test
    void anOverflowIsAWarningAndTheQuietRecordingIsOk() throws Exception {
        Map<String, String> lost = severities(overflow);
        assertEquals("Warning", lost.get("File Events Lost (inotify Queue Overflow)"), lost::toString);
        assertEquals("Warning", lost.get("Busiest Directory (File Events per Second)"), lost::toString);
        Map<String, String> calm = severities(quiet);
        for (String rule : List.of("File Events Lost (inotify Queue Overflow)", "Paths Not Watched (inotify)",
                "File Activity Agent Off (inotify-jfr)", "Busiest Directory (File Events per Second)",
                "Short-Lived Files (Created and Deleted within a Second)", "Files Changed by Other Processes")) {
            assertEquals("OK", calm.get(rule), () -> rule + " in " + calm);
        }
    }

    @Test
    void aMissingPathIsReportedWithItsPathAndRemedy() throws Exception {
        String text = report(failure);
        Map<String, String> found = severities(text);
        assertEquals("Information", found.get("Paths Not Watched (inotify)"), text);
        assertTrue(text.contains("Summary: 1 path could not be watched, " + work.resolve("missing") + " (ENOENT)."), text);
        assertEquals("OK", found.get("File Events Lost (inotify Queue Overflow)"), text);
    }

    @Test
    void jmcsHtmlReportShowsTheRules() throws Exception {
        String html = JfrHtmlRulesReport.createReport(overflow.toFile());
        assertTrue(html.contains("File Events Lost (inotify Queue Overflow)"), "the rule's name in JMC's HTML report");
        assertTrue(html.contains("The kernel&#39;s inotify queue overflowed") || html.contains("The kernel's inotify queue overflowed"),
                "the rule's summary in JMC's HTML report");
    }

    /** Rule name to severity, from {@code JfrRulesReport -format text} run in a JVM of its own with this class path. */
    private static Map<String, String> severities(Path jfr) throws Exception {
        return severities(report(jfr));
    }

    private static Map<String, String> severities(String text) {
        Map<String, String> severities = new HashMap<>();
        Matcher m = Pattern.compile("Rule: (.*)\\nSeverity: (.*)\\n").matcher(text);
        while (m.find()) {
            severities.put(m.group(1).trim(), m.group(2).trim());
        }
        return severities;
    }

    private static String report(Path jfr) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.openjdk.jmc.flightrecorder.rules.report.JfrRulesReport",
                "-format", "text", jfr.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "JfrRulesReport hung");
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
