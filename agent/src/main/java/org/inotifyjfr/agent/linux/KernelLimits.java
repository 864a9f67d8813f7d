package org.inotifyjfr.agent.linux;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The inotify sysctls under {@code /proc/sys/fs/inotify}, read fresh each time (they can change). */
public enum KernelLimits {
    MAX_USER_WATCHES("max_user_watches"),
    MAX_USER_INSTANCES("max_user_instances"),
    MAX_QUEUED_EVENTS("max_queued_events");

    private final String file;

    KernelLimits(String file) {
        this.file = file;
    }

    /** The sysctl's name as {@code sysctl} spells it, such as {@code fs.inotify.max_user_watches}. */
    public String sysctl() {
        return "fs.inotify." + file;
    }

    /** The current value, or -1 when it cannot be read. */
    public long current() {
        // A stream, not Files.readString: procfs reports size 0, and readString's sized read then
        // returned only the first digit on the 6.18 kernel here.
        try (BufferedReader in = Files.newBufferedReader(Path.of("/proc/sys/fs/inotify", file))) {
            String line = in.readLine();
            return line == null ? -1 : Long.parseLong(line.trim());
        } catch (IOException | NumberFormatException | SecurityException e) {
            return -1;
        }
    }

    /** {@code fs.inotify.max_user_watches=8192}, for messages. */
    public String describe() {
        long value = current();
        return sysctl() + "=" + (value < 0 ? "(unreadable)" : Long.toString(value));
    }
}
