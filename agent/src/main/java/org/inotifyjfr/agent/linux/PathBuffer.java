package org.inotifyjfr.agent.linux;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.charset.Charset;

/**
 * One native buffer that a path is encoded into, NUL-terminated, for calls made once per
 * directory of a tree. Passing a Java String instead makes JNA allocate and free native memory
 * and call back into Java to encode it, on every call. Not thread safe: one per caller.
 */
public final class PathBuffer {
    private final Charset charset;
    private Memory memory = new Memory(1024);

    public PathBuffer(Charset charset) {
        this.charset = charset;
    }

    /** {@code path}, encoded as file names are, in this buffer; valid until the next call. */
    public Pointer put(String path) {
        byte[] bytes = path.getBytes(charset);
        if (bytes.length >= memory.size()) {
            memory = new Memory(Math.max(bytes.length + 1, 2 * memory.size()));
        }
        memory.write(0, bytes, 0, bytes.length);
        memory.setByte(bytes.length, (byte) 0);
        return memory;
    }
}
