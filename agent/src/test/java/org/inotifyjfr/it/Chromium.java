package org.inotifyjfr.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Headless Chromium from Debian (installed by .ci/run), to see a page as a person would. */
final class Chromium {
    private Chromium() {
    }

    /** The browser's executable; fails, saying how to install it, if there is none. */
    static String path() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new AssertionError("no Chromium: apt-get install chromium (.ci/run does)");
    }

    /** Runs it headless with {@code args}; what it printed on stdout. */
    static String run(String browser, String... args) throws Exception {
        Path profile = Files.createTempDirectory("inotify-jfr-chromium");
        List<String> command = new ArrayList<>(List.of(browser, "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--user-data-dir=" + profile, "--hide-scrollbars"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), "chromium hung: " + command);
        assertEquals(0, p.exitValue(), () -> "chromium failed: " + command);
        return out;
    }
}
