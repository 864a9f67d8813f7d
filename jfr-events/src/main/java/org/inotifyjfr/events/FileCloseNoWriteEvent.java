package org.inotifyjfr.events;

import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** {@code IN_CLOSE_NOWRITE}: a file or directory not opened for writing was closed. */
@Name(EventNames.FILE_CLOSE_NO_WRITE)
@Label("File Close Without Write")
@Description("A file or directory not opened for writing was closed")
@Enabled(false)
public final class FileCloseNoWriteEvent extends FileEvent {
}
