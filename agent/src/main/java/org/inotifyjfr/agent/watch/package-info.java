/**
 * Watching: the tree of watched directories (watch descriptor to path, following renames), the
 * decoder of the kernel's records, move pairing, and the reader thread. It reports file activity
 * through {@link org.inotifyjfr.agent.watch.FileActivity} and never touches JFR itself.
 */
package org.inotifyjfr.agent.watch;
