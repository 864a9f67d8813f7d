package org.inotifyjfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * {@code IN_MOVED_FROM} and {@code IN_MOVED_TO} paired by their cookie, or {@code IN_MOVE_SELF}
 * of a watched root. One half alone means the file crossed the edge of the watched trees. Not a
 * {@link FileEvent}: here {@code path} may be null, and its description says when.
 */
@Name(EventNames.FILE_MOVE)
@Label("File Move")
@Description("A file or directory was renamed or moved")
@Category({"Operating System", "File Activity (inotify)"})
@StackTrace(false)
public final class FileMoveEvent extends AttributedFileEvent {
    @Label("Old Path")
    @Description("Where the file was before the move, or null if it came from outside the watched trees")
    public String oldPath;

    @Label("Path")
    @Description("Where the file is after the move, or null if it left the watched trees")
    public String path;

    @Label("Directory")
    @Description("Whether the path names a directory")
    public boolean directory;

    @Label("Cookie")
    @Description("The kernel's cookie that ties the two halves of a rename together, 0 for a moved root")
    public int cookie;
}
