package org.inotifyjfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/**
 * A path the agent could not watch. Committed when the failure happens and again at the start of
 * every chunk while it stands, so that recordings started later still show it.
 */
@Name(EventNames.WATCH_FAILURE)
@Label("Watch Failure")
@Description("A configured path, or a directory below one, could not be watched")
@Category({"Operating System", "File Activity (inotify)"})
@StackTrace(false)
@Period("beginChunk")
public final class WatchFailureEvent extends jdk.jfr.Event {
    @Label("Path")
    @Description("The path that is not watched")
    public String path;

    @Label("Error")
    @Description("The errno symbol the kernel returned, such as ENOENT or ENOSPC")
    public String errno;

    @Label("Message")
    @Description("What failed, why, and what to do about it")
    public String message;
}
