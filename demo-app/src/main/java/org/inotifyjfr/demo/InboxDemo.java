package org.inotifyjfr.demo;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * {@code java -javaagent:inotify-jfr-agent.jar=path=WORK -jar inotify-jfr-demo.jar WORK [SECONDS]}:
 * runs the inbox job in WORK for SECONDS (default 8) while recording with JFR's profile settings,
 * then prints what the recording holds and where it is. With {@code --orders N} instead of
 * SECONDS it processes N orders as fast as it can, one at a time (the benchmark's demo workload).
 */
public final class InboxDemo {
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: java -javaagent:inotify-jfr-agent.jar=path=WORK -jar inotify-jfr-demo.jar WORK "
                    + "[SECONDS | --orders N]");
            System.exit(2);
        }
        Path work = Path.of(args[0]).toAbsolutePath().normalize();
        boolean flatOut = args.length > 2 && args[1].equals("--orders");
        long orders = flatOut ? Long.parseLong(args[2]) : 0;
        Duration duration = Duration.ofSeconds(args.length > 1 && !flatOut ? Long.parseLong(args[1]) : 8);
        Files.createDirectories(work);
        Path jfr = work.resolveSibling(work.getFileName() + ".jfr");

        boolean agent = hasAgent() && AgentReady.await(work, Duration.ofSeconds(20));
        System.out.println(agent ? "inotify-jfr agent is watching " + work
                : "no inotify-jfr agent is watching " + work + ": the recording will hold no file events");

        Inbox inbox = Inbox.create(work);
        try (Recording recording = new Recording(Configuration.getConfiguration("profile"))) {
            recording.setName("inotify-jfr demo");
            recording.start();
            long started = System.nanoTime();
            Inbox.Totals totals = flatOut ? flatOut(inbox, orders) : run(inbox, duration);
            double seconds = (System.nanoTime() - started) / 1e9;
            recording.stop();
            recording.dump(jfr);
            System.out.printf("processed %d orders in %.1f s (%.0f orders/s), archived %d, pruned %d%n",
                    totals.processed, seconds, totals.processed / seconds, totals.archived, totals.pruned);
        }
        RecordingSummary.print(jfr, System.out);
        if (!flatOut) {
            report(jfr);
        }
    }

    /** Writes the file-activity report beside the recording, with the agent jar's own command, and says where. */
    private static void report(Path jfr) throws IOException, InterruptedException {
        String agentJar = agentJar();
        if (agentJar == null) {
            return;
        }
        Path html = jfr.resolveSibling(jfr.getFileName().toString().replaceFirst("\\.jfr$", "") + ".html");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", agentJar,
                "report", jfr.toString(), "-o", html.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (p.waitFor() == 0) {
            System.out.println("Report: " + html + " (java -jar " + agentJar + " report " + jfr + ")");
        } else {
            System.out.print("The report could not be written: " + out);
        }
    }

    /** The agent jar this JVM was started with ({@code -javaagent:JAR[=OPTIONS]}), or null. */
    private static String agentJar() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-javaagent:") && a.contains("inotify-jfr"))
                .map(a -> a.substring("-javaagent:".length()).split("=", 2)[0]).findFirst().orElse(null);
    }

    /** A producer drops orders into the inbox while the consumer processes them, until time is up. */
    private static Inbox.Totals run(Inbox inbox, Duration duration) throws Exception {
        AtomicBoolean producing = new AtomicBoolean(true);
        Thread producer = new Thread(() -> {
            try {
                while (producing.get()) {
                    inbox.receive();
                    Thread.sleep(5);
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, "order producer");
        producer.start();
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            if (inbox.processWaiting() == 0) {
                Thread.sleep(2);
            }
        }
        producing.set(false);
        producer.join();
        inbox.processWaiting();
        return inbox.totals();
    }

    /**
     * Receives and processes {@code orders} orders one after the other, as fast as it can, and
     * prints the rate of the second half, once the JIT (and an agent's start-up) are done.
     */
    private static Inbox.Totals flatOut(Inbox inbox, long orders) throws IOException {
        long half = orders / 2;
        long halfway = System.nanoTime();
        for (long i = 0; i < orders; i++) {
            if (i == half) {
                halfway = System.nanoTime();
            }
            inbox.receive();
            inbox.processWaiting();
        }
        double seconds = (System.nanoTime() - halfway) / 1e9;
        System.out.printf("steady: %d orders in %.1f s (%.0f orders/s), the second half%n", orders - half, seconds,
                (orders - half) / seconds);
        return inbox.totals();
    }

    /** Whether the JVM was started with a -javaagent (there is no point waiting for one otherwise). */
    private static boolean hasAgent() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream().anyMatch(a -> a.startsWith("-javaagent:"));
    }

    static void moveAtomically(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    }

    private InboxDemo() {
    }
}
