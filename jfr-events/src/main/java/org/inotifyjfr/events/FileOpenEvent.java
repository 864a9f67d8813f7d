package org.inotifyjfr.events;

import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** {@code IN_OPEN}: a file or directory was opened. */
@Name(EventNames.FILE_OPEN)
@Label("File Open")
@Description("A file or directory was opened")
@Enabled(false)
public final class FileOpenEvent extends FileEvent {
}
