package org.inotifyjfr.events;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** {@code IN_ATTRIB}: metadata changed: permissions, ownership, timestamps, link count or extended attributes. */
@Name(EventNames.FILE_ATTRIB)
@Label("File Attributes Change")
@Description("Metadata changed: permissions, ownership, timestamps, link count or extended attributes")

public final class FileAttribEvent extends FileEvent {
}
