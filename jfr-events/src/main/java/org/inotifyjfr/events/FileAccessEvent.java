package org.inotifyjfr.events;

import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** {@code IN_ACCESS}: a file was read, or a directory listed. */
@Name(EventNames.FILE_ACCESS)
@Label("File Access")
@Description("A file was read, or a directory listed")
@Enabled(false)
public final class FileAccessEvent extends FileEvent {
}
