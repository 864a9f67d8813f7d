package org.inotifyjfr.events;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** {@code IN_MODIFY}: a file was written to (one event per write call, merged by the kernel while unread). */
@Name(EventNames.FILE_MODIFY)
@Label("File Modify")
@Description("A file was written to (one event per write call, merged by the kernel while unread)")

public final class FileModifyEvent extends FileEvent {
}
