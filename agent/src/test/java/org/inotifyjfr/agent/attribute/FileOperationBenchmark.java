package org.inotifyjfr.agent.attribute;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What Java's file operations cost with the agent's advice in the JVM, in the directory
 * {@code -Dbench.dir} (inside or outside the agent's watched trees, as {@code benchmarks/run}
 * starts the fork: with no agent, with {@code attribute=false}, and with the advice, each beside a
 * recording). One operation per invocation, on tmpfs when the benchmark's directory is one.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FileOperationBenchmark {
    private static final byte[] ONE_BYTE = {1};
    private Path dir;
    private Path file;
    private Path moved;
    private Path created;

    @Setup
    public void setUp() throws IOException {
        dir = Files.createDirectories(Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir"))));
        file = dir.resolve("written-" + ProcessHandle.current().pid());
        moved = dir.resolve("moved-" + ProcessHandle.current().pid());
        created = dir.resolve("created-" + ProcessHandle.current().pid());
        Files.write(file, ONE_BYTE);
    }

    /** {@code Files.write}: open with write options, write a byte, close. */
    @Benchmark
    public void filesWrite() throws IOException {
        Files.write(file, ONE_BYTE);
    }

    /** {@code FileOutputStream}: open, write a byte, close. */
    @Benchmark
    public void outputStreamWrite() throws IOException {
        try (FileOutputStream out = new FileOutputStream(file.toFile())) {
            out.write(1);
        }
    }

    /** {@code Files.createFile} then {@code Files.delete}: two operations. */
    @Benchmark
    public void createThenDelete() throws IOException {
        Files.createFile(created);
        Files.delete(created);
    }

    /** {@code Files.move} there and back: two operations. */
    @Benchmark
    public void moveThereAndBack() throws IOException {
        Files.move(file, moved);
        Files.move(moved, file);
    }
}
