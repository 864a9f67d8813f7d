package org.inotifyjfr.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import jdk.jfr.Recording;

/**
 * A child JVM's main for the {@code filter} setting, watching {@code DIR} (with {@code logs/} and
 * {@code data/} in it): recording A keeps FileModify for {@code DIR/logs/**} only; B, started
 * while A runs, enables FileModify and names no filter, so while both run every path is kept;
 * A alone again after B stopped; then A's filter changed on the running recording to a tree
 * outside DIR, which keeps nothing: the kernel is asked for no IN_MODIFY. Each step writes files
 * named for it and prints whether IN_MODIFY (0x2) is in the kernel's masks. Recordings go to
 * {@code DIR/../a.jfr} and {@code b.jfr}.
 */
public final class FilteredRecordings {
    private static final int IN_MODIFY = 0x2;

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        InotifyWatches.await(3);
        try (Recording a = new Recording(settings(dir.resolve("logs") + "/**")); Recording b = new Recording(settings(null))) {
            a.start();
            write(dir, "a-only");
            b.start();
            write(dir, "both");
            b.stop();
            b.dump(dir.resolveSibling("b.jfr"));
            write(dir, "a-again");
            chunkEnd();
            System.out.println("modify masked while A keeps logs/**: " + masked());
            a.setSettings(settings("/nowhere/**:/elsewhere/x*"));
            awaitMasked(false);
            System.out.println("modify masked while A keeps only paths outside the tree: " + masked());
            write(dir, "outside");
            chunkEnd();
            a.setSettings(settings("*.log"));
            awaitMasked(true);
            System.out.println("modify masked while A keeps *.log: " + masked());
            write(dir, "names");
            a.stop();
            a.dump(dir.resolveSibling("a.jfr"));
        }
        System.out.println("application finished normally");
    }

    /**
     * Ends a chunk, whose hook records what the kernel holds now: the watermark before a
     * filter changes. (Starting and stopping a recording do it too.) The recording takes no file event.
     */
    private static void chunkEnd() {
        try (Recording quiet = new Recording(Map.of("inotify.FileModify#enabled", "false",
                "inotify.DirectoryActivity#enabled", "false"))) {
            quiet.start();
            quiet.stop();
        }
    }

    private static Map<String, String> settings(String filter) {
        Map<String, String> settings = new HashMap<>();
        settings.put("inotify.FileModify#enabled", "true");
        settings.put("inotify.DirectoryActivity#enabled", "false"); // on, it would ask the kernel for every change
        if (filter != null) {
            settings.put("inotify.FileModify#filter", filter);
        }
        return settings;
    }

    /** Writes {@code logs/STEP.log} and {@code data/STEP.dat}, each a FileModify. */
    private static void write(Path dir, String step) throws Exception {
        Files.writeString(dir.resolve("logs").resolve(step + ".log"), step);
        Files.writeString(dir.resolve("data").resolve(step + ".dat"), step);
    }

    private static boolean masked() throws Exception {
        return (InotifyWatches.maskBits() & IN_MODIFY) != 0;
    }

    /** The mask changes when the reader wakes to the new settings: polled, bounded. */
    private static void awaitMasked(boolean wanted) throws Exception {
        for (int i = 0; i < 6000 && masked() != wanted; i++) {
            Thread.sleep(10);
        }
    }
}
