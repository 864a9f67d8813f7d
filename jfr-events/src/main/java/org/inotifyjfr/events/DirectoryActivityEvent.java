package org.inotifyjfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Timestamp;

/**
 * How much changed in one watched directory during the period: one event per directory that saw
 * file activity, at each chunk (or every {@code period}). Counted whether or not the file events
 * themselves are recorded, so a hot tree can be summarized with its file events off.
 */
@Name(EventNames.DIRECTORY_ACTIVITY)
@Label("Directory Activity")
@Description("How many file events of each kind happened in a watched directory since the last summary (counted even"
        + " while those file events are off; opens, accesses and closes without write only while their events are on)")
@Category({"Operating System", "File Activity (inotify)"})
@StackTrace(false)
@Period("everyChunk")
public final class DirectoryActivityEvent extends jdk.jfr.Event {
    @Label("Directory")
    @Description("The directory the files are in; '(other directories)' sums up the directories beyond the most a summary"
            + " lists")
    public String directory;

    @Label("Since")
    @Description("When the period this summary counts began")
    @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
    public long since;

    @Label("Events")
    @Description("File events of every kind in the directory during the period")
    public long events;

    @Label("Created")
    @Description("Files and directories created (FileCreate)")
    public long created;

    @Label("Deleted")
    @Description("Files and directories deleted (FileDelete)")
    public long deleted;

    @Label("Modified")
    @Description("Writes to files (FileModify)")
    public long modified;

    @Label("Attributes Changed")
    @Description("Changes of permissions, owners, times or extended attributes (FileAttrib)")
    public long attributesChanged;

    @Label("Closed After Write")
    @Description("Files closed that had been open for writing (FileCloseWrite)")
    public long closedAfterWrite;

    @Label("Closed Without Write")
    @Description("Files closed that had been open only for reading (FileCloseNoWrite); counted while that event is on")
    public long closedWithoutWrite;

    @Label("Opened")
    @Description("Files and directories opened (FileOpen); counted while that event is on")
    public long opened;

    @Label("Accessed")
    @Description("Reads of files (FileAccess); counted while that event is on")
    public long accessed;

    @Label("Moved In")
    @Description("Files and directories moved or renamed into the directory (FileMove)")
    public long movedIn;

    @Label("Moved Out")
    @Description("Files and directories moved or renamed out of the directory (FileMove)")
    public long movedOut;

    @Label("Unmounts")
    @Description("File systems unmounted from the directory's entries (Unmount)")
    public long unmounts;
}
