package org.inotifyjfr.agent.watch;

/**
 * Who caused the events about to be reported, learnt from a source beside inotify (fanotify),
 * which names directories by watch descriptor. The reader lets it catch up, under its lock, before
 * it reports each read: the kernel queues an event to both at once, so by then the source holds
 * the cause of every event of that read.
 */
public interface Causes {
    /** Takes in everything the source holds now; {@code paths} gives the path of a watched directory. */
    void catchUp(Paths paths);

    /** The paths of the watched directories, as file events name them. */
    interface Paths {
        /** The path of watched directory {@code wd}, or null if it is not watched (any more). */
        String directory(int wd);
    }
}
