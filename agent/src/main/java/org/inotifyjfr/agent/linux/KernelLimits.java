package org.inotifyjfr.agent.linux;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The inotify sysctls under {@code /proc/sys/fs/inotify}, read fresh each time (they can change). */
public enum KernelLimits {
    MAX_USER_WATCHES("max_user_watches", "max_inotify_watches"),
    MAX_USER_INSTANCES("max_user_instances", "max_inotify_instances"),
    MAX_QUEUED_EVENTS("max_queued_events", null);

    private final String file;
    /** The same limit under /proc/sys/user, per user namespace; it binds when lower. */
    private final String namespaceFile;

    KernelLimits(String file, String namespaceFile) {
        this.file = file;
        this.namespaceFile = namespaceFile;
    }

    /**
     * The sysctl to raise, as {@code sysctl} spells it: {@code fs.inotify.max_user_watches}, or in
     * a user namespace whose own limit is lower (a container's), {@code user.max_inotify_watches}.
     */
    public String sysctl() {
        return namespaceBinds() ? "user." + namespaceFile : "fs.inotify." + file;
    }

    /** The limit in force: the lower of the global and the user namespace's value, -1 if unreadable. */
    public long current() {
        long global = read("/proc/sys/fs/inotify", file);
        long own = namespaceFile == null ? -1 : read("/proc/sys/user", namespaceFile);
        return own >= 0 && (global < 0 || own < global) ? own : global;
    }

    private boolean namespaceBinds() {
        long own = namespaceFile == null ? -1 : read("/proc/sys/user", namespaceFile);
        long global = read("/proc/sys/fs/inotify", file);
        return own >= 0 && global >= 0 && own < global;
    }

    private static long read(String dir, String file) {
        // A stream, not Files.readString: procfs reports size 0, and readString's sized read then
        // returned only the first digit on the 6.18 kernel here.
        try (BufferedReader in = Files.newBufferedReader(Path.of(dir, file))) {
            String line = in.readLine();
            return line == null ? -1 : Long.parseLong(line.trim());
        } catch (IOException | NumberFormatException | SecurityException e) {
            return -1;
        }
    }

    /** {@code fs.inotify.max_user_watches=8192}, for messages, naming a lower user-namespace limit as such. */
    public String describe() {
        long value = current();
        String text = sysctl() + "=" + (value < 0 ? "(unreadable)" : Long.toString(value));
        return namespaceBinds() ? text + " (this user namespace's limit; fs.inotify." + file + "="
                + read("/proc/sys/fs/inotify", file) + ")" : text;
    }
}
