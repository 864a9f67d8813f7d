package org.inotifyjfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.SettingDefinition;
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
