package org.inotifyjfr.agent.watch;

import java.util.List;

/** The exclude globs ({@link PathGlobs}' rule): matching directories get no watch, matching files no events. */
public final class Excludes extends PathGlobs {
    /** @throws java.util.regex.PatternSyntaxException for a malformed glob */
    public Excludes(List<String> globs) {
        super(globs);
    }
}
