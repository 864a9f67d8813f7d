package org.inotifyjfr.agent.attribute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.inotifyjfr.agent.linux.Capabilities;
import org.inotifyjfr.agent.linux.FanotifyInstance;
import org.inotifyjfr.agent.linux.FileNames;
import org.inotifyjfr.agent.linux.Inotify;
import org.inotifyjfr.agent.linux.InotifyInstance;
import org.inotifyjfr.agent.watch.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real fanotify group beside a real inotify instance: the directory watched is marked, and each
 * change's process is found again from the path inotify names, by hash, without a string built.
 */
class ProcessOriginsTest {
    @TempDir
    Path dir;
    private InotifyInstance inotify;
    private FanotifyInstance fanotify;
    private ProcessOrigins origins;
    private int wd;
    private final int self = (int) ProcessHandle.current().pid();

    @BeforeEach
    void open() throws Exception {
        inotify = InotifyInstance.open(64 * 1024);
        fanotify = FanotifyInstance.open(Capabilities.effective(Capabilities.CAP_SYS_ADMIN));
        inotify.markAlso(fanotify);
        wd = inotify.addWatch(dir.toString(), Inotify.IN_ALL_EVENTS);
        assertTrue(wd >= 0);
        assertEquals("none", fanotify.markFailures());
        origins = new ProcessOrigins(fanotify);
    }

    @AfterEach
    void close() {
        inotify.close();
    }

    private void catchUp() {
        origins.catchUp(w -> w == wd ? dir.toString() : null);
    }

    @Test
    void thisJvmsChangeIsItsOwnPidAndAShellsIsTheShellsOrZero() throws Exception {
        Path mine = Files.writeString(dir.resolve("mine.txt"), "x");
        Process shell = new ProcessBuilder("sh", "-c", "echo x > '" + dir.resolve("theirs.txt") + "'; sleep 1").start();
        catchUpUntil(dir.resolve("theirs.txt"));
        assertEquals(self, origins.take(Kind.CREATE, mine.toString(), false));
        assertEquals(self, origins.take(Kind.CLOSE_WRITE, mine.toString(), false));
        assertEquals(origins.ownCommand(), origins.process(self));
        int theirs = origins.take(Kind.CREATE, dir.resolve("theirs.txt").toString(), false);
        if (origins.everyPid()) {
            assertEquals(shell.pid(), theirs);
            assertEquals("sh", origins.process(theirs));
        } else {
            assertEquals(0, theirs);
        }
        shell.waitFor();
        assertEquals(ProcessOrigins.NONE, origins.take(Kind.DELETE, mine.toString(), false), "no delete happened");
        assertEquals(ProcessOrigins.NONE, origins.take(Kind.CREATE, dir.resolve("never.txt").toString(), false));
    }

    @Test
    void theDirectoryItselfAndNamesThatAreNotAsciiAreFoundByTheirPaths() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(dir.resolve("été.txt"), "x");
        Files.writeString(dir.resolve("back\\slash"), "x"); // a backslash: FileNames writes it doubled before x
        // a name that is not UTF-8 (café in Latin-1), which only a shell makes here
        Process shell = new ProcessBuilder("sh", "-c", "cd '" + dir + "' && printf x > \"$(printf 'caf\\351')\"; sleep 1")
                .start();
        Path latin1 = Path.of(dir + "/" + FileNames.decode(new byte[] {'c', 'a', 'f', (byte) 0xe9}));
        catchUpUntil(latin1);
        assertEquals(self, origins.take(Kind.ATTRIB, dir.toString(), false));
        assertEquals(self, origins.take(Kind.CREATE, dir.resolve("été.txt").toString(), false));
        String backslash = dir + "/" + FileNames.decode("back\\slash".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(self, origins.take(Kind.CREATE, backslash, false));
        assertEquals(origins.everyPid() ? (int) shell.pid() : 0, origins.take(Kind.CREATE, latin1.toString(), false));
        shell.waitFor();
    }

    @Test
    void aMoveIsFoundByEitherPath() throws Exception {
        Path from = Files.writeString(dir.resolve("a.part"), "x");
        Files.move(from, dir.resolve("a"));
        catchUpUntil(dir.resolve("a"));
        assertEquals(self, origins.take(Kind.MOVE, dir.resolve("a").toString(), false));
        assertEquals(self, origins.take(Kind.MOVE, from.toString(), true));
        assertEquals(ProcessOrigins.NONE, origins.take(Kind.MOVE, from.toString(), false), "a.part was moved from, not to");
    }

    /** Reads fanotify until it has told of a create at {@code path} (bounded: the kernel queues it at once). */
    private void catchUpUntil(Path path) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            catchUp();
            if (origins.take(Kind.CLOSE_WRITE, path.toString(), false) != ProcessOrigins.NONE
                    || origins.take(Kind.MOVE, path.toString(), false) != ProcessOrigins.NONE) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("fanotify told nothing of " + path);
    }
}
