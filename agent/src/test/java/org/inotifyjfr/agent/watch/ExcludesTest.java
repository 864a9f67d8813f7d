package org.inotifyjfr.agent.watch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExcludesTest {
    @Test
    void globWithoutSlashMatchesTheNameAtAnyDepth() {
        Excludes e = new Excludes(List.of("*.tmp", "node_modules"));
        assertTrue(e.matches("/srv/a/b/x.tmp", "x.tmp"));
        assertTrue(e.matches("/srv/node_modules", "node_modules"));
        assertFalse(e.matches("/srv/x.tmp.keep", "x.tmp.keep"));
        assertFalse(e.matches("/srv/node_modules_x", "node_modules_x"));
    }

    @Test
    void globWithSlashMatchesTheWholePath() {
        Excludes e = new Excludes(List.of("/srv/data/cache", "**/build/**"));
        assertTrue(e.matches("/srv/data/cache", "cache"));
        assertFalse(e.matches("/srv/other/cache", "cache"));
        assertTrue(e.matches("/srv/x/build/classes", "classes"));
    }

    @Test
    void noGlobsMatchNothing() {
        assertFalse(new Excludes(List.of()).matches("/a", "a"));
    }
}
