package org.inotifyjfr.events;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** {@code IN_DELETE}: a file or directory was deleted from a watched directory, or a watched root itself was deleted. */
@Name(EventNames.FILE_DELETE)
@Label("File Delete")
@Description("A file or directory was deleted from a watched directory, or a watched root itself was deleted")

public final class FileDeleteEvent extends FileEvent {
}
