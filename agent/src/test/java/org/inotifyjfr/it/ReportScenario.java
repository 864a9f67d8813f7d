package org.inotifyjfr.it;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A child JVM's main that makes the file activity {@link ReportIT} reports on, in {@code DIR} (whose
 * subdirectories the test makes first, so that they are watched before anything happens in them):
 * <ul>
 * <li>{@code activity}: 40 files in {@code hot} written three times each, 3 in {@code cold}, 12
 * short-lived files in {@code tmp}, 4 rename chains {@code in/x.csv.part -> in/x.csv ->
 * archive/x.csv}, and a shell's write of {@code cold/by-shell.txt};
 * <li>{@code overflow}: a shell stops this JVM, makes more files than the kernel's queue holds, and
 * lets it go on, so the agent reads an overflow;
 * <li>{@code nothing}: no file activity.
 * </ul>
 */
public final class ReportScenario {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        if (args[1].equals("nothing")) {
            InotifyWatches.awaitStartupDone(); // with the agent or without
        } else {
            InotifyWatches.awaitAgentStarted();
        }
        switch (args[1]) {
            case "activity":
                // on a thread alive until the JVM exits: on JDK 17, JFR records a thread that has
                // ended as null in events committed after it ended (the reader's)
                java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
                Thread changer = new Thread(() -> {
                    try {
                        activity(dir);
                        done.complete(null);
                        Thread.sleep(Long.MAX_VALUE);
                    } catch (Exception e) {
                        done.completeExceptionally(e);
                    }
                }, "changer");
                changer.setDaemon(true);
                changer.start();
                done.get();
                break;
            case "overflow":
                // readAllLines: readString gave "1" of this file on JDK 17 (it trusts the size /proc gives)
                long limit = Long.parseLong(Files.readAllLines(Path.of("/proc/sys/fs/inotify/max_queued_events")).get(0).trim());
                Path many = Files.createDirectories(dir.resolve("many"));
                shell("kill -STOP " + ProcessHandle.current().pid() + "; i=0; while [ $i -lt " + (limit + 100)
                        + " ]; do : > '" + many + "'/f$i; i=$((i+1)); done; kill -CONT "
                        + ProcessHandle.current().pid());
                break;
            default:
                break;
        }
        System.out.println("done");
    }

    private static void activity(Path dir) throws Exception {
        Path hot = Files.createDirectories(dir.resolve("hot"));
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 40; i++) {
                Files.writeString(hot.resolve("h" + i + ".log"), "round " + round);
            }
        }
        Path cold = Files.createDirectories(dir.resolve("cold"));
        for (int i = 0; i < 3; i++) {
            Files.writeString(cold.resolve("c" + i + ".txt"), "x");
        }
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        for (int i = 0; i < 12; i++) {
            Path t = tmp.resolve("t" + i + ".tmp");
            Files.writeString(t, "scratch");
            Files.delete(t);
        }
        Path in = Files.createDirectories(dir.resolve("in"));
        Path archive = Files.createDirectories(dir.resolve("archive"));
        for (int i = 0; i < 4; i++) {
            Path part = in.resolve("x" + i + ".csv.part");
            Files.writeString(part, "a,b");
            Files.move(part, in.resolve("x" + i + ".csv"));
            Files.move(in.resolve("x" + i + ".csv"), archive.resolve("x" + i + ".csv"));
        }
        shell("echo x > '" + cold.resolve("by-shell.txt") + "'; sleep 1");
    }

    private static void shell(String script) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", script).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("sh failed: " + script);
        }
    }
}
