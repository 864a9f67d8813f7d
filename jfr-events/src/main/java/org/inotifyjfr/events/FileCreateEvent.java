package org.inotifyjfr.events;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * {@code IN_CREATE}, or an entry the agent found by scanning a directory that appeared while
 * nothing watched it yet.
 */
@Name(EventNames.FILE_CREATE)
@Label("File Create")
@Description("A file or directory was created in a watched directory")
public final class FileCreateEvent extends FileEvent {
    @Label("Found by Scan")
    @Description("True when the agent found the entry by scanning a new directory or rescanning "
            + "after a queue overflow, false when the kernel reported it")
    public boolean scanned;
}
