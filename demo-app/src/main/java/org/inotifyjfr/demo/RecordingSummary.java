package org.inotifyjfr.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/** Reads a recording back with {@code jdk.jfr.consumer} and prints what it holds. */
final class RecordingSummary {
    private static final List<String> EXAMPLES = List.of("inotify.FileCreate", "inotify.FileMove",
            "inotify.FileCloseWrite", "inotify.FileDelete", "inotify.Statistics");

    private RecordingSummary() {
    }

    static void print(Path jfr, PrintStream out) throws IOException {
        Map<String, Integer> inotify = new TreeMap<>();
        Map<String, RecordedEvent> examples = new LinkedHashMap<>();
        Map<String, Integer> jvm = new TreeMap<>();
        try (RecordingFile file = new RecordingFile(jfr)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                String name = event.getEventType().getName();
                if (name.startsWith("inotify.")) {
                    inotify.merge(name, 1, Integer::sum);
                    if (EXAMPLES.contains(name) && (!examples.containsKey(name) || name.equals("inotify.Statistics"))) {
                        examples.put(name, event);
                    }
                } else if (name.equals("jdk.ExecutionSample") || name.equals("jdk.GarbageCollection")
                        || name.equals("jdk.ObjectAllocationSample")) {
                    jvm.merge(name, 1, Integer::sum);
                }
            }
        }
        out.println();
        out.println("The recording holds these inotify events:");
        inotify.forEach((name, count) -> out.printf("  %-26s %7d%n", name, count));
        out.println("next to the JVM's own:");
        jvm.forEach((name, count) -> out.printf("  %-26s %7d%n", name, count));
        out.println();
        out.println("Examples:");
        List<String> order = new ArrayList<>(EXAMPLES);
        for (String name : order) {
            RecordedEvent e = examples.get(name);
            if (e != null) {
                out.println("  " + describe(e));
            }
        }
        out.println();
        out.println("Recording: " + jfr);
        out.println("  open it in JDK Mission Control (File > Open File, then Event Browser > Operating System),");
        out.println("  or: jfr print --events inotify.FileMove " + jfr);
        out.println("      jfr summary " + jfr);
    }

    private static String describe(RecordedEvent e) {
        StringBuilder b = new StringBuilder(e.getEventType().getName()).append(' ');
        e.getFields().stream().map(f -> f.getName())
                .filter(n -> !List.of("startTime", "duration", "eventThread", "stackTrace").contains(n))
                .forEach(n -> {
                    Object value = e.getValue(n);
                    b.append(n).append('=').append(value instanceof String ? "\"" + value + "\"" : value).append(' ');
                });
        return b.toString().trim();
    }
}
