package org.inotifyjfr.events;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** {@code IN_UNMOUNT}: the file system holding a watched directory was unmounted; its watches are gone. */
@Name(EventNames.UNMOUNT)
@Label("File System Unmount")
@Description("The file system holding a watched directory was unmounted; its watches are gone")

public final class UnmountEvent extends FileEvent {
}
