/**
 * The agent's entry: {@link org.inotifyjfr.agent.Agent#start} parses the options and wires the
 * reader to the JFR recorder. premain and agentmain live in {@code boot} and only delegate here.
 */
package org.inotifyjfr.agent;
