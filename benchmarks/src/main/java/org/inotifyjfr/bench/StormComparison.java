package org.inotifyjfr.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * The storm workload in front of every watcher, in one run: ITERATIONS times create, write, close,
 * rename and delete a file in one directory (7 inotify events each with every kind on), by a
 * native generator. For each watcher it measures the events received and lost, overflows, the
 * watcher's process CPU (all threads, JIT, GC and JFR: /usr/bin/time at its exit less /proc/PID/stat
 * once it had settled after start-up, less the same for a run with no storm), JFR bytes per event and the storm's own slowdown.
 *
 * <p>Usage: {@code StormComparison --iterations N --runs R --agent JAR --storm BINARY --work DIR}
 */
public final class StormComparison {
    private static final int KERNEL_EVENTS_PER_ITERATION = 7;
    /** WatchService sees create, modify, delete (moved-from), create (moved-to), delete. */
    private static final int WATCH_SERVICE_EVENTS_PER_ITERATION = 5;
    private static final String SENTINEL = "zz-sentinel";

    enum Watcher {
        NONE("no watcher"),
        AGENT_RECORDING("agent, recording every kind"),
        AGENT_UNBATCHED("agent, recording, batch=0"),
        /** The same recording without the fanotify group that says which process caused each change. */
        AGENT_NO_FANOTIFY("agent, recording, fanotify=false"),
        /** Measured over a second storm in the same JVM: the per-event cost once the JIT is done. */
        AGENT_WARM("agent, recording, second storm"),
        /** The same recording with the per-directory summary on as well. */
        AGENT_SUMMARY("agent, every kind + DirectoryActivity"),
        /** Every file event off, the summary on: what a hot tree costs summarized. */
        AGENT_SUMMARY_ONLY("agent, DirectoryActivity only"),
        AGENT_IDLE("agent, no recording"),
        /** watch=recording with no recording: the agent holds no watch at all. */
        AGENT_ON_DEMAND("agent, no recording, watch=recording"),
        /** The baseline of every ratio: every kind, default format, its output thrown away. */
        INOTIFYWAIT("inotifywait -m -r > /dev/null"),
        /** The same watcher printing one line per event, so that what it received can be counted. */
        INOTIFYWAIT_COUNTED("inotifywait -m -r, lines counted"),
        WATCH_SERVICE("WatchService reader"),
        FLOOR("floor: C reader that only counts");

        final String label;

        Watcher(String label) {
            this.label = label;
        }
    }

    /** One watcher's figures in one run. */
    static final class Result {
        double cpuSeconds;
        double stormSeconds;
        long received = -1;
        long overflows;
        double jfrBytesPerEvent = Double.NaN;
        /** The same with the recording's constant pools, where JFR writes each pooled path once. */
        double jfrBytesWithPoolsPerEvent = Double.NaN;
        /** With only the summary on: how many summaries of the storm's directory the recording holds. */
        long summaries;
    }

    private final long iterations;
    private final Path agentJar;
    private final Path storm;
    private final Path floor;
    private final Path work;
    private final Path jfc;
    private final Path summaryJfc;
    private final Path summaryOnlyJfc;
    private final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private final String classPath = System.getProperty("java.class.path");
    private final Map<Watcher, Double> idleCpu = new LinkedHashMap<>();

    private StormComparison(long iterations, Path agentJar, Path storm, Path floor, Path work) throws IOException {
        this.iterations = iterations;
        this.agentJar = agentJar;
        this.storm = storm;
        this.floor = floor;
        this.work = work;
        this.jfc = work.resolve("every-inotify-event.jfc");
        this.summaryJfc = work.resolve("every-inotify-event-and-summary.jfc");
        this.summaryOnlyJfc = work.resolve("summary-only.jfc");
        writeJfc(jfc, true, false);
        writeJfc(summaryJfc, true, true);
        writeJfc(summaryOnlyJfc, false, true);
    }

    /** A settings file with every file event on or off, the agent's own events on, the summary on or off. */
    private static void writeJfc(Path file, boolean fileEvents, boolean summary) throws IOException {
        StringBuilder events = new StringBuilder();
        for (String name : List.of("FileCreate", "FileDelete", "FileModify", "FileAttrib", "FileCloseWrite",
                "FileCloseNoWrite", "FileOpen", "FileAccess", "FileMove", "Unmount")) {
            events.append(event(name, fileEvents));
        }
        for (String name : List.of("QueueOverflow", "WatchFailure", "Statistics", "Configuration")) {
            events.append(event(name, true));
        }
        events.append(event("DirectoryActivity", summary));
        Files.writeString(file, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<configuration version=\"2.0\">\n"
                + events + "</configuration>\n");
    }

    private static String event(String name, boolean enabled) {
        return "  <event name=\"inotify." + name + "\"><setting name=\"enabled\">" + enabled + "</setting></event>\n";
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i], args[i + 1]); // the last of a repeated key wins
        }
        long iterations = Long.parseLong(a.getOrDefault("--iterations", "1000000"));
        int runs = Integer.parseInt(a.getOrDefault("--runs", "3"));
        Path work = Path.of(a.get("--work"));
        List<String> workloads = List.of(a.getOrDefault("--workloads", "storm,tree,demo").split(","));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path agentJar = Path.of(a.get("--agent"));
        if (workloads.contains("storm")) {
            StormComparison bench = new StormComparison(iterations, agentJar, Path.of(a.get("--storm")),
                    Path.of(a.get("--floor")), work);
            System.out.printf("storm: %,d iterations x %d events = %,d inotify events, %d runs, in %s (%s)%n%n",
                    iterations, KERNEL_EVENTS_PER_ITERATION, iterations * KERNEL_EVENTS_PER_ITERATION, runs, work,
                    a.getOrDefault("--fs", "disk"));
            Map<Watcher, List<Result>> results = new LinkedHashMap<>();
            // --watchers NONE,AGENT_RECORDING,...: a subset (NONE and INOTIFYWAIT are always measured: the ratios need them)
            List<Watcher> watchers = new ArrayList<>();
            for (Watcher w : Watcher.values()) {
                if (!a.containsKey("--watchers") || w == Watcher.NONE || w == Watcher.INOTIFYWAIT
                        || List.of(a.get("--watchers").split(",")).contains(w.name())) {
                    watchers.add(w);
                }
            }
            for (Watcher w : watchers) {
                bench.idleCpu.put(w, bench.measure(w, false).cpuSeconds);
            }
            for (int run = 1; run <= runs; run++) {
                for (Watcher w : watchers) {
                    Result r = bench.measure(w, true);
                    results.computeIfAbsent(w, k -> new ArrayList<>()).add(r);
                    System.out.printf("run %d %-28s storm %6.2f s, watcher CPU %6.2f s, received %,d, overflows %d%n",
                            run, w.label, r.stormSeconds, r.cpuSeconds, r.received, r.overflows);
                }
            }
            bench.print(results);
        }
        if (workloads.contains("tree")) {
            System.out.println();
            TreeComparison.print(new TreeComparison(work, agentJar, java, System.getProperty("java.class.path")).run(runs));
        }
        if (workloads.contains("demo")) {
            System.out.println();
            int orders = Integer.parseInt(a.getOrDefault("--orders", "20000"));
            DemoComparison demo = new DemoComparison(work, agentJar, Path.of(a.get("--demo")), java, orders);
            DemoComparison.print(demo.run(runs), orders);
        }
    }

    /** Starts the watcher, runs the storm (or not), stops the watcher, and returns its figures. */
    private Result measure(Watcher watcher, boolean withStorm) throws Exception {
        Path dir = work.resolve("watched");
        deleteTree(dir);
        Files.createDirectories(dir);
        Path ready = work.resolve("ready");
        Path stop = work.resolve("stop");
        Path cpu = work.resolve("cpu.txt");
        Path out = work.resolve("watcher.out");
        Path jfr = work.resolve("watcher.jfr");
        for (Path p : List.of(ready, stop, cpu, out, jfr)) {
            Files.deleteIfExists(p);
        }
        List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-f", "%e %U %S", "-o", cpu.toString()));
        switch (watcher) {
            case NONE:
                command.addAll(List.of("sleep", "infinity")); // something for time to measure, using nothing
                break;
            case AGENT_RECORDING:
            case AGENT_UNBATCHED:
            case AGENT_NO_FANOTIFY:
            case AGENT_WARM:
            case AGENT_SUMMARY:
            case AGENT_SUMMARY_ONLY:
            case AGENT_IDLE:
            case AGENT_ON_DEMAND:
                command.addAll(List.of(java, "-javaagent:" + agentJar + "=path=" + dir
                        + (watcher == Watcher.AGENT_UNBATCHED ? ",batch=0" : "")
                        + (watcher == Watcher.AGENT_NO_FANOTIFY ? ",fanotify=false" : "")
                        + (watcher == Watcher.AGENT_ON_DEMAND ? ",watch=recording" : "")));
                if (watcher != Watcher.AGENT_IDLE && watcher != Watcher.AGENT_ON_DEMAND) {
                    // maxsize: JFR keeps 250 MB of a disk recording by default, dropping its oldest chunks
                    Path settings = watcher == Watcher.AGENT_SUMMARY ? summaryJfc
                            : watcher == Watcher.AGENT_SUMMARY_ONLY ? summaryOnlyJfc : jfc;
                    command.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=" + settings + ",maxsize=0");
                }
                command.addAll(List.of("-cp", classPath, IdleApp.class.getName(), ready.toString(), stop.toString(),
                        watcher == Watcher.AGENT_ON_DEMAND ? "agent-on-demand" : "agent"));
                break;
            case INOTIFYWAIT:
                // No -e: inotify-tools 3.22 rejects "-e all" and gives every kind without -e.
                command.addAll(List.of("inotifywait", "-m", "-r", "-q", dir.toString()));
                break;
            case INOTIFYWAIT_COUNTED:
                // Line-buffered: its output is how the benchmark sees it has read everything.
                command.addAll(List.of("stdbuf", "-oL", "inotifywait", "-m", "-r", "-q", "--format", "%e", dir.toString()));
                break;
            case WATCH_SERVICE:
                command.addAll(List.of(java, "-cp", classPath, WatchServiceWatcher.class.getName(), dir.toString(),
                        ready.toString(), SENTINEL));
                break;
            case FLOOR:
                command.addAll(List.of(floor.toString(), dir.toString(), ready.toString(), SENTINEL));
                break;
            default:
                throw new IllegalStateException();
        }
        Path err = work.resolve("watcher.err");
        ProcessBuilder.Redirect output = watcher == Watcher.INOTIFYWAIT ? ProcessBuilder.Redirect.DISCARD
                : ProcessBuilder.Redirect.to(out.toFile());
        Process process = new ProcessBuilder(command).redirectOutput(output).redirectError(err.toFile()).start();
        if (watcher == Watcher.INOTIFYWAIT || watcher == Watcher.INOTIFYWAIT_COUNTED) {
            awaitInotifywait(process);
        } else if (watcher != Watcher.NONE) {
            while (!Files.exists(ready)) {
                check(process, err);
                Thread.sleep(5);
            }
        }
        ProcessHandle watcherProcess = watcherUnderTime(process);
        if (withStorm && watcher == Watcher.AGENT_WARM) {
            storm(dir); // the JIT compiles what the storm needs; recorded, not measured
        }
        // CPU is counted from here: the watcher's start-up (JVM, JIT, first walk) is not the storm's.
        double before = settledCpu(watcherProcess.pid());
        Result r = new Result();
        if (withStorm) {
            r.stormSeconds = storm(dir);
        }
        Files.writeString(dir.resolve(SENTINEL), "end");
        stopWatcher(watcher, process, watcherProcess, out, stop);
        String[] times = Files.readAllLines(cpu).stream().filter(l -> l.matches("[0-9. ]+"))
                .reduce((x, y) -> y).orElseThrow().trim().split(" ");
        double total = Double.parseDouble(times[1]) + Double.parseDouble(times[2]) - before;
        r.cpuSeconds = withStorm ? Math.max(0, total - idleCpu.get(watcher)) : total;
        if (withStorm) {
            count(watcher, r, out, jfr, dir);
        }
        return r;
    }

    /** Runs the storm generator in {@code dir}; returns how long it took, in seconds. */
    private double storm(Path dir) throws Exception {
        long t0 = System.nanoTime();
        Process generator = new ProcessBuilder(storm.toString(), dir.toString(), Long.toString(iterations))
                .redirectErrorStream(true).start();
        String said = new String(generator.getInputStream().readAllBytes());
        if (generator.waitFor() != 0) {
            throw new IllegalStateException("the storm failed: " + said);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** The process /usr/bin/time started. */
    private static ProcessHandle watcherUnderTime(Process time) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            java.util.Optional<ProcessHandle> child = time.toHandle().children().findFirst();
            if (child.isPresent()) {
                return child.get();
            }
            check(time);
            Thread.sleep(10);
        }
        throw new IllegalStateException("/usr/bin/time started nothing in 5 s");
    }

    /**
     * The process's CPU seconds (all its threads, live or ended) once it has settled: when 200 ms
     * pass in which it used less than 10 ms, or after 10 s.
     */
    static double settledCpu(long pid) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        long last = cpuTicks(pid);
        while (System.nanoTime() < deadline) {
            Thread.sleep(200);
            long now = cpuTicks(pid);
            if (now - last <= 1) {
                return now / 100.0;
            }
            last = now;
        }
        return last / 100.0;
    }

    /** utime + stime of /proc/PID/stat, in clock ticks (USER_HZ, 100 on Linux). */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of the whole line
    }

    private void awaitInotifywait(Process process) throws Exception {
        // -q hides "Watches established."; the watch in its fdinfo says the same. It runs under
        // /usr/bin/time, so the descriptor belongs to a descendant of the process started here.
        while (process.toHandle().descendants().noneMatch(Watches::anyQuietly)) {
            check(process);
            Thread.sleep(5);
        }
    }

    static void check(Process process) {
        if (!process.isAlive()) {
            throw new IllegalStateException("the watcher ended early: exit " + process.exitValue());
        }
    }

    /** The same, quoting the end of what the watcher wrote to {@code err}. */
    static void check(Process process, Path err) throws IOException {
        if (!process.isAlive()) {
            String said = Files.exists(err) ? Files.readString(err) : "";
            throw new IllegalStateException("the watcher ended early: exit " + process.exitValue() + "; it said:\n"
                    + said.substring(Math.max(0, said.length() - 4000)));
        }
    }

    /** Stops the watcher; {@code watched} is the process /usr/bin/time ({@code process}) started. */
    private void stopWatcher(Watcher watcher, Process process, ProcessHandle watched, Path out, Path stop) throws Exception {
        switch (watcher) {
            case NONE:
                watched.destroy();
                break;
            case AGENT_RECORDING:
            case AGENT_UNBATCHED:
            case AGENT_NO_FANOTIFY:
            case AGENT_WARM:
            case AGENT_SUMMARY:
            case AGENT_SUMMARY_ONLY:
            case AGENT_IDLE:
            case AGENT_ON_DEMAND:
                Files.writeString(stop, "stop"); // the JVM exits; the recording's last chunk drains the queue
                break;
            case INOTIFYWAIT:
                // Nothing to read back: it has read everything when it stops using CPU (a reader
                // with a backlog never idles for 200 ms).
                settledCpu(watched.pid());
                watched.destroy(); // time reports what it used
                break;
            case INOTIFYWAIT_COUNTED:
                while (!Files.readString(out).contains("\n") || !lastLinesMention(out)) {
                    check(process);
                    Thread.sleep(20);
                }
                watched.destroy(); // time reports what it used
                break;
            default:
                break; // the WatchService reader and the floor end when they see the sentinel
        }
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(watcher.label + " did not stop");
        }
    }

    /** inotifywait prints only event names: the sentinel's CLOSE_WRITE is the last thing the storm does. */
    private static boolean lastLinesMention(Path out) throws IOException {
        String text = Files.readString(out);
        return text.endsWith("CLOSE_WRITE,CLOSE\n");
    }

    private void count(Watcher watcher, Result r, Path out, Path jfr, Path dir) throws Exception {
        switch (watcher) {
            case AGENT_RECORDING:
            case AGENT_UNBATCHED:
            case AGENT_NO_FANOTIFY:
            case AGENT_WARM:
            case AGENT_SUMMARY:
                countRecording(r, jfr, dir);
                break;
            case AGENT_SUMMARY_ONLY:
                countSummaries(r, jfr, dir);
                break;
            case INOTIFYWAIT_COUNTED:
                List<String> lines = Files.readAllLines(out);
                r.overflows = lines.stream().filter(l -> l.contains("Q_OVERFLOW")).count();
                // the sentinel caused CREATE, OPEN, MODIFY, CLOSE_WRITE
                r.received = lines.size() - r.overflows - 4;
                break;
            case WATCH_SERVICE:
            case FLOOR:
                String[] words = Files.readString(out).trim().split(" ");
                r.received = Long.parseLong(words[1]);
                r.overflows = Long.parseLong(words[3]);
                break;
            default:
                break;
        }
    }

    /** Counts kernel events in the recording (a FileMove is two) and JFR's bytes for them, from jfr summary. */
    /**
     * Received: the kernel events the recording holds for the storm's own files (a move is two),
     * read event by event, so that nothing else (the agent's listing of the directory at start,
     * the sentinel) can stand in for a lost one. Bytes per event from {@code jfr summary}.
     */
    private void countRecording(Result r, Path jfr, Path dir) throws Exception {
        String prefix = dir + "/";
        long received = 0;
        long overflows = 0;
        try (RecordingFile file = new RecordingFile(jfr)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                String type = e.getEventType().getName();
                if (type.equals("inotify.QueueOverflow")) {
                    overflows++;
                } else if (type.startsWith("inotify.File")) {
                    received += isStormFile(e.getString("path"), prefix) ? 1 : 0;
                    if (type.equals("inotify.FileMove")) {
                        received += isStormFile(e.getString("oldPath"), prefix) ? 1 : 0;
                    }
                }
            }
        }
        r.received = received;
        r.overflows = overflows;
        Process summary = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jfr").toString(),
                "summary", jfr.toString()).redirectErrorStream(true).start();
        String text = new String(summary.getInputStream().readAllBytes());
        summary.waitFor();
        long jfrEvents = 0;
        long bytes = 0;
        long pools = 0;
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3 && f[0].startsWith("inotify.File")) {
                jfrEvents += Long.parseLong(f[1]);
                bytes += Long.parseLong(f[2]);
            } else if (f.length == 3 && f[0].equals("jdk.CheckPoint")) {
                pools += Long.parseLong(f[2]);
            }
        }
        r.jfrBytesPerEvent = (double) bytes / Math.max(1, jfrEvents);
        r.jfrBytesWithPoolsPerEvent = (double) (bytes + pools) / Math.max(1, jfrEvents);
    }

    /**
     * Received, with only the summary on: the kinds its counts hold for the storm's directory (a
     * move is one out and one in), less the sentinel's create, modify and close; bytes per kernel
     * event of the summaries.
     */
    private void countSummaries(Result r, Path jfr, Path dir) throws Exception {
        long received = -3;
        long overflows = 0;
        long summaries = 0;
        try (RecordingFile file = new RecordingFile(jfr)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                String type = e.getEventType().getName();
                if (type.equals("inotify.QueueOverflow")) {
                    overflows++;
                } else if (type.equals("inotify.DirectoryActivity") && dir.toString().equals(e.getString("directory"))) {
                    summaries++;
                    for (String kind : List.of("created", "deleted", "modified", "attributesChanged", "closedAfterWrite",
                            "movedIn", "movedOut")) {
                        received += e.getLong(kind);
                    }
                }
            }
        }
        r.received = received;
        r.overflows = overflows;
        r.summaries = summaries;
    }

    /** A file of the storm generator: f or g, then its iteration's number. */
    private static boolean isStormFile(String path, String prefix) {
        if (path == null || !path.startsWith(prefix) || path.length() < prefix.length() + 2) {
            return false;
        }
        char c = path.charAt(prefix.length());
        if (c != 'f' && c != 'g') {
            return false;
        }
        for (int i = prefix.length() + 1; i < path.length(); i++) {
            if (!Character.isDigit(path.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private void print(Map<Watcher, List<Result>> results) {
        long expectedKernel = iterations * KERNEL_EVENTS_PER_ITERATION;
        double noneStorm = median(results.get(Watcher.NONE), x -> x.stormSeconds);
        double iwCpu = median(results.get(Watcher.INOTIFYWAIT), x -> x.cpuSeconds);
        System.out.println();
        System.out.println("| watcher | events expected | received (median) | lost | overflows | watcher CPU s, median [min-max] "
                + "| CPU s per million events | vs inotifywait | JFR bytes/event (with string pool) | storm s, median | storm slowdown |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (Map.Entry<Watcher, List<Result>> e : results.entrySet()) {
            Watcher w = e.getKey();
            List<Result> rs = e.getValue();
            long expected = w == Watcher.WATCH_SERVICE ? iterations * WATCH_SERVICE_EVENTS_PER_ITERATION
                    : w == Watcher.NONE || w == Watcher.AGENT_IDLE || w == Watcher.AGENT_ON_DEMAND ? 0
                    : w == Watcher.AGENT_WARM ? 2 * expectedKernel
                    : w == Watcher.AGENT_SUMMARY_ONLY ? expectedKernel / KERNEL_EVENTS_PER_ITERATION * 6 : expectedKernel;
            double received = median(rs, x -> x.received);
            boolean counted = expected > 0 && received >= 0;
            double cpu = median(rs, x -> x.cpuSeconds);
            double storm = median(rs, x -> x.stormSeconds);
            System.out.printf("| %s | %s | %s | %s | %s | %.2f [%.2f-%.2f] | %s | %s | %s | %.2f | %s |%n", w.label,
                    expected == 0 ? "-" : String.format("%,d", expected),
                    counted ? String.format("%,.0f", received) : "-",
                    counted ? String.format("%,.0f", expected - received) : "-",
                    counted ? String.format("%.0f", median(rs, x -> x.overflows)) : "-",
                    cpu, min(rs, x -> x.cpuSeconds), max(rs, x -> x.cpuSeconds),
                    w == Watcher.NONE ? "-" : String.format("%.2f", cpu / (expectedKernel / 1e6)),
                    w == Watcher.NONE ? "-" : String.format("%.2fx", cpu / iwCpu),
                    Double.isNaN(median(rs, x -> x.jfrBytesPerEvent)) ? "-" : String.format("%.1f (%.1f)",
                            median(rs, x -> x.jfrBytesPerEvent), median(rs, x -> x.jfrBytesWithPoolsPerEvent)),
                    storm, String.format("%+.1f%%", (storm / noneStorm - 1) * 100));
        }
        System.out.println();
        System.out.println("CPU per million events divides the watcher's CPU by the storm's " + String.format("%,d", expectedKernel)
                + " kernel events, whatever it received. The second-storm row's JVM saw the storm twice and recorded both "
                + "(expected and received count both); its CPU and storm time are the second's. The DirectoryActivity-only row "
                + "expects 6 events an iteration (the summary does not ask the kernel for opens) and receives what its "
                + "summaries count, in " + median(results.getOrDefault(Watcher.AGENT_SUMMARY_ONLY, List.of(new Result())),
                        x -> x.summaries) + " summaries (median). Watcher CPU: from when it had settled after start-up (200 ms "
                + "using under 10 ms) to its exit, less the same without the storm (s): " + idleCpu);
    }

    interface Figure<R> {
        double of(R r);
    }

    static <R> double median(List<R> rs, Figure<R> f) {
        double[] v = rs.stream().mapToDouble(f::of).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static <R> double min(List<R> rs, Figure<R> f) {
        return rs.stream().mapToDouble(f::of).min().orElse(Double.NaN);
    }

    static <R> double max(List<R> rs, Figure<R> f) {
        return rs.stream().mapToDouble(f::of).max().orElse(Double.NaN);
    }

    /** Deletes {@code root} and everything below it, if it exists. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    private StormComparison() {
        throw new AssertionError();
    }
}
