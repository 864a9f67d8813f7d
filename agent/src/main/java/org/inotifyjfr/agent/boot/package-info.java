/**
 * The only classes the application's class loader sees: premain, agentmain and main, which load
 * everything else (the agent, JNA, Byte Buddy, the event classes) from the jar's {@code isolated/}
 * folder in a class loader of their own, so an application's own JNA or Byte Buddy never meets ours.
 */
package org.inotifyjfr.agent.boot;
