package org.inotifyjfr.jmc;

import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.ResultBuilder;

/** File events lost: the kernel's inotify queue overflowed. */
public final class QueueOverflowRule extends FileActivityRule {
    public QueueOverflowRule() {
        super("QueueOverflow", "File Events Lost (inotify Queue Overflow)");
    }

    @Override
    IResult evaluate(IItemCollection items, ResultBuilder result) {
        long overflows = Events.count(Events.of(items, "QueueOverflow"));
        if (overflows == 0) {
            return ok(result, "No file events were lost: the kernel's inotify queue never overflowed.");
        }
        return result(result, Math.min(100, 75 + 5 * (overflows - 1)), "The kernel's inotify queue overflowed "
                + overflows + (overflows == 1 ? " time" : " times") + ": file events were lost.",
                "The kernel holds at most fs.inotify.max_queued_events events for a reader; more came before the agent "
                        + "read them, so what changed then is missing from this recording (the agent rescanned its "
                        + "trees after each overflow, and files found then are FileCreate events with scanned=true).",
                "Raise the limit (sysctl -w fs.inotify.max_queued_events=131072), watch less (exclude busy "
                        + "directories), give the JVM more CPU, or set fanotify=false if which process changed a file "
                        + "need not be known: that leaves the reader more time for the queue.");
    }
}
