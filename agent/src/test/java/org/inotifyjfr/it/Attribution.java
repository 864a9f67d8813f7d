package org.inotifyjfr.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which attribution a child JVM of this test run gets, told from the machine itself (the kernel's
 * version, this process's capabilities), not from the agent: {@code inotify.Configuration}'s
 * Attribution is checked against it.
 */
final class Attribution {
    static final String EVERY_PID = "Java operations (Byte Buddy advice); fanotify: which process caused each change,"
            + " with its pid and command (CAP_SYS_ADMIN)";
    static final String THIS_OR_OTHER = "Java operations (Byte Buddy advice); fanotify: this JVM or another process"
            + " (without CAP_SYS_ADMIN the kernel gives no other pid)";
    static final String NONE_PREFIX = "Java operations (Byte Buddy advice); no process attribution: fanotify_init";

    final boolean fanotify;
    final boolean everyPid;
    final String summary;

    private Attribution(boolean fanotify, boolean everyPid, String summary) {
        this.fanotify = fanotify;
        this.everyPid = everyPid;
        this.summary = summary;
    }

    /** A child started as this JVM is: with CAP_SYS_ADMIN any fanotify kernel serves; without, 5.13 or later. */
    static Attribution ofThisMachine() throws IOException {
        boolean admin = capSysAdmin();
        if (admin) {
            return new Attribution(true, true, EVERY_PID);
        }
        boolean fanotify = kernelAtLeast(5, 13);
        return new Attribution(fanotify, false, fanotify ? THIS_OR_OTHER : null);
    }

    static boolean capSysAdmin() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("CapEff:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) >>> 21 & 1) != 0;
            }
        }
        return false;
    }

    static boolean kernelAtLeast(int major, int minor) throws IOException {
        String[] release = Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim().split("[.-]");
        int a = Integer.parseInt(release[0]);
        int b = Integer.parseInt(release[1]);
        return a > major || a == major && b >= minor;
    }

    @Override
    public String toString() {
        return "fanotify " + fanotify + ", every pid " + everyPid;
    }
}
