package org.inotifyjfr.agent.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MountInfoTest {
    @Test
    void mountPointsAreReadByMountIdWithTheirOctalEscapesUndone() {
        String table = "22 1 0:21 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
                + "31 22 0:27 / /srv/with\\040space\\134and\\011tab rw - tmpfs tmpfs rw\n"
                + "32 22 0:28 / /srv/caf\\303\\251 rw - tmpfs tmpfs rw\n"
                + "33 31 0:29 /sub /srv/bind rw - ext4 /dev/sda1 rw\n"
                + "a line too short\n";
        Map<String, String> mounts = MountInfo.parse(table.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("22", "31", "32", "33"), List.copyOf(mounts.keySet()));
        assertEquals("/", mounts.get("22"));
        assertEquals("/srv/with space\\and\ttab", mounts.get("31"));
        assertEquals("/srv/café", mounts.get("32"), "bytes of UTF-8 written as octal escapes");
        assertEquals("/srv/bind", mounts.get("33"));
    }

    @Test
    void aBackslashNotFollowedByThreeOctalDigitsIsKept() {
        byte[] b = "/a\\9b\\01".getBytes(StandardCharsets.US_ASCII);
        assertEquals("/a\\9b\\01", MountInfo.unescape(b, 0, b.length));
    }

    @Test
    void theMountTableOfThisProcessHoldsTheRootFileSystem() {
        try (MountInfo mounts = MountInfo.open()) {
            assertEquals(true, mounts.fd() >= 0, "/proc/self/mountinfo opens");
            mounts.look();
            assertEquals(List.of(), mounts.added(), "nothing mounted since it was opened");
        }
    }
}
