package org.inotifyjfr.events;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** {@code IN_CLOSE_WRITE}: a file opened for writing was closed. */
@Name(EventNames.FILE_CLOSE_WRITE)
@Label("File Close After Write")
@Description("A file opened for writing was closed")

public final class FileCloseWriteEvent extends FileEvent {
}
