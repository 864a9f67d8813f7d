package org.inotifyjfr.agent.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's effective capabilities, as {@code /proc/self/status} lists them (capabilities(7)). */
public final class Capabilities {
    public static final int CAP_SYS_ADMIN = 21;

    private Capabilities() {
    }

    /** Whether capability {@code cap} is effective now; false if it cannot be told. */
    public static boolean effective(int cap) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    return (Long.parseUnsignedLong(line.substring(7).trim(), 16) >>> cap & 1) != 0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not told: assume not
        }
        return false;
    }
}
