package org.inotifyjfr.agent.linux;

import java.io.File;

/**
 * Where JNA 5 unpacks its native library ({@code libjnidispatch.so}) from the jar before loading
 * it, by JNA's own rule: {@code jna.tmpdir} if set; else {@code $XDG_CACHE_HOME/JNA/temp}, or
 * {@code ~/.cache/JNA/temp} ({@code user.home}) without it; and {@code java.io.tmpdir} if that
 * cannot be made or written. The file system there must allow executing files (not {@code noexec}).
 */
public final class JnaUnpackDirectory {
    private JnaUnpackDirectory() {
    }

    /** The directory, and which setting chose it, for a message: "/home/app/.cache/JNA/temp (user.home)". */
    public static String describe() {
        String property = System.getProperty("jna.tmpdir");
        if (property != null) {
            return property + " (jna.tmpdir)";
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        boolean fromXdg = xdg != null && !xdg.isBlank();
        File cache = fromXdg ? new File(xdg) : new File(System.getProperty("user.home"), ".cache");
        File dir = new File(cache, "JNA/temp");
        if (dir.isDirectory() && dir.canWrite()) {
            return dir + (fromXdg ? " (XDG_CACHE_HOME)" : " (user.home=" + System.getProperty("user.home") + ")");
        }
        return System.getProperty("java.io.tmpdir") + " (java.io.tmpdir, since " + dir + " cannot be written)";
    }
}
