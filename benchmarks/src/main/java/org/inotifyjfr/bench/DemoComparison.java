package org.inotifyjfr.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo workload: the demo application's inbox job ({@code --orders N}: N orders received,
 * processed, archived and pruned one after the other, with its JFR recording on the profile
 * settings) unwatched, watched by {@code inotifywait -m -r} and by the agent; the figure is its
 * throughput over the second half of the orders.
 */
final class DemoComparison {
    /** The demo's rate over the second half of its orders, after JIT warm-up and the agent's start. */
    private static final Pattern THROUGHPUT = Pattern.compile("steady: (\\d+) orders in \\S+ s \\((\\d+) orders/s\\)");

    private final Path work;
    private final Path agentJar;
    private final Path demoJar;
    private final String java;
    private final int orders;

    DemoComparison(Path work, Path agentJar, Path demoJar, String java, int orders) {
        this.work = work;
        this.agentJar = agentJar;
        this.demoJar = demoJar;
        this.java = java;
        this.orders = orders;
    }

    /** Who watches the demo's folder. */
    private enum Watcher {
        NONE("no watcher"), INOTIFYWAIT("inotifywait -m -r"), AGENT("agent"),
        AGENT_NO_ATTRIBUTION("agent, attribute=false"), AGENT_NO_FANOTIFY("agent, fanotify=false");

        final String label;

        Watcher(String label) {
            this.label = label;
        }
    }

    /** Orders per second, per run and watcher; the watchers take turns within each run. */
    Map<String, List<Double>> run(int runs) throws Exception {
        Map<String, List<Double>> results = new LinkedHashMap<>();
        for (int run = 1; run <= runs; run++) {
            for (Watcher watcher : Watcher.values()) {
                double perSecond = measure(watcher);
                results.computeIfAbsent(watcher.label, k -> new ArrayList<>()).add(perSecond);
                System.out.printf("demo run %d %-18s %,.0f orders/s%n", run, watcher.label, perSecond);
            }
        }
        return results;
    }

    private double measure(Watcher watcher) throws Exception {
        Path dir = work.resolve("demo");
        StormComparison.deleteTree(dir);
        Files.createDirectories(dir);
        boolean agent = watcher == Watcher.AGENT || watcher == Watcher.AGENT_NO_ATTRIBUTION
                || watcher == Watcher.AGENT_NO_FANOTIFY;
        Process inotifywait = null;
        if (watcher == Watcher.INOTIFYWAIT) {
            // every kind, to /dev/null, as a user watching the folder by hand would run it
            inotifywait = new ProcessBuilder("inotifywait", "-m", "-r", "-q", dir.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            while (!Watches.anyQuietly(inotifywait.toHandle())) {
                StormComparison.check(inotifywait);
                Thread.sleep(5);
            }
        }
        List<String> command = new ArrayList<>(List.of(java));
        if (agent) {
            command.add("-javaagent:" + agentJar + "=path=" + dir
                    + (watcher == Watcher.AGENT_NO_ATTRIBUTION ? ",attribute=false" : "")
                    + (watcher == Watcher.AGENT_NO_FANOTIFY ? ",fanotify=false" : ""));
        }
        command.addAll(List.of("-jar", demoJar.toString(), dir.toString(), "--orders", Integer.toString(orders)));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (inotifywait != null) {
            inotifywait.destroy();
            inotifywait.waitFor();
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException("the demo failed:\n" + out);
        }
        if (agent && !out.contains("inotify-jfr agent is watching")) {
            throw new IllegalStateException("the agent did not watch the demo's folder:\n" + out);
        }
        Matcher m = THROUGHPUT.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no throughput in the demo's output:\n" + out);
        }
        return Double.parseDouble(m.group(2));
    }

    static void print(Map<String, List<Double>> results, int orders) {
        double none = StormComparison.median(results.get(Watcher.NONE.label), x -> x);
        double agent = StormComparison.median(results.get(Watcher.AGENT.label), x -> x);
        System.out.println();
        System.out.println("| demo (" + String.format("%,d", orders) + " orders, rate of the second half, recording with the profile settings) "
                + "| orders/s, median [min-max] | vs no watcher |");
        System.out.println("|---|---|---|");
        for (Map.Entry<String, List<Double>> e : results.entrySet()) {
            List<Double> rs = e.getValue();
            double median = StormComparison.median(rs, x -> x);
            System.out.printf("| %s | %,.0f [%,.0f-%,.0f] | %+.1f%% |%n", e.getKey(), median,
                    StormComparison.min(rs, x -> x), StormComparison.max(rs, x -> x), (median / none - 1) * 100);
        }
        double inotifywait = StormComparison.median(results.get(Watcher.INOTIFYWAIT.label), x -> x);
        double plain = StormComparison.median(results.get(Watcher.AGENT_NO_ATTRIBUTION.label), x -> x);
        System.out.printf("%nThroughput under the agent: %.1f%% of unwatched; under inotifywait: %.1f%%; the agent with"
                + " attribution (the default) against attribute=false: %+.1f%%.%n",
                agent / none * 100, inotifywait / none * 100, (agent / plain - 1) * 100);
    }
}
