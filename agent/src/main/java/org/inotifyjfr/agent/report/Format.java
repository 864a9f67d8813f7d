package org.inotifyjfr.agent.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Numbers, times and spans as the report writes them. */
final class Format {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Format() {
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String dateTime(Instant t) {
        return DATE_TIME.format(t);
    }

    /** A time-axis label: the time of day, or the day too for a recording longer than a day. */
    static String tick(Instant t, Duration span) {
        return span.toHours() >= 24 ? DAY.format(t) : TIME.format(t);
    }

    static String span(Duration d) {
        long s = d.getSeconds();
        if (s < 60) {
            return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %d s", s / 60, s % 60);
        }
        if (s < 86400) {
            return String.format(Locale.ROOT, "%d h %d min", s / 3600, s % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%d d %d h", s / 86400, s % 86400 / 3600);
    }

    static String width(long nanos) {
        return nanos < 60_000_000_000L ? nanos / 1_000_000_000L + " s"
                : nanos < 3_600_000_000_000L ? String.format(Locale.ROOT, "%.1f min", nanos / 6e10)
                : String.format(Locale.ROOT, "%.1f h", nanos / 3.6e12);
    }

    static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
}
