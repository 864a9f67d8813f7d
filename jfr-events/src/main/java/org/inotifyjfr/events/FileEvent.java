package org.inotifyjfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.StackTrace;

/**
 * The fields every file event carries. The stack trace is off: events are committed by the
 * agent's reader thread, whose stack says nothing about who touched the file.
 */
@Category({"Operating System", "File Activity (inotify)"})
@StackTrace(false)
public abstract class FileEvent extends Event {
    @Label("Path")
    @Description("Absolute path of the file or directory")
    public String path;

    @Label("Directory")
    @Description("Whether the path names a directory")
    public boolean directory;
}
