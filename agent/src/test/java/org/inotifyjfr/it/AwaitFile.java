package org.inotifyjfr.it;

import java.nio.file.Files;
import java.nio.file.Path;

/** A child JVM's main that runs until file {@code args[0]} appears (at most five minutes): a JVM to attach to. */
public final class AwaitFile {
    public static void main(String[] args) throws Exception {
        Path stop = Path.of(args[0]);
        System.out.println("ready");
        System.out.flush();
        for (int i = 0; i < 30_000 && !Files.exists(stop); i++) {
            Thread.sleep(10); // bounded: the test makes the file when it is done
        }
        System.out.println("application finished normally");
    }
}
