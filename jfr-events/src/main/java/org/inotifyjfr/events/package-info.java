/**
 * The JFR event types inotify-jfr records: one type per kind of inotify event plus the agent's own
 * state. Classes hold fields and metadata only; {@link org.inotifyjfr.events.EventNames} holds the
 * names users type into {@code .jfc} files and {@code jfr print --events}.
 */
package org.inotifyjfr.events;
