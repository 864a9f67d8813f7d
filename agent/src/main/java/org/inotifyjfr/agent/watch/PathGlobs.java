package org.inotifyjfr.agent.watch;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Globs over paths, by the rule of {@code exclude} and of the file events' {@code filter}: a glob
 * without a '/' matches an entry's name at any depth ({@code *.tmp}, {@code node_modules}); a glob
 * with one matches the whole absolute path ({@code /srv/data/cache}, {@code **}{@code /build/**}).
 */
public class PathGlobs {
    private static final String GLOB_SPECIALS = "*?[{\\";
    private final List<String> globs;
    private final List<PathMatcher> byName = new ArrayList<>();
    private final List<PathMatcher> byPath = new ArrayList<>();

    /** @throws java.util.regex.PatternSyntaxException for a malformed glob */
    public PathGlobs(List<String> globs) {
        this.globs = List.copyOf(globs);
        for (String glob : globs) {
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
            (glob.indexOf('/') < 0 ? byName : byPath).add(matcher);
        }
    }

    public final List<String> globs() {
        return globs;
    }

    /** Whether a glob matches the entry {@code name} at {@code path}. */
    public final boolean matches(String path, String name) {
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

    /** Whether a glob matches the absolute {@code path} (its name is what follows the last '/'). */
    public final boolean matches(String path) {
        int slash = path.lastIndexOf('/');
        return matches(path, slash < 0 || slash == path.length() - 1 ? path : path.substring(slash + 1));
    }

    /**
     * Whether some path at or below one of {@code roots} could match: false only when every glob
     * names absolute paths whose fixed leading directories lie outside every root.
     */
    public final boolean mayMatchUnder(List<String> roots) {
        if (!byName.isEmpty()) {
            return true;
        }
        for (String glob : globs) {
            String prefix = fixedDirectories(glob);
            for (String root : roots) {
                String dir = root.endsWith("/") ? root : root + "/";
                if (dir.startsWith(prefix) || prefix.startsWith(dir)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The leading directories of {@code glob} that hold no glob character, with the trailing '/'. */
    private static String fixedDirectories(String glob) {
        int special = glob.length();
        for (int i = 0; i < glob.length(); i++) {
            if (GLOB_SPECIALS.indexOf(glob.charAt(i)) >= 0) {
                special = i;
                break;
            }
        }
        // "/srv/data" without a glob character names itself: the root /srv/data is at or below it
        String fixed = special == glob.length() ? glob + "/" : glob.substring(0, special);
        return fixed.substring(0, fixed.lastIndexOf('/') + 1);
    }
}
