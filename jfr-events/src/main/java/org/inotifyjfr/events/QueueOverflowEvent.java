package org.inotifyjfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** {@code IN_Q_OVERFLOW}: the kernel's event queue was full and dropped events. */
@Name(EventNames.QUEUE_OVERFLOW)
@Label("Queue Overflow")
@Description("The kernel's inotify queue overflowed: file events were lost before the agent could read them")
@Category({"Operating System", "File Activity (inotify)"})
@StackTrace(false)
public final class QueueOverflowEvent extends jdk.jfr.Event {
    @Label("Overflows So Far")
    @Description("How many times the queue has overflowed since the agent started, this one included")
    public long overflows;

    @Label("Queue Limit")
    @Description("fs.inotify.max_queued_events: how many events the kernel holds before it drops")
    public long queueLimit;

    @Label("Action")
    @Description("What the agent did about the lost events")
    public String action;
}
