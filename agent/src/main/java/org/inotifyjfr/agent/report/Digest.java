package org.inotifyjfr.agent.report;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.EventType;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import org.inotifyjfr.events.EventNames;

/**
 * What a recording says of file activity, taken in one pass over it, event by event, into
 * structures of fixed size: a recording of millions of events is never held whole.
 */
final class Digest {
    /** The file event types, in the order of every per-kind column. */
    static final String[] KINDS = {EventNames.FILE_CREATE, EventNames.FILE_DELETE, EventNames.FILE_MODIFY,
            EventNames.FILE_ATTRIB, EventNames.FILE_CLOSE_WRITE, EventNames.FILE_CLOSE_NO_WRITE, EventNames.FILE_OPEN,
            EventNames.FILE_ACCESS, EventNames.FILE_MOVE, EventNames.UNMOUNT};
    /** Column headings, as short as a table of many columns needs. */
    static final String[] KIND_LABELS = {"created", "deleted", "modified", "attributes", "closed after write",
            "closed, no write", "opened", "accessed", "moved", "unmounted"};
    static final String[] ORIGINS = {"java", "jvm", "other", "unknown"};
    static final long CHURN_NANOS = 1_000_000_000L;
    private static final int MOST_DIRECTORIES = 20_000;
    private static final int MOST_FILES = 50_000;
    private static final int MOST_PENDING_CREATES = 200_000;
    private static final int MOST_CHAIN_ENDS = 100_000;
    private static final int MOST_FAILURES = 200;
    private static final int STACK_FRAMES = 6;
    private static final int CREATE = 0;
    private static final int DELETE = 1;
    private static final int MOVE = 8;
    private static final int OTHER_TYPE = -1;

    final Path recording;
    long firstNanos = Long.MAX_VALUE;
    long lastNanos = Long.MIN_VALUE;
    long eventsRead;
    final long[] perKind = new long[KINDS.length];
    long fileEvents;
    final long[] origins = new long[ORIGINS.length];
    boolean attributionRecorded;
    final Timeline timeline = new Timeline();
    final TopCounts directories = new TopCounts(MOST_DIRECTORIES, KINDS.length);
    final TopCounts files = new TopCounts(MOST_FILES, KINDS.length);
    final TopCounts churnByDirectory = new TopCounts(MOST_DIRECTORIES, 1);
    final List<String> churnExamples = new ArrayList<>();
    long churn;
    final TopCounts renamePatterns = new TopCounts(5_000, 1);
    final List<List<String>> longestChains = new ArrayList<>();
    long moves;
    final TopCounts threads = new TopCounts(5_000, KINDS.length);
    final TopCounts stacks = new TopCounts(5_000, 1);
    final Map<String, String> stackOperations = new HashMap<>();
    final TopCounts otherProcesses = new TopCounts(5_000, KINDS.length);
    long javaOperations;
    // the agent
    long overflowEvents;
    long overflowsCounted;
    final List<Instant> overflowTimes = new ArrayList<>();
    final Map<String, String[]> failures = new LinkedHashMap<>();
    long failureEvents;
    String agentVersion;
    String state;
    final List<String> offReasons = new ArrayList<>();
    String paths;
    String watch;
    String attribution;
    String excludes;
    Boolean recursive;
    long configurations;
    long statisticsEventsRead = -1;
    long statisticsEventsRecorded = -1;
    long statisticsOverflows = -1;
    long statisticsWatches = -1;
    final Map<String, String> enabled = new TreeMap<>();
    // the JVM
    String jvmName;
    String jvmVersion;
    String javaArguments;
    String jvmArguments;
    long pid = -1;
    long gcs;
    long gcPauseNanos;
    long longestPauseNanos;
    long cpuSamples;

    private final Map<String, Long> pendingCreates = new LinkedHashMap<>();
    private final LinkedHashMap<String, List<String>> chainEnds = new LinkedHashMap<>();
    private final Map<EventType, Integer> types = new IdentityHashMap<>();

    private Digest(Path recording) {
        this.recording = recording;
    }

    /** Reads {@code recording} once, event by event. */
    static Digest of(Path recording) throws IOException {
        Digest d = new Digest(recording);
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                d.take(file.readEvent());
            }
        }
        d.finish();
        return d;
    }

    private int typeOf(EventType type) {
        Integer t = types.get(type);
        if (t == null) {
            t = OTHER_TYPE;
            for (int i = 0; i < KINDS.length; i++) {
                if (KINDS[i].equals(type.getName())) {
                    t = i;
                }
            }
            types.put(type, t);
        }
        return t;
    }

    private void take(RecordedEvent e) {
        eventsRead++;
        long start = nanos(e.getStartTime());
        long end = nanos(e.getEndTime());
        firstNanos = Math.min(firstNanos, start);
        lastNanos = Math.max(lastNanos, end);
        int kind = typeOf(e.getEventType());
        if (kind >= 0) {
            fileEvent(e, kind, start);
            return;
        }
        switch (e.getEventType().getName()) {
            case EventNames.JAVA_FILE_OPERATION:
                javaOperation(e);
                break;
            case EventNames.QUEUE_OVERFLOW:
                overflowEvents++;
                overflowsCounted = Math.max(overflowsCounted, e.getLong("overflows"));
                timeline.lost[timeline.bucket(start)]++;
                if (overflowTimes.size() < 1000) {
                    overflowTimes.add(e.getStartTime());
                }
                break;
            case EventNames.WATCH_FAILURE:
                failureEvents++;
                String path = e.getString("path");
                if (failures.size() < MOST_FAILURES || failures.containsKey(path)) {
                    failures.put(path, new String[] {e.getString("errno"), e.getString("message")});
                }
                break;
            case EventNames.CONFIGURATION:
                configuration(e, start);
                break;
            case EventNames.STATISTICS:
                statisticsEventsRead = Math.max(statisticsEventsRead, e.getLong("eventsRead"));
                statisticsEventsRecorded = Math.max(statisticsEventsRecorded, e.getLong("eventsRecorded"));
                statisticsOverflows = Math.max(statisticsOverflows, e.getLong("overflows"));
                statisticsWatches = e.getLong("watches");
                break;
            case "jdk.JVMInformation":
                jvmName = e.getString("jvmName");
                jvmVersion = e.getString("jvmVersion");
                javaArguments = e.getString("javaArguments");
                jvmArguments = e.getString("jvmArguments");
                pid = e.hasField("pid") ? e.getLong("pid") : -1;
                break;
            case "jdk.CPULoad":
                int b = timeline.bucket(start);
                timeline.cpuSum[b] += e.getFloat("jvmUser") + e.getFloat("jvmSystem");
                timeline.machineSum[b] += e.getFloat("machineTotal");
                timeline.cpuSamples[b]++;
                cpuSamples++;
                break;
            case "jdk.GarbageCollection":
                long pause = e.getDuration("sumOfPauses").toNanos();
                gcs++;
                gcPauseNanos += pause;
                longestPauseNanos = Math.max(longestPauseNanos, e.getDuration("longestPause").toNanos());
                timeline.gcPauseNanos[timeline.bucket(start)] += pause;
                break;
            case "jdk.ActiveSetting":
                String id = e.getString("name");
                if ("enabled".equals(id)) {
                    String type = typeName(e);
                    if (type != null && type.startsWith(EventNames.PREFIX)) {
                        enabled.put(type, e.getString("value"));
                    }
                }
                break;
            default:
                break;
        }
    }

    /** The event type an ActiveSetting is about: its id names the type, whose name the recording's metadata holds. */
    private String typeName(RecordedEvent setting) {
        long id = setting.getLong("id");
        for (EventType t : types.keySet()) {
            if (t.getId() == id) {
                return t.getName();
            }
        }
        return knownTypes.get(id);
    }

    private final Map<Long, String> knownTypes = new HashMap<>();

    /** Every type the recording declares, for {@link #typeName}: from the first chunk's metadata. */
    private void learnTypes(List<EventType> declared) {
        for (EventType t : declared) {
            knownTypes.put(t.getId(), t.getName());
        }
    }

    private void configuration(RecordedEvent e, long start) {
        configurations++;
        agentVersion = e.getString("agentVersion");
        state = e.getString("state");
        if ("off".equals(state)) {
            timeline.off[timeline.bucket(start)] = true;
            String reason = e.getString("offReason");
            if (reason != null && !offReasons.contains(reason) && offReasons.size() < 20) {
                offReasons.add(reason);
            }
        }
        paths = e.getString("paths");
        watch = e.getString("watch");
        excludes = e.getString("excludes");
        recursive = e.getBoolean("recursive");
        if (e.hasField("attribution") && e.getString("attribution") != null) {
            attribution = e.getString("attribution");
        }
    }

    private void fileEvent(RecordedEvent e, int kind, long start) {
        fileEvents++;
        perKind[kind]++;
        timeline.events[kind][timeline.bucket(start)]++;
        String path = e.getString("path");
        String oldPath = kind == MOVE ? e.getString("oldPath") : null;
        String where = path != null ? path : oldPath;
        if (where != null) {
            files.add(where, kind);
            directories.add(parent(where), kind);
        }
        if (e.hasField("origin")) {
            String origin = e.getString("origin");
            for (int i = 0; i < ORIGINS.length; i++) {
                if (ORIGINS[i].equals(origin)) {
                    origins[i]++;
                    attributionRecorded |= i != ORIGINS.length - 1;
                }
            }
            RecordedThread thread = e.getThread("javaThread");
            if (thread != null) {
                threads.add(threadName(thread), kind);
            }
            if ("other".equals(origin)) {
                String process = e.getString("process");
                int pidOf = e.getInt("pid");
                otherProcesses.add(process != null ? process + " (pid " + pidOf + ")"
                        : pidOf != 0 ? "pid " + pidOf + " (gone before its name was read)"
                        : "another process (the kernel gave no pid: no CAP_SYS_ADMIN)", kind);
            }
        }
        if (kind == CREATE && path != null) {
            if (pendingCreates.size() >= MOST_PENDING_CREATES) {
                expireCreates(start);
            }
            pendingCreates.put(path, start);
        } else if (kind == DELETE && path != null) {
            Long created = pendingCreates.remove(path);
            if (created != null && start - created <= CHURN_NANOS) {
                churn++;
                churnByDirectory.add(parent(path), 0);
                if (churnExamples.size() < 10) {
                    churnExamples.add(path);
                }
            }
        } else if (kind == MOVE) {
            moved(oldPath, path);
        }
    }

    private void expireCreates(long now) {
        for (Iterator<Long> i = pendingCreates.values().iterator(); i.hasNext(); ) {
            if (now - i.next() > CHURN_NANOS) {
                i.remove();
            }
        }
        if (pendingCreates.size() >= MOST_PENDING_CREATES) {
            pendingCreates.clear(); // a second's creates beyond this many: the churn count says "at least"
        }
    }

    private void moved(String oldPath, String path) {
        moves++;
        if (oldPath != null) {
            Long created = pendingCreates.remove(oldPath);
            if (created != null && path != null) {
                pendingCreates.put(path, created); // a temp file renamed is the same file
            }
        }
        List<String> chain = oldPath == null ? null : chainEnds.remove(oldPath);
        if (chain == null) {
            chain = new ArrayList<>();
            chain.add(oldPath == null ? "(from outside the watched trees)" : oldPath);
        }
        if (chain.size() < 12) {
            chain.add(path == null ? "(out of the watched trees)" : path);
        }
        if (path == null) {
            chainEnded(chain);
            return;
        }
        chainEnds.put(path, chain);
        if (chainEnds.size() > MOST_CHAIN_ENDS) {
            Iterator<Map.Entry<String, List<String>>> eldest = chainEnds.entrySet().iterator();
            chainEnded(eldest.next().getValue());
            eldest.remove();
        }
    }

    private void chainEnded(List<String> chain) {
        StringBuilder pattern = new StringBuilder();
        for (String p : chain) {
            pattern.append(pattern.length() == 0 ? "" : "  ->  ").append(wildcard(p));
        }
        renamePatterns.add(pattern.toString(), 0);
        if (chain.size() > 2 || longestChains.size() < 5) {
            longestChains.add(chain);
            longestChains.sort((a, b) -> b.size() - a.size());
            if (longestChains.size() > 5) {
                longestChains.remove(5);
            }
        }
    }

    private void javaOperation(RecordedEvent e) {
        javaOperations++;
        RecordedStackTrace trace = e.getStackTrace();
        if (trace == null) {
            return;
        }
        // the application's frames, and the JDK method it called: the JDK's own frames above say little
        List<RecordedFrame> all = trace.getFrames();
        int first = 0;
        while (first < all.size() && jdkOrAgent(all.get(first).getMethod().getType().getName())) {
            first++;
        }
        StringBuilder key = new StringBuilder();
        int from = first == all.size() ? 0 : Math.max(0, first - 1);
        for (int i = from; i < all.size() && i < from + STACK_FRAMES; i++) {
            RecordedFrame f = all.get(i);
            key.append(f.getMethod().getType().getName()).append('.').append(f.getMethod().getName());
            if (f.getLineNumber() > 0) {
                key.append(':').append(f.getLineNumber());
            }
            key.append('\n');
        }
        String stack = key.toString();
        stacks.add(stack, 0);
        if (stackOperations.size() < 20_000) {
            stackOperations.putIfAbsent(stack, e.getString("operation"));
        }
    }

    private static boolean jdkOrAgent(String type) {
        return type.startsWith("java.") || type.startsWith("javax.") || type.startsWith("sun.") || type.startsWith("jdk.")
                || type.startsWith("com.sun.") || type.startsWith("org.inotifyjfr.agent.");
    }

    private void finish() {
        for (List<String> chain : chainEnds.values()) {
            if (chain.size() > 1) {
                chainEnded(chain);
            }
        }
        chainEnds.clear();
        pendingCreates.clear();
    }

    static String threadName(RecordedThread t) {
        return t.getJavaName() != null ? t.getJavaName() : t.getOSName() != null ? t.getOSName() : "thread " + t.getId();
    }

    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    /** A path with its file name's stem as {@code *}: {@code /in/a-17.csv.part} is {@code /in/*.csv.part}. */
    static String wildcard(String path) {
        if (!path.startsWith("/")) {
            return path;
        }
        int slash = path.lastIndexOf('/');
        String name = path.substring(slash + 1);
        int dot = name.indexOf('.', 1);
        return path.substring(0, slash + 1) + "*" + (dot < 0 ? "" : name.substring(dot));
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    Duration span() {
        return firstNanos > lastNanos ? Duration.ZERO : Duration.ofNanos(lastNanos - firstNanos);
    }

    Instant first() {
        return Instant.ofEpochSecond(0, firstNanos);
    }

    Instant last() {
        return Instant.ofEpochSecond(0, lastNanos);
    }

    /** Why a recording with no file events may have none, most likely first. */
    List<String> whyNoFileEvents() {
        List<String> why = new ArrayList<>();
        if (configurations == 0) {
            why.add("The recording holds no inotify.Configuration event: the agent was not loaded in this JVM (add "
                    + "-javaagent:inotify-jfr-agent.jar=path=DIR, or attach with java -jar inotify-jfr-agent.jar PID "
                    + "path=DIR), or the recording disabled inotify.Configuration too.");
        }
        if ("off".equals(state) || !offReasons.isEmpty()) {
            why.add("The agent was off: " + (offReasons.isEmpty() ? "see the log" : String.join("; ", offReasons)));
        }
        List<String> disabled = new ArrayList<>();
        for (String kind : KINDS) {
            if ("false".equals(enabled.get(kind))) {
                disabled.add(kind);
            }
        }
        if (!disabled.isEmpty()) {
            why.add("The recording's settings disabled " + String.join(", ", disabled) + " (use settings=inotify.jfc "
                    + "from java -jar inotify-jfr-agent.jar jfc, or +inotify.FileModify#enabled=true).");
        }
        if (!failures.isEmpty()) {
            why.add("Paths could not be watched: " + String.join(", ", failures.keySet()) + ".");
        }
        if (configurations > 0 && paths != null) {
            why.add("Nothing changed under the watched paths while it recorded: " + paths.replace('\n', ' ') + ".");
        }
        return why;
    }
}
