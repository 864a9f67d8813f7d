package org.inotifyjfr.agent.watch;

import static org.inotifyjfr.agent.linux.Inotify.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import org.inotifyjfr.agent.linux.Inotify;
import org.inotifyjfr.agent.linux.InotifyInstance;
import org.inotifyjfr.agent.record.JfrRecorder;
import org.inotifyjfr.events.EventNames;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH microbenchmarks of the recorder thread's work per event, on one read's worth of records
 * shaped like the storm's: create, open, modify, close-write, moved-from, moved-to, delete of one
 * file after another. {@code decode}: the decoder alone. {@code decodeAndCommit}: decoder, router
 * and JfrRecorder on a real watch tree, with a JFR recording of every kind ({@code recording}) or
 * none ({@code idle}). Run by {@code benchmarks/run --workloads jmh}; not part of the tests.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class DecodeBenchmark {
    static final int FILES = 146;
    static final int EVENTS = FILES * 7;

    @Param({"recording", "idle"})
    public String jfr;

    private ByteBuffer records;
    private int length;
    private EventDecoder decoder;
    private EventRouter router;
    private Recording recording;
    private InotifyInstance inotify;
    private Path dir;
    private final EventDecoder.Sink counter = r -> { };

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("inotify-jfr-jmh");
        records = ByteBuffer.allocate(64 * 1024).order(ByteOrder.nativeOrder());
        for (int i = 0; i < FILES; i++) {
            String from = "order-" + (100_000 + i) + ".part";
            String to = "order-" + (100_000 + i) + ".json";
            put(IN_CREATE, 0, from);
            put(IN_OPEN, 0, from);
            put(IN_MODIFY, 0, from);
            put(IN_CLOSE_WRITE, 0, from);
            put(IN_MOVED_FROM, i + 1, from);
            put(IN_MOVED_TO, i + 1, to);
            put(IN_DELETE, 0, to);
        }
        length = records.position();
        if (jfr.equals("recording")) {
            recording = new Recording();
            for (String name : List.of(EventNames.FILE_CREATE, EventNames.FILE_DELETE, EventNames.FILE_MODIFY,
                    EventNames.FILE_CLOSE_WRITE, EventNames.FILE_OPEN, EventNames.FILE_MOVE)) {
                recording.enable(name);
            }
            recording.setToDisk(true);
            recording.setDestination(dir.resolve("jmh.jfr"));
            recording.start();
        }
        JfrRecorder recorder = new JfrRecorder();
        inotify = InotifyInstance.open(64 * 1024);
        WatchTree tree = new WatchTree(inotify, true, new Excludes(List.of()), recorder);
        tree.watchRoot(dir.toString());
        if (!tree.knows(1)) {
            throw new IllegalStateException("the watch of " + dir + " is not descriptor 1");
        }
        router = new EventRouter(tree, recorder);
        decoder = new EventDecoder();
    }

    private void put(int mask, int cookie, String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        int len = (bytes.length + 1 + 15) / 16 * 16; // NUL terminated, padded as the kernel pads
        records.putInt(1).putInt(mask).putInt(cookie).putInt(len).put(bytes);
        records.put(new byte[len - bytes.length]);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (recording != null) {
            recording.stop();
            recording.close();
        }
        inotify.close();
        try (var all = Files.walk(dir)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The decoder alone: headers and name lengths of every record. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public int decode() {
        return decoder.decode(records, length, counter);
    }

    /** What the recorder thread does per event: decode, route, build paths, commit the JFR events. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public int decodeAndCommit() {
        router.refreshWanted();
        return decoder.decode(records, length, router);
    }
}
