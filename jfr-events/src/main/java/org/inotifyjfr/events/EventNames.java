package org.inotifyjfr.events;

/** The public names of the event types, as used in {@code .jfc} settings and JFR tools. */
public final class EventNames {
    public static final String PREFIX = "inotify.";

    public static final String FILE_CREATE = PREFIX + "FileCreate";
    public static final String FILE_DELETE = PREFIX + "FileDelete";
    public static final String FILE_MODIFY = PREFIX + "FileModify";
    public static final String FILE_ATTRIB = PREFIX + "FileAttrib";
    public static final String FILE_CLOSE_WRITE = PREFIX + "FileCloseWrite";
    public static final String FILE_CLOSE_NO_WRITE = PREFIX + "FileCloseNoWrite";
    public static final String FILE_OPEN = PREFIX + "FileOpen";
    public static final String FILE_ACCESS = PREFIX + "FileAccess";
    public static final String FILE_MOVE = PREFIX + "FileMove";
    public static final String UNMOUNT = PREFIX + "Unmount";
    public static final String QUEUE_OVERFLOW = PREFIX + "QueueOverflow";
    public static final String WATCH_FAILURE = PREFIX + "WatchFailure";
    public static final String STATISTICS = PREFIX + "Statistics";
    public static final String CONFIGURATION = PREFIX + "Configuration";
    public static final String DIRECTORY_ACTIVITY = PREFIX + "DirectoryActivity";
    public static final String JAVA_FILE_OPERATION = PREFIX + "JavaFileOperation";

    private EventNames() {
    }
}
