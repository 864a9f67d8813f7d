package org.inotifyjfr.it;

import static org.inotifyjfr.events.EventNames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The same recording read with JDK Mission Control's parser: types, labels and values as JMC shows them. */
class JmcSeesTheEventsIT {
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void jmcShowsFileEventsWithTheirLabelsAndValues(Jdk jdk) throws Exception {
        Scenarios.Run run = AgentRecordsFileActivityIT.everyKind(jdk);
        JmcView jmc = JmcView.load(run.jfr.toFile());

        JmcView.Type create = jmc.types.get(FILE_CREATE);
        assertNotNull(create, () -> "JMC found no " + FILE_CREATE + " among " + jmc.types.keySet());
        assertEquals("File Create", create.label);
        assertEquals("Path", create.attributeLabels.get("path"));
        assertEquals("Directory", create.attributeLabels.get("directory"));
        assertEquals("Found by Scan", create.attributeLabels.get("scanned"));
        String file = run.base.resolve("old/deep/er/new.txt").toString();
        Map<String, Object> item = create.items.stream().filter(i -> file.equals(i.get("path"))).findFirst()
                .orElseThrow(() -> new AssertionError("JMC shows no FileCreate at " + file + ": " + create.items));
        assertEquals(Boolean.FALSE, item.get("directory"));
        assertEquals(Boolean.FALSE, item.get("scanned"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void jmcShowsTheMoveWithOldAndNewPath(Jdk jdk) throws Exception {
        Scenarios.Run run = AgentRecordsFileActivityIT.everyKind(jdk);
        JmcView.Type move = JmcView.load(run.jfr.toFile()).types.get(FILE_MOVE);
        assertNotNull(move);
        assertEquals("File Move", move.label);
        assertEquals("Old Path", move.attributeLabels.get("oldPath"));
        assertEquals("Cookie", move.attributeLabels.get("cookie"));
        String to = run.base.resolve("moved.txt").toString();
        String from = run.base.resolve("old/deep/er/new.txt").toString();
        assertTrue(move.items.stream().anyMatch(i -> to.equals(i.get("path")) && from.equals(i.get("oldPath"))),
                () -> "JMC shows no move " + from + " -> " + to + ": " + move.items);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inotifyjfr.it.Jdk#all")
    void jmcShowsEveryKindTheScriptCaused(Jdk jdk) throws Exception {
        JmcView jmc = JmcView.load(AgentRecordsFileActivityIT.everyKind(jdk).jfr.toFile());
        for (String name : new String[] {FILE_CREATE, FILE_DELETE, FILE_MODIFY, FILE_ATTRIB, FILE_CLOSE_WRITE,
                FILE_CLOSE_NO_WRITE, FILE_OPEN, FILE_ACCESS, FILE_MOVE, STATISTICS, CONFIGURATION}) {
            JmcView.Type type = jmc.types.get(name);
            assertTrue(type != null && !type.items.isEmpty(), () -> "JMC shows no " + name);
            assertTrue(type.description != null && !type.description.isBlank(), () -> name + " has no description");
        }
        JmcView.Type configuration = jmc.types.get(CONFIGURATION);
        assertTrue(configuration.items.stream().anyMatch(i -> Objects.equals(i.get("recursive"), Boolean.TRUE)));
    }
}
