package org.inotifyjfr.agent.attribute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.inotifyjfr.agent.watch.Kind;
import org.junit.jupiter.api.Test;

class RecentOperationsTest {
    private final Thread me = Thread.currentThread();

    private void start(RecentOperations recent, String path, long id, String operation) {
        recent.started(path, me, id, RecentOperations.kinds(operation, false), operation.equals("open for write"));
    }

    @Test
    void eachOperationIsMatchedOnceToEachKindItCausesOldestFirst() {
        RecentOperations recent = new RecentOperations();
        start(recent, "/w/f", 1, "create");
        start(recent, "/w/f", 2, "delete");
        start(recent, "/w/f", 3, "create");
        assertEquals(1, recent.find(Kind.CREATE, "/w/f").operationId);
        assertEquals(2, recent.find(Kind.DELETE, "/w/f").operationId);
        assertEquals(3, recent.find(Kind.CREATE, "/w/f").operationId);
        assertNull(recent.find(Kind.CREATE, "/w/f"), "no fourth create was made by Java");
        assertNull(recent.find(Kind.ATTRIB, "/w/f"), "a create does not change attributes");
        assertNull(recent.find(Kind.DELETE, "/w/other"));
    }

    @Test
    void aWriterKeepsItsModifiesUntilTheFileIsClosed() {
        RecentOperations recent = new RecentOperations();
        start(recent, "/w/log", 7, "open for write");
        for (int i = 0; i < 3; i++) {
            assertEquals(7, recent.find(Kind.MODIFY, "/w/log").operationId);
        }
        assertEquals(7, recent.find(Kind.CLOSE_WRITE, "/w/log").operationId);
        recent.closed("/w/log");
        assertNull(recent.find(Kind.MODIFY, "/w/log"));
    }

    @Test
    void aPathHoldsOnlyItsNewestOperations() {
        RecentOperations recent = new RecentOperations();
        for (long id = 1; id <= 100; id++) {
            start(recent, "/w/loop", id, "delete");
        }
        long first = recent.find(Kind.DELETE, "/w/loop").operationId;
        assertEquals(100 - RecentOperations.MOST_PER_PATH + 1, first);
    }
}
