package org.inotifyjfr.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;

/**
 * A child JVM's main for {@code inotify.DirectoryActivity} with a {@code period} of 200 ms and
 * every file event off: creates {@code DIR/first.txt}, awaits the summary that counts it, creates
 * {@code DIR/second.txt} and awaits the next. Prints each summary's directory and counts, and
 * whether IN_MODIFY (0x2) is in the kernel's masks while only the summary is on.
 */
public final class SummaryPeriods {
    private static final String[] FILE_EVENTS = {"FileCreate", "FileDelete", "FileModify", "FileAttrib",
        "FileCloseWrite", "FileCloseNoWrite", "FileOpen", "FileAccess", "FileMove", "Unmount"};

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        InotifyWatches.await(1);
        BlockingQueue<RecordedEvent> summaries = new LinkedBlockingQueue<>();
        try (RecordingStream stream = new RecordingStream()) {
            for (String event : FILE_EVENTS) {
                stream.disable("inotify." + event);
            }
            stream.enable("inotify.DirectoryActivity").withPeriod(Duration.ofMillis(200));
            stream.onEvent("inotify.DirectoryActivity", summaries::add);
            stream.startAsync();
            for (String name : new String[] {"first", "second"}) {
                Files.writeString(dir.resolve(name + ".txt"), name);
                RecordedEvent summary = summaries.poll(60, TimeUnit.SECONDS);
                System.out.println(name + ": " + (summary == null ? "no summary" : summary.getString("directory")
                        + " created=" + summary.getLong("created") + " closedAfterWrite="
                        + summary.getLong("closedAfterWrite")));
                if (name.equals("first")) {
                    System.out.println("modify masked with only the summary on: "
                            + ((InotifyWatches.maskBits() & 0x2) != 0));
                }
            }
        }
        System.out.println("application finished normally");
    }
}
