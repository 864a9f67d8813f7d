package org.inotifyjfr.agent.attach;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;

/**
 * Where a running agent says what it watches, so that {@code list} (another JVM, of the same user
 * or root) can show it without attaching: {@code /tmp/inotify-jfr_USER/PID}, beside the JDK's
 * {@code hsperfdata_USER}. It holds the JVM's start time (so a reused pid is not taken for it),
 * the {@code watch} mode and the roots, separated by NUL since a path may hold any other byte.
 */
public final class StatusFile {
    private static final String MAGIC = "inotify-jfr 1";

    private StatusFile() {
    }

    /** Says what this JVM's agent watches now; best effort, since a listing must never cost the agent. */
    public static void publish(List<String> roots, String watch) {
        try {
            String pid = Long.toString(ProcessHandle.current().pid());
            Path dir = directory(pid);
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            StringBuilder b = new StringBuilder(MAGIC).append('\0').append(startTicks(pid)).append('\0').append(watch);
            for (String root : roots) {
                b.append('\0').append(root);
            }
            Path tmp = Files.createTempFile(dir, pid, ".tmp");
            Files.write(tmp, b.toString().getBytes(StandardCharsets.UTF_8));
            try {
                Files.move(tmp, dir.resolve(pid), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve(pid), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            // list then says the agent is loaded, not what it watches
        }
    }

    /** What the agent of JVM {@code pid} last said it watches: "watch=MODE, ROOT, ROOT", or null if it said nothing. */
    static String read(String pid) {
        try {
            String[] parts = new String(Files.readAllBytes(directory(pid).resolve(pid)), StandardCharsets.UTF_8).split("\0", -1);
            if (parts.length < 3 || !parts[0].equals(MAGIC) || !parts[1].equals(startTicks(pid))) {
                return null; // another format, or a JVM that had this pid before
            }
            List<String> roots = Arrays.asList(parts).subList(3, parts.length);
            return "watch=" + parts[2] + (roots.isEmpty() ? ", watching nothing" : ", watching " + String.join(", ", roots));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Path directory(String pid) throws IOException {
        return Path.of("/tmp", "inotify-jfr_" + Files.getOwner(Path.of("/proc", pid)).getName());
    }

    /** Field 22 of /proc/PID/stat: when the process started, in clock ticks since boot. */
    private static String startTicks(String pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", pid, "stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19];
    }
}
