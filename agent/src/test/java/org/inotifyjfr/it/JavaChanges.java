package org.inotifyjfr.it;

import java.io.File;
import java.io.FileOutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A child JVM's main: on a thread named "changer", one Java operation of each family on files in
 * {@code DIR} (each in a method named for it, so the stack trace can be checked), and one outside
 * it in {@code OUTSIDE}; then a shell writes {@code DIR/by-shell.txt} (and
 * lives a second longer). Prints "done" when they are.
 */
public final class JavaChanges {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path outside = Path.of(args[1]);
        InotifyWatches.awaitAgentStarted(); // the advice is in place once the agent's start-up threads are done
        java.util.concurrent.CountDownLatch changed = new java.util.concurrent.CountDownLatch(1);
        Thread changer = new Thread(() -> {
            try {
                ioWrite(dir);
                ioCreateAndDelete(dir);
                ioRename(dir);
                ioMkdirAndAttributes(dir);
                nioWrite(dir);
                nioMoveCopyDelete(dir);
                nioAttributes(dir);
                nioWrite(outside);
                changed.countDown();
                // alive until the JVM exits: on JDK 17, JFR records a thread that has ended as null
                // in events committed after it ended (the reader's, here)
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "changer");
        changer.setDaemon(true);
        changer.start();
        if (!changed.await(5, java.util.concurrent.TimeUnit.MINUTES)) {
            throw new IllegalStateException("the changer did not finish");
        }
        Process shell = new ProcessBuilder("sh", "-c", "echo x > '" + dir.resolve("by-shell.txt") + "'; sleep 1")
                .start(); // alive a while after: the agent reads its command name when it reads the event
        if (shell.waitFor() != 0) {
            throw new IllegalStateException("sh failed");
        }
        System.out.println("done");
    }

    static void ioWrite(Path dir) throws Exception {
        try (FileOutputStream out = new FileOutputStream(dir.resolve("io-stream.txt").toFile())) {
            out.write(1);
        }
        try (RandomAccessFile raf = new RandomAccessFile(dir.resolve("io-raf.txt").toFile(), "rw")) {
            raf.write(1);
        }
    }

    static void ioCreateAndDelete(Path dir) throws Exception {
        File f = dir.resolve("io-created.txt").toFile();
        f.createNewFile();
        f.delete();
        File.createTempFile("io-temp", ".tmp", dir.toFile());
    }

    static void ioRename(Path dir) throws Exception {
        File from = dir.resolve("io-stream.txt").toFile();
        from.renameTo(dir.resolve("io-renamed.txt").toFile());
    }

    static void ioMkdirAndAttributes(Path dir) throws Exception {
        dir.resolve("io-dir").toFile().mkdir();
        File f = dir.resolve("io-raf.txt").toFile();
        f.setLastModified(1_000_000_000_000L);
        f.setWritable(true, true);
    }

    static void nioWrite(Path dir) throws Exception {
        Files.writeString(dir.resolve("nio-written.txt"), "x");
    }

    static void nioMoveCopyDelete(Path dir) throws Exception {
        Files.move(dir.resolve("nio-written.txt"), dir.resolve("nio-moved.txt"), StandardCopyOption.ATOMIC_MOVE);
        Files.copy(dir.resolve("nio-moved.txt"), dir.resolve("nio-copy.txt"));
        Files.delete(dir.resolve("nio-copy.txt"));
        Files.createDirectory(dir.resolve("nio-dir"));
    }

    static void nioAttributes(Path dir) throws Exception {
        Path f = dir.resolve("nio-moved.txt");
        Files.setLastModifiedTime(f, FileTime.fromMillis(1_000_000_000_000L));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
    }
}
