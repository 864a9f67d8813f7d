package org.inotifyjfr.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The application the agent rides in during a benchmark: it writes {@code READY} once this
 * process holds an inotify watch (the agent's), then does nothing until {@code STOP} appears.
 * With no agent it is ready at once. Given {@code HEAP_ASKED HEAP_OUT} as well, once HEAP_ASKED
 * appears it collects garbage and writes the bytes of heap still in use to HEAP_OUT.
 */
public final class IdleApp {
    public static void main(String[] args) throws Exception {
        Path ready = Path.of(args[0]);
        Path stop = Path.of(args[1]);
        boolean agent = args.length > 2 && args[2].equals("agent");
        boolean onDemand = args.length > 2 && args[2].equals("agent-on-demand"); // watch=recording: no watch to wait for
        while (agent && !Watches.any() || onDemand && !Watches.instance()) {
            Thread.sleep(5);
        }
        Files.writeString(ready, "ready");
        Path heapAsked = args.length > 4 ? Path.of(args[3]) : null;
        while (!Files.exists(stop)) {
            if (heapAsked != null && Files.exists(heapAsked)) {
                Files.writeString(Path.of(args[4]), Long.toString(usedAfterGc()));
                heapAsked = null;
            }
            Thread.sleep(20);
        }
    }

    /** Heap in use once collections stop freeing anything: what is retained. */
    static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            Thread.sleep(50);
            long now = rt.totalMemory() - rt.freeMemory();
            if (now >= used) {
                return Math.min(now, used);
            }
            used = now;
        }
        return used;
    }

    private IdleApp() {
    }
}
