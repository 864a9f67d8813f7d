/**
 * Which Java code changed a file: Byte Buddy advice on the JDK's file mutators, inlined into
 * {@code java.io} and {@code sun.nio.fs}, reaches the agent through one tiny class defined into
 * {@code java.base} ({@link org.inotifyjfr.agent.attribute.BootBridge}) and commits
 * {@code inotify.JavaFileOperation} on the calling thread ({@link org.inotifyjfr.agent.attribute.JavaOperations}).
 */
package org.inotifyjfr.agent.attribute;
