package org.inotifyjfr.agent.linux;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * {@code <unistd.h>} {@code access}: whether this process may read or search a path, asked to
 * say which permission an EACCES was about. inotify_add_watch needs read permission on the
 * directory and search (x) permission on every directory on the way to it.
 */
public final class Access {
    static {
        Native.register("c");
    }

    public static final int X_OK = 1;
    public static final int R_OK = 4;

    /** 0 if this process may access {@code pathname} as {@code mode} asks, else -1 (errno says why). */
    public static native int access(Pointer pathname, int mode);

    private Access() {
    }

    /**
     * The first directory on the way to {@code path} (an absolute path, by {@link FileNames}' rule)
     * that this process may not search, or null if it may search each of them.
     */
    public static String unsearchableOnTheWay(String path) {
        PathBuffer buffer = new PathBuffer();
        for (int slash = path.indexOf('/', 1); slash > 0; slash = path.indexOf('/', slash + 1)) {
            String dir = path.substring(0, slash);
            if (access(buffer.put(dir), X_OK) != 0) {
                return dir;
            }
        }
        return null;
    }
}
