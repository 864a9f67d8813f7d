package org.inotifyjfr.agent.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.jna.Native;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.inotifyjfr.agent.watch.Excludes;
import org.inotifyjfr.agent.watch.InotifyReader;
import org.inotifyjfr.agent.record.JfrRecorder;
import org.junit.jupiter.api.Test;

class NativeFailureTest {
    @Test
    void watchLimitMessageNamesTheSysctlWithItsValueAndTheRemedy() {
        NativeFailure f = NativeFailure.addWatch("/var/log/app", Errno.ENOSPC);
        assertEquals("ENOSPC", f.errnoName());
        assertEquals("inotify_add_watch(/var/log/app) failed: ENOSPC; the watch limit fs.inotify.max_user_watches="
                + KernelLimits.MAX_USER_WATCHES.current() + " is reached; raise it (sysctl -w "
                + "fs.inotify.max_user_watches=524288) or exclude large directories", f.getMessage());
    }

    @Test
    void permissionMessageSaysWhatToDo() {
        assertEquals("inotify_add_watch(/root/x) failed: EACCES; permission denied; give the JVM's user read "
                + "access to it, or exclude it", NativeFailure.addWatch("/root/x", Errno.EACCES).getMessage());
    }

    /**
     * Makes fs.inotify.max_user_instances bite without changing it: this test takes every instance
     * the user has left, opens a reader, and gives them all back.
     */
    @Test
    void instanceLimitIsNamedWithItsValueWhenItBites() {
        List<Integer> taken = new ArrayList<>();
        try {
            int fd;
            while ((fd = Inotify.inotify_init1(Inotify.IN_CLOEXEC)) >= 0) {
                taken.add(fd);
            }
            assertEquals(Errno.EMFILE, Native.getLastError(), "what stopped the loop");
            NativeFailure f = assertThrows(NativeFailure.class, () -> InotifyReader.open(65536, 1, true,
                    new Excludes(List.of()), new JfrRecorder()));
            assertEquals("inotify_init1 failed: EMFILE; the instance limit fs.inotify.max_user_instances="
                    + KernelLimits.MAX_USER_INSTANCES.current() + " is reached (every inotify watcher of this user "
                    + "holds one), or this process has no file descriptor left (ulimit -n); raise the first "
                    + "(sysctl -w fs.inotify.max_user_instances=1024) or stop other watchers",
                    f.getMessage());
        } finally {
            taken.forEach(LibC::close);
        }
    }
}
