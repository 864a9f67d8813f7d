package org.inotifyjfr.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The application of the integration tests: does file operations under a base directory, given
 * as {@code op:path[:arg]} arguments, then exits normally. {@code await:N} first waits until this
 * JVM holds an inotify instance with at least N watches: the agent's, ready; {@code started}
 * waits until the agent's start-up threads have ended; {@code writeUntil:FILE:N} creates
 * FILE-1, FILE-2... until there are N watches.
 */
public final class FileScript {
    public static void main(String[] args) throws Exception {
        Path base = Path.of(args[0]);
        for (int i = 1; i < args.length; i++) {
            String[] op = args[i].split(":", 3);
            run(base, op[0], op.length > 1 ? op[1] : "", op.length > 2 ? op[2] : "");
        }
        System.out.println("application finished normally");
    }

    private static void run(Path base, String op, String path, String arg) throws Exception {
        Path p = base.resolve(path);
        switch (op) {
            case "await": InotifyWatches.await(Integer.parseInt(path)); break;
            case "started": InotifyWatches.awaitAgentStarted(); break;
            case "watchesMatch": InotifyWatches.awaitOnePerDirectory(p); break;
            case "mkdir": Files.createDirectories(p); break;
            case "write": Files.writeString(p, arg); break;
            case "read": Files.readAllBytes(p); break;
            case "chmod": Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(arg)); break;
            case "mv": Files.move(p, base.resolve(arg), StandardCopyOption.ATOMIC_MOVE); break;
            case "rm": Files.delete(p); break;
            case "rmtree": deleteTree(p); break;
            case "exec": exec(arg.isEmpty() ? path : path + ":" + arg); break;
            case "writeUntil": writeUntil(p, Integer.parseInt(arg)); break;
            default: throw new IllegalArgumentException("unknown operation " + op);
        }
    }

    /**
     * Creates {@code file-1}, {@code file-2}... every 50 ms until this JVM holds {@code n} inotify
     * watches: events in a directory that the agent is to notice something by, for as long as it
     * takes (creations, which every watch asks for).
     */
    private static void writeUntil(Path file, int n) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        for (int i = 1; InotifyWatches.most() < n; i++) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the agent never held " + n + " inotify watches (most seen: "
                        + InotifyWatches.most() + ") while " + file + " was written");
            }
            Files.writeString(file.resolveSibling(file.getFileName() + "-" + i), "poke");
            Thread.sleep(50);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    private static void exec(String commandLine) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("sh", "-c", commandLine).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IOException("command failed: " + commandLine);
        }
    }
}
