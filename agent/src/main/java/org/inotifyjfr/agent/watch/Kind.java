package org.inotifyjfr.agent.watch;

import static org.inotifyjfr.agent.linux.Inotify.*;

/** The kinds of file activity, one per JFR file event type, with the inotify bits behind each. */
public enum Kind {
    CREATE(IN_CREATE),
    DELETE(IN_DELETE),
    MODIFY(IN_MODIFY),
    ATTRIB(IN_ATTRIB),
    CLOSE_WRITE(IN_CLOSE_WRITE),
    CLOSE_NOWRITE(IN_CLOSE_NOWRITE),
    OPEN(IN_OPEN),
    ACCESS(IN_ACCESS),
    MOVE(IN_MOVED_FROM | IN_MOVED_TO),
    UNMOUNT(IN_UNMOUNT);

    private static final Kind[] VALUES = values();

    final int mask;

    Kind(int mask) {
        this.mask = mask;
    }

    /** The kind for a single event bit of inotify_event.mask, or null for bookkeeping bits. */
    static Kind of(int bit) {
        for (Kind kind : VALUES) {
            if ((kind.mask & bit) != 0) {
                return kind;
            }
        }
        return null;
    }
}
