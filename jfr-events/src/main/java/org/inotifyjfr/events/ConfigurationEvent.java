package org.inotifyjfr.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** What the agent was asked to watch and the kernel limits it works within. */
@Name(EventNames.CONFIGURATION)
@Label("inotify Agent Configuration")
@Description("The inotify-jfr agent's options, version and the kernel's inotify limits")
@Category({"Operating System", "File Activity (inotify)"})
@StackTrace(false)
@Period("beginChunk")
public final class ConfigurationEvent extends jdk.jfr.Event {
    @Label("Agent Version")
    @Description("Version of the inotify-jfr agent")
    public String agentVersion;

    @Label("Agent State")
    @Description("on: the agent watches the paths; off: it could not start, and the reason says why")
    public String state;

    @Label("Off Because")
    @Description("Why the agent is off and what to do about it; empty while it is on")
    public String offReason;

    @Label("Watch")
    @Description("always: the trees are watched all the time; recording: only while a recording enables a file event (option watch)")
    public String watch;

    @Label("Trees Walked In")
    @Description("With watch=recording, how long watching the trees took when the latest recording started them; changes made before that were not seen")
    @Timespan(Timespan.MILLISECONDS)
    public long treesWalkedIn;

    @Label("Attribution")
    @Description("How file events say who caused them: Java operations (Byte Buddy advice), fanotify (which process),"
            + " and why either is not in force")
    public String attribution;

    @Label("Paths")
    @Description("The configured paths, one per line")
    public String paths;

    @Label("Recursive")
    @Description("Whether directories below each path are watched")
    public boolean recursive;

    @Label("Excludes")
    @Description("Globs whose directories get no watch and whose files get no events, one per line")
    public String excludes;

    @Label("Read Buffer")
    @Description("Size of the buffer the agent reads the inotify queue into")
    @DataAmount
    public long readBufferSize;

    @Label("Read Batching")
    @Description("How long the agent lets events gather once the queue holds some before it reads them (option batch); 0 reads at once")
    @Timespan(Timespan.MILLISECONDS)
    public long readBatch;

    @Label("Max User Watches")
    @Description("fs.inotify.max_user_watches: watches one user may hold, -1 if unknown")
    public long maxUserWatches;

    @Label("Max User Instances")
    @Description("fs.inotify.max_user_instances: inotify instances one user may hold, -1 if unknown")
    public long maxUserInstances;

    @Label("Max Queued Events")
    @Description("fs.inotify.max_queued_events: events the kernel queues before it overflows, -1 if unknown")
    public long maxQueuedEvents;
}
