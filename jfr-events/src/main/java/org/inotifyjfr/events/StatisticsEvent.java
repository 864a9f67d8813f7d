package org.inotifyjfr.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/**
 * The agent's counters, cumulative since it started. Emitted at the end of every chunk, right
 * after the agent has read everything the kernel still held, so the last one is exact.
 */
@Name(EventNames.STATISTICS)
@Label("inotify Agent Statistics")
@Description("Watches held and events read and recorded by the inotify-jfr agent since it started")
@Category({"Operating System", "File Activity (inotify)"})
@StackTrace(false)
@Period("endChunk")
public final class StatisticsEvent extends jdk.jfr.Event {
    @Label("Watches")
    @Description("inotify watches the agent holds now")
    public long watches;

    @Label("Events Read")
    @Description("inotify events decoded from the kernel queue")
    public long eventsRead;

    @Label("Events Recorded")
    @Description("JFR events committed for file activity")
    public long eventsRecorded;

    @Label("Queue Overflows")
    @Description("Times the kernel queue overflowed and dropped events")
    public long overflows;

    @Label("Reads")
    @Description("read calls on the inotify file descriptor that returned events")
    public long reads;

    @Label("Bytes Read")
    @Description("Bytes read from the inotify file descriptor")
    @DataAmount
    public long bytesRead;

    @Label("Backlog Peak")
    @Description("Most bytes read from the kernel and waiting to be recorded at once, since the agent started; the backlog holds at most 16 MiB")
    @DataAmount
    public long backlogPeak;
}
