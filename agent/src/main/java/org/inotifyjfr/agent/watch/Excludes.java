package org.inotifyjfr.agent.watch;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * The exclude globs. A glob without a '/' matches an entry's name at any depth ({@code *.tmp},
 * {@code node_modules}); a glob with one matches the whole absolute path ({@code /srv/data/cache},
 * {@code **}{@code /build/**}). Matching directories get no watch, matching files no events.
 */
public final class Excludes {
    private final List<String> globs;
    private final List<PathMatcher> byName = new ArrayList<>();
    private final List<PathMatcher> byPath = new ArrayList<>();

    /** @throws java.util.regex.PatternSyntaxException for a malformed glob */
    public Excludes(List<String> globs) {
        this.globs = List.copyOf(globs);
        for (String glob : globs) {
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
            (glob.indexOf('/') < 0 ? byName : byPath).add(matcher);
        }
    }

    public List<String> globs() {
        return globs;
    }

    /** Whether the entry {@code name} at {@code path} is excluded. */
    public boolean matches(String path, String name) {
        if (globs.isEmpty()) {
            return false;
        }
        if (!byName.isEmpty()) {
            Path namePath = Path.of(name);
            for (PathMatcher m : byName) {
                if (m.matches(namePath)) {
                    return true;
                }
            }
        }
        if (!byPath.isEmpty()) {
            Path full = Path.of(path);
            for (PathMatcher m : byPath) {
                if (m.matches(full)) {
                    return true;
                }
            }
        }
        return false;
    }
}
