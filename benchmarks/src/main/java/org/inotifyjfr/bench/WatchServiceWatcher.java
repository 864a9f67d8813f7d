package org.inotifyjfr.bench;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.stream.Stream;

/**
 * What a Java user would write instead of the agent: a WatchService registered on every directory
 * of the tree (no more as they appear: the storm makes none), counting events (each WatchEvent's count, as the JDK merges repeats) and overflows until the
 * sentinel file appears. Prints {@code events N overflows M}.
 */
public final class WatchServiceWatcher {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path ready = Path.of(args[1]);
        String sentinel = args[2];
        long events = 0;
        long overflows = 0;
        try (WatchService service = FileSystems.getDefault().newWatchService()) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path d : (Iterable<Path>) all.filter(Files::isDirectory)::iterator) {
                    d.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                            StandardWatchEventKinds.ENTRY_DELETE);
                }
            }
            Files.writeString(ready, "ready");
            boolean done = false;
            while (!done) {
                WatchKey key = service.take();
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        overflows++;
                    } else if (event.context().toString().equals(sentinel)) {
                        done = true;
                    } else {
                        events += event.count();
                    }
                }
                key.reset();
            }
        }
        System.out.println("events " + events + " overflows " + overflows);
    }

    private WatchServiceWatcher() {
    }
}
