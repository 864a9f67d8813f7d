package org.inotifyjfr.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingFile;

/**
 * A child JVM's main for an agent that is off: starts a recording, waits until the agent has said
 * so in it (a bounded poll on the recording), then starts a second recording, the "later" one,
 * and writes both to {@code DIR/first.jfr} and {@code DIR/later.jfr}.
 */
public final class AgentOffChild {
    private static final List<String> NAMES = List.of("inotify.Configuration", "inotify.WatchFailure");

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        try (Recording first = recording()) {
            first.start();
            Path probe = dir.resolve("probe.jfr");
            boolean said = false;
            for (int i = 0; i < 600 && !said; i++) {
                first.dump(probe);
                said = RecordingFile.readAllEvents(probe).stream()
                        .anyMatch(e -> e.getEventType().getName().equals("inotify.Configuration"));
                if (!said) {
                    Thread.sleep(100);
                }
            }
            Files.deleteIfExists(probe);
            try (Recording later = recording()) {
                later.start();
                later.stop();
                later.dump(dir.resolve("later.jfr"));
            }
            first.stop();
            first.dump(dir.resolve("first.jfr"));
        }
        System.out.println("application finished normally");
    }

    private static Recording recording() {
        Recording r = new Recording();
        NAMES.forEach(r::enable);
        return r;
    }
}
