package org.inotifyjfr.events;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import jdk.jfr.SettingControl;

/**
 * The {@code filter} setting of every file event: globs of the paths whose events are kept,
 * separated by {@code :} (a backslash keeps the next character, {@code \:} a colon, as it does in
 * a glob); empty keeps every event. A glob without {@code /} matches a file's name at any depth
 * ({@code *.log}), one with {@code /} the absolute path ({@code /var/log/**}), as {@code exclude}.
 *
 * <p>JFR hands a setting only the values of the recordings that name it, so a recording that
 * enables the event and names no filter would be filtered by another recording's. The agent
 * therefore works the union out itself, from every running recording's settings (no filter
 * named: all paths), and applies it before it builds the event; this control keeps what JFR
 * combined (shown as the active setting) and tells the agent when a recording's settings change.
 */
public final class PathFilter extends SettingControl {
    /** The setting's name, as a {@code .jfc} or {@code jfr configure} names it. */
    public static final String NAME = "filter";
    static final String DESCRIPTION = "Globs of the paths whose events are kept, separated by ':' (a glob without '/'"
            + " matches the name at any depth, as exclude does); empty keeps all. Running recordings combine as the"
            + " union; a move is kept if either path matches";
    private static volatile Runnable changed = () -> { };
    private String value = "";

    /** Runs {@code listener} whenever JFR applies a filter value (a recording started, stopped or was changed). */
    public static void onChange(Runnable listener) {
        changed = listener;
    }

    @Override
    public String combine(Set<String> values) {
        Set<String> union = new LinkedHashSet<>();
        for (String value : values) {
            List<String> globs = globs(value);
            if (globs.isEmpty()) {
                return ""; // one recording keeps all
            }
            union.addAll(globs);
        }
        return String.join(":", union);
    }

    @Override
    public void setValue(String value) {
        this.value = value == null ? "" : value;
        changed.run();
    }

    @Override
    public String getValue() {
        return value;
    }

    /** The globs of a filter value, in order; none for an empty (keep all) value. */
    public static List<String> globs(String value) {
        List<String> globs = new ArrayList<>();
        if (value == null) {
            return globs;
        }
        StringBuilder glob = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                glob.append(c).append(value.charAt(++i));
            } else if (c == ':') {
                add(globs, glob);
            } else {
                glob.append(c);
            }
        }
        add(globs, glob);
        return globs;
    }

    private static void add(List<String> globs, StringBuilder glob) {
        String g = glob.toString().strip();
        if (!g.isEmpty()) {
            globs.add(g);
        }
        glob.setLength(0);
    }
}
