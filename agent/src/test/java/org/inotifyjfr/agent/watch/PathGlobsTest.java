package org.inotifyjfr.agent.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.inotifyjfr.events.PathFilter;
import org.junit.jupiter.api.Test;

class PathGlobsTest {
    @Test
    void aGlobWithoutSlashMatchesTheNameAndOneWithSlashTheWholePath() {
        PathGlobs globs = new PathGlobs(List.of("*.log", "/srv/data/cache/**"));
        assertTrue(globs.matches("/var/app/x.log"));
        assertTrue(globs.matches("/srv/data/cache/a/b"));
        assertFalse(globs.matches("/srv/data/cache"));
        assertFalse(globs.matches("/var/app/x.log.1"));
    }

    @Test
    void onlyAbsoluteGlobsWhoseFixedDirectoriesLieOutsideEveryRootCanMatchNothingBelowThem() {
        List<String> roots = List.of("/srv/data", "/var/log/app");
        assertFalse(new PathGlobs(List.of("/etc/**", "/srv/database/*")).mayMatchUnder(roots));
        assertTrue(new PathGlobs(List.of("/srv/**")).mayMatchUnder(roots), "a glob above a root");
        assertTrue(new PathGlobs(List.of("/var/log/app/*.log")).mayMatchUnder(roots), "a glob inside a root");
        assertTrue(new PathGlobs(List.of("/srv/data")).mayMatchUnder(roots), "the root itself");
        assertTrue(new PathGlobs(List.of("**/tmp/*")).mayMatchUnder(roots), "a glob that starts with a wildcard");
        assertTrue(new PathGlobs(List.of("*.tmp")).mayMatchUnder(roots), "a name glob matches at any depth");
        assertFalse(new PathGlobs(List.of("/srv/data/x")).mayMatchUnder(List.of()), "no root, nothing to match");
    }

    @Test
    void filterValuesSplitAtUnescapedColonsAndCombineAsTheUnionUnlessOneKeepsAll() {
        assertEquals(List.of("/var/log/**", "*.tmp", "/srv/a\\:b/*"), PathFilter.globs("/var/log/**: *.tmp :/srv/a\\:b/*"));
        assertEquals(List.of(), PathFilter.globs(""));
        assertTrue(new PathGlobs(PathFilter.globs("/srv/a\\:b/*")).matches("/srv/a:b/c"));
        PathFilter control = new PathFilter();
        assertEquals("/a/**:*.log:/b/**", control.combine(new java.util.LinkedHashSet<>(List.of("/a/**:*.log", "/b/**:/a/**"))));
        assertEquals("", control.combine(Set.of("/a/**", "")));
    }
}
