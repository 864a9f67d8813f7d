package org.inotifyjfr.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.item.IItemIterable;
import org.openjdk.jmc.flightrecorder.JfrLoaderToolkit;

/** The demo as README runs it: under the agent, then its recording opened with JMC's parser. */
class DemoUnderAgentIT {
    @TempDir
    Path dir;

    @Test
    void demoRecordingShowsFileActivityBesideCpuSamplesInJmc() throws Exception {
        Path work = dir.resolve("demo");
        Path out = dir.resolve("demo.out");
        Process demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + System.getProperty("agent.jar") + "=path=" + work,
                "-jar", System.getProperty("demo.jar"), work.toString(), "3")
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(demo.waitFor(5, TimeUnit.MINUTES), "the demo hung");
        String printed = Files.readString(out);
        assertEquals(0, demo.exitValue(), printed);
        assertTrue(printed.contains("inotify-jfr agent is watching " + work), printed);
        assertTrue(printed.matches("(?s).*processed [1-9]\\d* orders in .*"), printed);
        Path jfr = dir.resolve("demo.jfr");
        assertTrue(printed.contains("Recording: " + jfr), printed);

        Map<String, Long> counts = new HashMap<>();
        IItemCollection events = JfrLoaderToolkit.loadEvents(new File(jfr.toString()));
        for (IItemIterable items : events) {
            counts.merge(items.getType().getIdentifier(), items.getItemCount(), Long::sum);
        }
        for (String name : new String[] {"inotify.FileCreate", "inotify.FileMove", "inotify.FileCloseWrite",
                "inotify.FileDelete", "inotify.Statistics", "inotify.Configuration", "jdk.ExecutionSample"}) {
            assertTrue(counts.getOrDefault(name, 0L) > 0, () -> "JMC finds no " + name + " in " + counts);
        }
        long moves = counts.get("inotify.FileMove");
        assertTrue(printed.matches("(?s).*inotify\\.FileMove\\s+" + moves + "\\n.*"),
                () -> "the demo's own count of moves matches JMC's " + moves + ":\n" + printed);
    }
}
