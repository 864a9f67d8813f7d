package org.inotifyjfr.agent;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * The agent's log lines, one line each ({@code WARNING: inotify-jfr: ...}) instead of
 * java.util.logging's default two (a date and the calling method, then the message), where the
 * application left logging as the JDK sets it up: the System.Logger goes to java.util.logging,
 * which no file, class or format property configures, and nothing handles the agent's logger yet.
 * Anywhere else the application's logging decides.
 */
final class OneLineLog {
    static final String LOGGER = "org.inotifyjfr";

    private OneLineLog() {
    }

    static void install() {
        try {
            if (System.getProperty("java.util.logging.config.file") != null
                    || System.getProperty("java.util.logging.config.class") != null
                    || System.getProperty("java.util.logging.SimpleFormatter.format") != null
                    || !System.getLogger(LOGGER).getClass().getName().contains("JUL")) {
                return;
            }
            Logger jul = Logger.getLogger(LOGGER);
            synchronized (OneLineLog.class) {
                if (jul.getHandlers().length > 0 || !jul.getUseParentHandlers()) {
                    return; // installed already, or the application set this logger up
                }
                Handler line = new StreamHandler(System.err, new Formatter() {
                    @Override
                    public String format(LogRecord r) {
                        String text = r.getLevel().getName() + ": " + formatMessage(r) + System.lineSeparator();
                        if (r.getThrown() == null) {
                            return text;
                        }
                        StringWriter trace = new StringWriter();
                        r.getThrown().printStackTrace(new PrintWriter(trace));
                        return text + trace;
                    }
                }) {
                    @Override
                    public synchronized void publish(LogRecord record) {
                        super.publish(record);
                        flush();
                    }
                };
                jul.addHandler(line);
                jul.setUseParentHandlers(false);
            }
        } catch (RuntimeException | LinkageError e) {
            // no java.logging in this runtime, or it refuses: the default format stays
        }
    }
}
