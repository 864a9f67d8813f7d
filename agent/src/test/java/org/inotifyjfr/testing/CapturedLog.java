package org.inotifyjfr.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** What the agent logs (its System.Logger goes to java.util.logging here) while this is open, as "LEVEL message" lines. */
public final class CapturedLog implements AutoCloseable {
    private final Logger logger = Logger.getLogger("org.inotifyjfr");
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record.getLevel() + " " + record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    public CapturedLog() {
        logger.addHandler(handler);
    }

    /** The lines so far; the list goes on growing while the log is captured. */
    public List<String> lines() {
        return lines;
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
