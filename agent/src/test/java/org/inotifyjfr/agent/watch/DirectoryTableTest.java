package org.inotifyjfr.agent.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The directory table alone, against a plain map of paths, through growth, renames and removal. */
class DirectoryTableTest {
    private final DirectoryTable table = new DirectoryTable();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void pathsComeFromTheChainOfNamesAndFollowARename() {
        table.add(1, DirectoryTable.NONE, b("/srv/data"), DirectoryTable.ROOT);
        table.add(2, 1, b("a"), 0);
        table.add(3, 2, b("b"), 0);
        assertEquals("/srv/data/a/b", table.path(3));
        table.add(4, 1, b("c"), 0);
        table.move(2, 4, b("a2"));
        assertEquals("/srv/data/c/a2/b", table.path(3), "the subtree follows its top");
        assertEquals(2, table.child(4, b("a2")));
        assertEquals(DirectoryTable.NONE, table.child(1, b("a")), "the old name is free");
    }

    @Test
    void aRootOfSlashGivesNoDoubledSlash() {
        table.add(1, DirectoryTable.NONE, b("/"), DirectoryTable.ROOT);
        table.add(2, 1, b("tmp"), 0);
        table.add(3, 2, b("x"), 0);
        assertEquals("/tmp/x", table.path(3));
        assertEquals("/", table.path(1));
    }

    @Test
    void aRemovedParentStaysForThePathsOfWhatIsStillWatchedBelowIt() {
        table.add(1, DirectoryTable.NONE, b("/r"), DirectoryTable.ROOT);
        table.add(2, 1, b("p"), 0);
        table.add(3, 2, b("q"), 0);
        table.remove(2);
        assertFalse(table.contains(2));
        assertEquals(DirectoryTable.NONE, table.child(1, b("p")));
        assertEquals("/r/p/q", table.path(3));
        assertEquals(2, table.size());
        table.add(5, 1, b("p"), 0);
        assertEquals(5, table.child(1, b("p")), "a new directory of the same name is found");
        table.remove(3); // the last one below: the removed parent goes with it
        List<Integer> all = new ArrayList<>();
        table.forEach(all::add);
        assertEquals(List.of(1, 5), all);
    }

    @Test
    void aDirectoryTakingAnotherOnesNameIsTheOneFoundUnderIt() {
        table.add(1, DirectoryTable.NONE, b("/r"), DirectoryTable.ROOT);
        table.add(2, 1, b("x"), 0);
        table.add(3, 1, b("y"), 0);
        table.move(3, 1, b("x")); // mv y x over an empty x: x's own IN_IGNORED comes later
        assertEquals(3, table.child(1, b("x")));
        table.remove(2);
        assertEquals(3, table.child(1, b("x")), "removing the replaced one leaves the new one findable");
    }

    @Test
    void forEachBelowFindsTheSubtreeOnly() {
        table.add(1, DirectoryTable.NONE, b("/r"), DirectoryTable.ROOT);
        table.add(2, 1, b("a"), 0);
        table.add(3, 2, b("b"), 0);
        table.add(4, 3, b("c"), 0);
        table.add(5, 1, b("d"), 0);
        table.add(6, 5, b("e"), 0);
        TreeSet<Integer> below = new TreeSet<>();
        table.forEachBelow(2, below::add);
        assertEquals(new TreeSet<>(List.of(2, 3, 4)), below);
    }

    @Test
    void agreesWithAMapOfPathsThroughTenThousandRandomChanges() {
        Random random = new Random(42);
        Map<Integer, String> model = new HashMap<>();
        table.add(1, DirectoryTable.NONE, b("/root"), DirectoryTable.ROOT);
        model.put(1, "/root");
        int nextWd = 2;
        for (int step = 0; step < 10_000; step++) {
            List<Integer> live = new ArrayList<>(model.keySet());
            int pick = live.get(random.nextInt(live.size()));
            int op = random.nextInt(10);
            if (op < 6 || live.size() < 20) {
                String name = "n" + random.nextInt(50);
                if (table.child(pick, b(name)) == DirectoryTable.NONE) {
                    table.add(nextWd, pick, b(name), 0);
                    model.put(nextWd, model.get(pick) + "/" + name);
                    nextWd++;
                }
            } else if (op < 8 && pick != 1) {
                int to = live.get(random.nextInt(live.size()));
                String name = "m" + random.nextInt(50);
                String from = model.get(pick);
                if (!model.get(to).startsWith(from + "/") && to != pick && table.child(to, b(name)) == DirectoryTable.NONE) {
                    table.move(pick, to, b(name));
                    String moved = model.get(to) + "/" + name;
                    model.replaceAll((wd, p) -> p.equals(from) ? moved : p.startsWith(from + "/") ? moved + p.substring(from.length()) : p);
                }
            } else if (pick != 1) {
                String top = model.get(pick);
                List<Integer> gone = new ArrayList<>();
                table.forEachBelow(pick, gone::add);
                for (int wd : gone) {
                    assertTrue(model.get(wd).equals(top) || model.get(wd).startsWith(top + "/"), model.get(wd));
                    table.remove(wd);
                    model.remove(wd);
                }
                assertFalse(model.values().stream().anyMatch(p -> p.startsWith(top + "/")), "the whole subtree of " + top);
            }
        }
        assertEquals(model.size(), table.size());
        for (Map.Entry<Integer, String> e : model.entrySet()) {
            assertEquals(e.getValue(), table.path(e.getKey()));
            String path = e.getValue();
            if (e.getKey() != 1) {
                int parent = table.parent(e.getKey());
                assertEquals(e.getKey(), table.child(parent, b(path.substring(path.lastIndexOf('/') + 1))));
            }
        }
    }
}
