package org.inotifyjfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.SettingDefinition;
import jdk.jfr.StackTrace;

/**
 * What every kind of file activity says besides its paths: which Java code caused it, and the
 * {@code filter} setting. The stack trace is off: events are committed by the agent's reader
 * thread, whose stack says nothing about who touched the file ({@code javaThread} does).
 */
@Category({"Operating System", "File Activity (inotify)"})
@StackTrace(false)
public abstract class AttributedFileEvent extends Event {
    @Label("Java Thread")
    @Description("The thread whose Java file operation caused this change, or null if none of this JVM's did (as far as"
            + " the agent can tell)")
    public Thread javaThread;

    @Label("Operation ID")
    @Description("The operationId of the inotify.JavaFileOperation that caused this change, 0 when none")
    public long operationId;

    @Label("Origin")
    @Description("java: a Java file operation of this JVM; jvm: this process, no Java operation (native code, JFR, GC"
            + " logs); other: another process; unknown: the agent cannot tell (see inotify.Configuration's Attribution)")
    public String origin;

    @Label("Process ID")
    @Description("The process that caused this change: this JVM's pid for java and jvm, another's for other where the"
            + " kernel tells it (fanotify with CAP_SYS_ADMIN), 0 when unknown")
    public int pid;

    @Label("Process")
    @Description("The command name of that process (/proc/PID/comm, read when the change was reported), null when"
            + " unknown or gone by then")
    public String process;

    /**
     * The {@code filter} setting. Always true: the agent applies the union of every running
     * recording's filter before it builds the event (see {@link PathFilter} for why not JFR's).
     */
    @Name(PathFilter.NAME)
    @Label("Filter")
    @Description(PathFilter.DESCRIPTION)
    @SettingDefinition
    protected boolean filter(PathFilter filter) {
        return true;
    }
}
