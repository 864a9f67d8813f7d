package org.inotifyjfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A file operation by Java code of this JVM on a path in a watched tree, committed on the calling
 * thread with its stack trace when the operation returns: the file events it causes carry its
 * {@code operationId}, so JMC can go from a {@code FileDelete} to the code that deleted the file.
 */
@Name(EventNames.JAVA_FILE_OPERATION)
@Label("Java File Operation")
@Description("Java code of this JVM changed a file in a watched tree; the stack trace says which code, and the file"
        + " events it caused carry the same operation ID")
@Category({"Operating System", "File Activity (inotify)"})
@StackTrace(true)
public final class JavaFileOperationEvent extends jdk.jfr.Event {
    @Label("Operation")
    @Description("open for write, create, delete, move, mkdir, link or attributes")
    public String operation;

    @Label("Path")
    @Description("Absolute path of the file the operation changed (for a move, where it went)")
    public String path;

    @Label("Old Path")
    @Description("For a move or rename, where the file was; null otherwise")
    public String oldPath;

    @Label("Operation ID")
    @Description("Unique in this JVM; the file events this operation caused carry it too")
    public long operationId;

    @Label("Failed")
    @Description("The operation threw or returned false: it may have changed nothing")
    public boolean failed;
}
