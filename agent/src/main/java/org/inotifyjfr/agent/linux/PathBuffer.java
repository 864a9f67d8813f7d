package org.inotifyjfr.agent.linux;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;

/**
 * One native buffer that a path is encoded into, NUL-terminated, for calls made once per
 * directory of a tree. Passing a Java String instead makes JNA allocate and free native memory
 * and call back into Java to encode it, on every call. Not thread safe: one per caller.
 */
public final class PathBuffer {
    private static final byte[] PROC_FD = "/proc/self/fd/".getBytes(StandardCharsets.US_ASCII);

    private Memory memory = new Memory(1024);

    /** {@code path}, turned into bytes by {@link FileNames}' rule, in this buffer; valid until the next call. */
    public Pointer put(String path) {
        byte[] bytes = FileNames.encode(path);
        ensure(bytes.length);
        memory.write(0, bytes, 0, bytes.length);
        memory.setByte(bytes.length, (byte) 0);
        return memory;
    }

    /** {@code name} as it is, NUL-terminated: for the {@code *at} calls. */
    public Pointer name(byte[] name) {
        ensure(name.length);
        memory.write(0, name, 0, name.length);
        memory.setByte(name.length, (byte) 0);
        return memory;
    }

    /** {@code /proc/self/fd/FD}: the file that descriptor {@code fd} of this process holds. */
    public Pointer fd(int fd) {
        return fd(fd, null);
    }

    /**
     * {@code /proc/self/fd/FD/NAME}: entry {@code name} (bytes as the file system holds them) of
     * the directory open as {@code fd}, however deep it lies and whatever was renamed meanwhile.
     */
    public Pointer fd(int fd, byte[] name) {
        byte[] number = Integer.toString(fd).getBytes(StandardCharsets.US_ASCII);
        int length = PROC_FD.length + number.length + (name == null ? 0 : 1 + name.length);
        ensure(length);
        memory.write(0, PROC_FD, 0, PROC_FD.length);
        memory.write(PROC_FD.length, number, 0, number.length);
        if (name != null) {
            memory.setByte(PROC_FD.length + number.length, (byte) '/');
            memory.write(PROC_FD.length + number.length + 1, name, 0, name.length);
        }
        memory.setByte(length, (byte) 0);
        return memory;
    }

    private void ensure(int length) {
        if (length >= memory.size()) {
            memory = new Memory(Math.max(length + 1, 2 * memory.size()));
        }
    }
}
