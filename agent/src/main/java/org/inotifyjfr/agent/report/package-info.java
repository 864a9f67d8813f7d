/**
 * The file-activity report of a recording ({@code java -jar inotify-jfr-agent.jar report REC.jfr}):
 * one streamed pass over the recording with {@code jdk.jfr.consumer} into a bounded
 * {@link org.inotifyjfr.agent.report.Digest}, written as one self-contained HTML page or as text.
 */
package org.inotifyjfr.agent.report;
