/**
 * The kernel side: JNA direct mappings of {@code <sys/inotify.h>} and the few libc calls the
 * reader needs, with errno turned into messages a user can act on. Nothing here knows about JFR.
 */
package org.inotifyjfr.agent.linux;
