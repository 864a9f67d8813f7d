package org.inotifyjfr.agent.watch;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * What a scan did that the kernel's queue may still report: names a listing reported as created,
 * and directories created that went before their watch was placed. Kept until a read pass that
 * began after the last note finds the queue empty: by then every such event has been read.
 */
final class ScanNotes {
    /** Names noted before the notes are dropped: a queue that is never empty must not make them grow without bound. */
    static final int LIMIT = 100_000;

    /** Names a scan reported whose kernel IN_CREATE may still be queued, by directory. */
    private final Map<Integer, Set<String>> listed = new HashMap<>();
    /** "wd/name" of directories created here that were renamed before their watch was in place. */
    private final Set<String> createdUnwatched = new HashSet<>();
    private final LongSupplier passes;
    private int names;
    /** The read pass that was under way at the last note. */
    private long lastNotePass = -1;

    /** {@code passes}: how many read passes over the kernel queue have begun. */
    ScanNotes(LongSupplier passes) {
        this.passes = passes;
    }

    /**
     * A scan reported entry {@code name} of {@code dir}: the kernel's IN_CREATE of it, if still
     * queued, is to be dropped. Past {@link #LIMIT} the notes are dropped instead (a few entries
     * may then be reported twice).
     */
    void listed(int dir, String name) {
        if (names >= LIMIT) {
            listed.clear();
            names = 0;
        }
        if (listed.computeIfAbsent(dir, k -> new HashSet<>()).add(name)) {
            names++;
        }
        noted();
    }

    /** Whether this IN_CREATE was reported by a scan already; it is then forgotten. */
    boolean consumeListed(int dir, String name) {
        Set<String> in = listed.isEmpty() ? null : listed.get(dir);
        return in != null && in.remove(name);
    }

    /** An entry left {@code dir}: a later IN_CREATE of the same name is new again. */
    void gone(int dir, String name) {
        Set<String> in = listed.isEmpty() ? null : listed.get(dir);
        if (in != null) {
            in.remove(name);
        }
    }

    /** Whether a scan of {@code dir} left notes. */
    boolean has(int dir) {
        return !listed.isEmpty() && listed.containsKey(dir);
    }

    /** {@code dir} is no longer watched. */
    void forget(int dir) {
        listed.remove(dir);
    }

    /** Directory {@code name} was created in {@code parent} but could not be watched (renamed first, say). */
    void createdUnwatched(int parent, String name) {
        createdUnwatched.add(parent + "/" + name);
        noted();
    }

    /** Whether {@code name} of {@code parent} is such a directory: its rename then moves a new directory. */
    boolean takeCreatedUnwatched(int parent, String name) {
        return createdUnwatched.remove(parent + "/" + name);
    }

    /** Something waits for the paths to be current: notes last until a pass that began after now. */
    void noted() {
        lastNotePass = passes.getAsLong();
    }

    /** Read pass {@code pass} found the queue empty: if it began after the last note, the notes go. */
    void queueEmpty(long pass) {
        if (pass > lastNotePass) {
            createdUnwatched.clear();
            listed.clear();
            names = 0;
        }
    }
}
