package org.inotifyjfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.StackTrace;

/** The fields every file event but a move carries: one path, which is never null. */
@Category({"Operating System", "File Activity (inotify)"})
@StackTrace(false)
public abstract class FileEvent extends AttributedFileEvent {
    @Label("Path")
    @Description("Absolute path of the file or directory")
    public String path;

    @Label("Directory")
    @Description("Whether the path names a directory")
    public boolean directory;
}
