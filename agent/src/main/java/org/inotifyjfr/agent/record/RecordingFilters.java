package org.inotifyjfr.agent.record;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.PatternSyntaxException;
import jdk.jfr.EventType;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;
import org.inotifyjfr.agent.watch.Kind;
import org.inotifyjfr.agent.watch.PathGlobs;
import org.inotifyjfr.events.PathFilter;

/**
 * The {@code filter} of each file event as all running recordings together ask it: the union of
 * the globs of every recording that enables the event, and no filter at all as soon as one such
 * recording names none (see {@link PathFilter} for why the agent and not JFR combines them).
 */
final class RecordingFilters {
    private static final System.Logger LOG = System.getLogger("org.inotifyjfr");

    private final EventType[] types;
    private final boolean[] enabledByDefault;
    private final Set<Recording> running = ConcurrentHashMap.newKeySet();
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    private final AtomicReference<State> state;

    /** What the filters are for the roots watched now; replaced whole, so a reader sees one or the other. */
    private static final class State {
        /** Per kind: the paths kept, or null for all. */
        final PathGlobs[] filters;
        /** Per kind: whether the filter keeps nothing below the roots (so the kernel need not report the kind). */
        final boolean[] keepsNothing;
        final List<String> roots;

        State(PathGlobs[] filters, List<String> roots) {
            this.filters = filters;
            this.roots = roots;
            this.keepsNothing = new boolean[filters.length];
            for (int k = 0; k < filters.length; k++) {
                keepsNothing[k] = filters[k] != null && !filters[k].mayMatchUnder(roots);
            }
        }
    }

    RecordingFilters(EventType[] types) {
        this.types = types;
        this.enabledByDefault = new boolean[types.length];
        for (int k = 0; k < types.length; k++) {
            enabledByDefault[k] = EventClasses.enabledByDefault(types[k]);
        }
        this.state = new AtomicReference<>(new State(new PathGlobs[types.length], List.of()));
    }

    /** Whether an event of {@code kind} at {@code path} (and, for a move, {@code oldPath}) is kept. */
    boolean keeps(Kind kind, String oldPath, String path) {
        PathGlobs filter = state.get().filters[kind.ordinal()];
        return filter == null || (path != null && filter.matches(path)) || (oldPath != null && filter.matches(oldPath));
    }

    /** Whether the filter of {@code kind} can keep no event below the watched roots. */
    boolean keepsNothing(Kind kind) {
        return state.get().keepsNothing[kind.ordinal()];
    }

    /** The recording's state changed: it now counts, or no longer does. */
    void changed(Recording recording) {
        if (recording.getState() == RecordingState.RUNNING) {
            running.add(recording);
        } else {
            running.remove(recording);
        }
        update();
    }

    /** The watched roots changed. */
    void roots(List<String> roots) {
        List<String> copy = List.copyOf(roots);
        state.updateAndGet(now -> new State(now.filters, copy));
    }

    /**
     * Works the filters out again from the running recordings' settings. Takes no lock of its own:
     * it runs on JFR's threads, which hold JFR's recorder lock that reading a recording's settings takes.
     */
    void update() {
        PathGlobs[] next = new PathGlobs[types.length];
        List<Map<String, String>> settings = new ArrayList<>();
        for (Recording r : running) {
            if (r.getState() == RecordingState.RUNNING) {
                settings.add(r.getSettings());
            }
        }
        for (int k = 0; k < types.length; k++) {
            next[k] = union(types[k].getName(), enabledByDefault[k], settings);
        }
        state.updateAndGet(now -> new State(next, now.roots));
    }

    private PathGlobs union(String event, boolean enabledByDefault, List<Map<String, String>> recordings) {
        Set<String> globs = new LinkedHashSet<>();
        for (Map<String, String> settings : recordings) {
            String enabled = settings.get(event + "#enabled");
            if (enabled == null ? !enabledByDefault : !"true".equals(enabled)) {
                continue;
            }
            List<String> own = PathFilter.globs(settings.get(event + "#" + PathFilter.NAME));
            if (own.isEmpty()) {
                return null; // this recording keeps all
            }
            for (String glob : own) {
                if (valid(event, glob)) {
                    globs.add(glob);
                } else {
                    return null; // lose nothing the recording may have wanted
                }
            }
        }
        return globs.isEmpty() ? null : new PathGlobs(List.copyOf(globs));
    }

    private boolean valid(String event, String glob) {
        try {
            new PathGlobs(List.of(glob));
            return true;
        } catch (PatternSyntaxException e) {
            if (reported.add(event + "#" + glob)) {
                LOG.log(System.Logger.Level.WARNING, "inotify-jfr: the setting " + event + "#" + PathFilter.NAME
                        + " holds the glob '" + glob + "', which is not one: " + e.getDescription() + " at index "
                        + e.getIndex() + "; " + event + " is recorded for every path until the recording's setting is"
                        + " fixed (globs are separated by ':', a glob without '/' matches a name, one with '/' the"
                        + " absolute path)");
            }
            return false;
        }
    }
}
