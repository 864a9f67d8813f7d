/** The command line behind {@code java -jar inotify-jfr-agent.jar}: attaching to a running JVM. */
package org.inotifyjfr.agent.attach;
