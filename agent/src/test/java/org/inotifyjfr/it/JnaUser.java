package org.inotifyjfr.it;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An application with its own JNA on the class path: it waits for the agent, then uses its JNA and
 * reports which one it got, while the agent records the file it writes.
 */
public final class JnaUser {
    public interface CLibrary extends Library {
        int getpid();
    }

    public static void main(String[] args) throws Exception {
        Path base = Path.of(args[0]);
        InotifyWatches.await(1);
        CLibrary c = Native.load("c", CLibrary.class);
        // Reflectively: Native.VERSION is a constant, compiled into this class from the build's JNA.
        java.lang.reflect.Field field = Native.class.getField("VERSION"); // declared by package-private Version
        field.setAccessible(true);
        Object version = field.get(null);
        System.out.println("application JNA " + version + " from "
                + Native.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        System.out.println("getpid " + c.getpid() + " pid " + ProcessHandle.current().pid());
        Files.writeString(base.resolve("written-by-jna-user.txt"), "x");
        System.out.println("application finished normally");
    }
}
