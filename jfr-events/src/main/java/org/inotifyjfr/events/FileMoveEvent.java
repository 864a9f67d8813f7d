package org.inotifyjfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.SettingDefinition;
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
public final class FileMoveEvent extends jdk.jfr.Event {
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

    @Label("Java Thread")
    @Description("The thread whose Java file operation caused this change, or null if none of this JVM's did (as far as"
            + " the agent can tell)")
    public Thread javaThread;

    @Label("Operation ID")
    @Description("The operationId of the inotify.JavaFileOperation that caused this change, 0 when none")
    public long operationId;

    @Label("Origin")
    @Description("java: a Java file operation of this JVM; jvm: this process, no Java operation; other: another process;"
            + " unknown: the agent cannot tell")
    public String origin;

    /**
     * The {@code filter} setting. Always true: the agent applies the union of every running
     * recording's filter before it builds the event (see {@link PathFilter} for why not JFR's).
     */
    @Name(PathFilter.NAME)
    @Label("Filter")
    @Description(PathFilter.DESCRIPTION)
    @SettingDefinition
    protected boolean filter(PathFilter filter) {
        return true;
    }
}
