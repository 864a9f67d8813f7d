package org.inotifyjfr.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The application the agent rides in during a benchmark: it writes {@code READY} once this
 * process holds an inotify watch (the agent's), then does nothing until {@code STOP} appears.
 * With no agent it is ready at once.
 */
public final class IdleApp {
    public static void main(String[] args) throws Exception {
        Path ready = Path.of(args[0]);
        Path stop = Path.of(args[1]);
        boolean agent = args.length > 2 && args[2].equals("agent");
        while (agent && !Watches.any()) {
            Thread.sleep(5);
        }
        Files.writeString(ready, "ready");
        while (!Files.exists(stop)) {
            Thread.sleep(20);
        }
    }

    private IdleApp() {
    }
}
