package org.inotifyjfr.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/** A recording read back with {@code jdk.jfr.consumer}, with look-ups by event name and path. */
public final class Recorded {
    private final List<RecordedEvent> events;

    private Recorded(List<RecordedEvent> events) {
        this.events = events;
    }

    public static Recorded read(Path jfr) throws IOException {
        return new Recorded(RecordingFile.readAllEvents(jfr));
    }

    /** Every event recorded. */
    public List<RecordedEvent> all() {
        return events;
    }

    public List<RecordedEvent> named(String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).collect(Collectors.toList());
    }

    /** Events of this type whose {@code path} field is {@code path}. */
    public List<RecordedEvent> at(String name, Path path) {
        String p = path == null ? null : path.toString();
        return named(name).stream().filter(e -> Objects.equals(e.getString("path"), p)).collect(Collectors.toList());
    }

    /** The one event of this type at {@code path}; fails, listing what was recorded, if there are none or several. */
    public RecordedEvent one(String name, Path path) {
        List<RecordedEvent> found = at(name, path);
        assertEquals(1, found.size(), () -> "events " + name + " at " + path + "; recorded:\n" + inotifyEvents());
        return found.get(0);
    }

    /**
     * The failure reported for {@code path}: at least one WatchFailure event, all alike. A
     * standing failure is committed again at each chunk start, so one failure may be several
     * events of one content; several contents would be several failures.
     */
    public RecordedEvent failure(Path path) {
        List<RecordedEvent> found = at("inotify.WatchFailure", path);
        assertEquals(1, found.stream().map(e -> e.getString("errno") + " " + e.getString("message")).distinct().count(),
                () -> "one failure at " + path + ": " + found);
        return found.get(0);
    }

    /** The inotify events, one line each, for failure messages. */
    public String inotifyEvents() {
        return events.stream().filter(e -> e.getEventType().getName().startsWith("inotify.File"))
                .map(e -> e.getEventType().getName() + " " + e.getFields().stream()
                        .filter(f -> !f.getName().equals("startTime") && !f.getName().equals("eventThread")
                                && !f.getName().equals("duration") && !f.getName().equals("stackTrace"))
                        .map(f -> f.getName() + "=" + e.getValue(f.getName()))
                        .collect(Collectors.joining(", ")))
                .collect(Collectors.joining("\n"));
    }
}
