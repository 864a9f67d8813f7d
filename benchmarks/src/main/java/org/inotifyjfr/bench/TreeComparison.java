package org.inotifyjfr.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tree workload: how long each watcher takes, from its process start, until every directory
 * of a 100,000-directory tree is watched; for the agent also the retained heap per watch (heap in
 * use after GC with the tree watched, less the same with one directory watched), how long premain
 * took and when the first watch was live (from its log line).
 */
final class TreeComparison {
    static final int TOP = 100;
    static final int PER_TOP = 999;
    private static final Pattern AGENT_READY = Pattern.compile("with (\\d+) watches \\(premain took ([0-9.]+) ms; "
            + "first watch live after (\\d+) ms; ready in (\\d+) ms\\)");

    enum Watcher {
        AGENT("agent"),
        INOTIFYWAIT("inotifywait -r"),
        WATCH_SERVICE("WatchService, every directory");

        final String label;

        Watcher(String label) {
            this.label = label;
        }
    }

    /** One run's figures. */
    static final class Result {
        double seconds;
        long watches;
        double heapPerWatch = Double.NaN;
        double premainMillis = Double.NaN;
        double firstWatchMillis = Double.NaN;
    }

    private final Path work;
    private final Path agentJar;
    private final String java;
    private final String classPath;

    TreeComparison(Path work, Path agentJar, String java, String classPath) {
        this.work = work;
        this.agentJar = agentJar;
        this.java = java;
        this.classPath = classPath;
    }

    /** Makes the tree once: TOP directories of PER_TOP directories each, 100,000 in all. */
    Path tree() throws IOException {
        Path tree = work.resolve("tree");
        Path last = tree.resolve("t" + (TOP - 1)).resolve("d" + (PER_TOP - 1));
        if (!Files.isDirectory(last)) {
            for (int t = 0; t < TOP; t++) {
                Path top = Files.createDirectories(tree.resolve("t" + t));
                for (int d = 0; d < PER_TOP; d++) {
                    Files.createDirectories(top.resolve("d" + d));
                }
            }
        }
        return tree;
    }

    Map<Watcher, List<Result>> run(int runs) throws Exception {
        Path tree = tree();
        Path single = Files.createDirectories(work.resolve("single"));
        Map<Watcher, List<Result>> results = new LinkedHashMap<>();
        for (int run = 1; run <= runs; run++) {
            for (Watcher w : Watcher.values()) {
                Result r = measure(w, tree);
                if (w == Watcher.AGENT) {
                    Result one = measure(w, single);
                    r.heapPerWatch = (r.heapPerWatch - one.heapPerWatch) / (r.watches - one.watches);
                }
                results.computeIfAbsent(w, k -> new ArrayList<>()).add(r);
                System.out.printf("tree run %d %-30s watched %,d directories in %.2f s%s%n", run, w.label, r.watches,
                        r.seconds, Double.isNaN(r.heapPerWatch) ? "" : String.format(", %.1f heap bytes per watch, "
                                + "premain %.2f ms, first watch after %.0f ms", r.heapPerWatch, r.premainMillis,
                                r.firstWatchMillis));
            }
        }
        return results;
    }

    private Result measure(Watcher watcher, Path dir) throws Exception {
        Path ready = work.resolve("tree-ready");
        Path stop = work.resolve("tree-stop");
        Path heapAsked = work.resolve("tree-heap-asked");
        Path heap = work.resolve("tree-heap");
        Path err = work.resolve("tree-watcher.err");
        for (Path p : List.of(ready, stop, heapAsked, heap, err)) {
            Files.deleteIfExists(p);
        }
        List<String> command = switch (watcher) {
            case AGENT -> List.of(java, "-javaagent:" + agentJar + "=path=" + dir, "-cp", classPath,
                    IdleApp.class.getName(), ready.toString(), stop.toString(), "agent", heapAsked.toString(), heap.toString());
            case INOTIFYWAIT -> List.of("inotifywait", "-m", "-r", dir.toString());
            case WATCH_SERVICE -> List.of(java, "-cp", classPath, WatchServiceWatcher.class.getName(), dir.toString(),
                    ready.toString(), "never");
        };
        long t0 = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectError(err.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Result r = new Result();
        try {
            switch (watcher) {
                case AGENT -> {
                    Matcher m = await(process, err, AGENT_READY);
                    r.seconds = (System.nanoTime() - t0) / 1e9;
                    r.watches = Long.parseLong(m.group(1));
                    r.premainMillis = Double.parseDouble(m.group(2));
                    r.firstWatchMillis = Double.parseDouble(m.group(3));
                    Files.writeString(heapAsked, "now");
                    while (!Files.exists(heap) || Files.readString(heap).isEmpty()) {
                        StormComparison.check(process, err);
                        Thread.sleep(20);
                    }
                    r.heapPerWatch = Long.parseLong(Files.readString(heap).trim());
                }
                case INOTIFYWAIT -> {
                    await(process, err, Pattern.compile("Watches established\\."));
                    r.seconds = (System.nanoTime() - t0) / 1e9;
                    r.watches = Watches.count(process.pid());
                }
                case WATCH_SERVICE -> {
                    while (!Files.exists(ready)) {
                        StormComparison.check(process, err);
                        Thread.sleep(5);
                    }
                    r.seconds = (System.nanoTime() - t0) / 1e9;
                    r.watches = Watches.count(process.pid());
                }
            }
        } finally {
            Files.writeString(stop, "stop");
            process.destroy();
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
        }
        return r;
    }

    /** Polls the watcher's standard error every 5 ms until {@code pattern} is in it. */
    private static Matcher await(Process process, Path err, Pattern pattern) throws Exception {
        while (true) {
            Matcher m = pattern.matcher(Files.readString(err));
            if (m.find()) {
                return m;
            }
            StormComparison.check(process, err);
            Thread.sleep(5);
        }
    }

    static void print(Map<Watcher, List<Result>> results) {
        double iw = StormComparison.median(results.get(Watcher.INOTIFYWAIT), r -> r.seconds);
        System.out.println();
        System.out.println("| watcher (tree of " + String.format("%,d", TOP * (PER_TOP + 1)) + " directories) | watches "
                + "| time to watched s, median [min-max] | vs inotifywait | retained heap bytes per watch, median [min-max] "
                + "| premain ms, median | first watch live ms after premain, median |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Map.Entry<Watcher, List<Result>> e : results.entrySet()) {
            List<Result> rs = e.getValue();
            boolean agent = e.getKey() == Watcher.AGENT;
            System.out.printf("| %s | %,.0f | %.2f [%.2f-%.2f] | %.2fx | %s | %s | %s |%n", e.getKey().label,
                    StormComparison.median(rs, r -> r.watches), StormComparison.median(rs, r -> r.seconds),
                    StormComparison.min(rs, r -> r.seconds), StormComparison.max(rs, r -> r.seconds),
                    StormComparison.median(rs, r -> r.seconds) / iw,
                    agent ? String.format("%.1f [%.1f-%.1f]", StormComparison.median(rs, r -> r.heapPerWatch),
                            StormComparison.min(rs, r -> r.heapPerWatch), StormComparison.max(rs, r -> r.heapPerWatch)) : "-",
                    agent ? String.format("%.2f", StormComparison.median(rs, r -> r.premainMillis)) : "-",
                    agent ? String.format("%.0f", StormComparison.median(rs, r -> r.firstWatchMillis)) : "-");
        }
        System.out.println();
        System.out.println("Time from the watcher's process start (JVM start-up included for the Java watchers) to: the agent's "
                + "\"watching ...\" log line, inotifywait's \"Watches established.\", the WatchService reader's last "
                + "register. Heap: in use after GC with the tree watched, less with one directory, per extra watch.");
    }
}
