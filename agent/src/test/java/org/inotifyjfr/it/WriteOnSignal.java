package org.inotifyjfr.it;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A child JVM's main to attach to: runs until {@code STOP} appears; each time {@code GO} appears,
 * a thread named "after-attach" writes {@code DIR/by-java.txt} (in a method named {@code writeIt})
 * and the main thread then deletes {@code GO} and makes {@code DONE}.
 */
public final class WriteOnSignal {
    public static void main(String[] args) throws Exception {
        Path stop = Path.of(args[0]);
        Path dir = Path.of(args[1]);
        Path go = Path.of(args[2]);
        Path done = Path.of(args[3]);
        System.out.println("ready");
        System.out.flush();
        for (int i = 0; i < 30_000 && !Files.exists(stop); i++) {
            if (Files.exists(go)) {
                // alive until the end: JFR records a thread that has ended as null in a later event
                Thread writer = new Thread(() -> {
                    writeIt(dir);
                    awaitStop(stop);
                }, "after-attach");
                writer.start();
                while (!Files.exists(dir.resolve("by-java.txt"))) {
                    Thread.sleep(10);
                }
                Files.delete(go);
                Files.writeString(done, "");
            }
            Thread.sleep(10); // bounded: the test makes STOP when it is done
        }
        System.out.println("application finished normally");
    }

    private static void awaitStop(Path stop) {
        try {
            for (int i = 0; i < 30_000 && !Files.exists(stop); i++) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void writeIt(Path dir) {
        try {
            Files.writeString(dir.resolve("by-java.txt"), "x");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
