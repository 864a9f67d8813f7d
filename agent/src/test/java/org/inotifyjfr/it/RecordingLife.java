package org.inotifyjfr.it;

import java.nio.file.Files;
import java.nio.file.Path;
import jdk.jfr.Recording;

/**
 * A child JVM's main for watch=recording: prints its inotify watch count before, during and after
 * a recording that enables FileCreate (writing {@code DIR/f.txt} while it runs, the recording
 * going to {@code DIR/../life.jfr}), then right after a second recording starts and once it
 * stopped: the agent has surely finished starting by then, so no wait hides a late walk.
 */
public final class RecordingLife {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int expected = Integer.parseInt(args[1]);
        System.out.println("before=" + InotifyWatches.most());
        try (Recording r = recording()) {
            r.start();
            for (int i = 0; i < 6000 && InotifyWatches.most() < expected; i++) {
                Thread.sleep(10); // bounded: the agent may still be starting
            }
            System.out.println("during=" + InotifyWatches.most());
            Files.writeString(dir.resolve("f.txt"), "x");
            r.stop();
            System.out.println("after=" + InotifyWatches.most());
            r.dump(dir.resolveSibling("life.jfr"));
        }
        try (Recording again = recording()) {
            again.start();
            System.out.println("again=" + InotifyWatches.most());
            again.stop();
            System.out.println("end=" + InotifyWatches.most());
        }
        System.out.println("application finished normally");
    }

    private static Recording recording() {
        Recording r = new Recording();
        r.enable("inotify.FileCreate");
        return r;
    }
}
