/**
 * The JFR side: turns reported file activity into committed events, and registers the periodic
 * hooks that drain the kernel queue at chunk end and carry the agent's state into every chunk.
 */
package org.inotifyjfr.agent.record;
