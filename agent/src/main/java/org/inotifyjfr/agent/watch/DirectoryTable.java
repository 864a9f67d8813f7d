package org.inotifyjfr.agent.watch;

import org.inotifyjfr.agent.linux.FileNames;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * The watched directories as parallel arrays, keyed by watch descriptor: for each, its parent's
 * descriptor, its name's bytes and a few flags, about 40 bytes a directory with the name. Paths
 * are not kept: {@link #path} puts one together from the chain of names, so renaming a directory
 * changes one entry however much lies below it. A directory with no parent (a root, an anchor)
 * has its whole path as its name.
 *
 * <p>Three tables: the entries in dense slots (freed slots are reused); watch descriptor to slot,
 * and (parent, name) to slot, both open addressing with linear probing. Names live in one byte
 * arena, compacted when more of it is dead than alive. Not thread safe.
 */
final class DirectoryTable {
    /** A configured root (or a directory awaited as one). */
    static final int ROOT = 1;
    /** A root that is a file. The kernel leaves IN_ISDIR off a file's IN_DELETE_SELF. */
    static final int FILE = 2;
    /** Watched only to see a missing root appear: none of its events are reported. */
    static final int ANCHOR_ONLY = 4;
    /** Its watch is gone, but directories below it still are watched and need its name for their paths. */
    private static final int GONE = 8;
    /** Its (parent, name) was taken over by another entry, so {@link #child} does not find it. */
    private static final int UNLISTED = 16;
    /** Not a watch descriptor: the kernel's start at 1. */
    static final int NONE = 0;


    // per slot
    private int[] wds = new int[16];
    private int[] parents = new int[16];
    private int[] nameStarts = new int[16];
    private short[] nameLengths = new short[16];
    private int[] childCounts = new int[16];
    private byte[] flags = new byte[16];
    /** Slots ever handed out; freed ones are chained through {@link #parents} from {@link #freeSlot}. */
    private int slotsUsed;
    private int freeSlot = -1;
    /** Entries whose watch is live (not {@link #GONE}). */
    private int size;

    /** Watch descriptor to slot + 1 (0: empty), at {@code mix(wd)}. */
    private int[] byWdKeys = new int[32];
    private int[] byWdSlots = new int[32];
    private int byWdCount;
    /** Slot + 1 of each entry with a parent, at {@code mix(parent, name)}. */
    private int[] byName = new int[32];
    private int byNameCount;

    /** Scratch for {@link #path}: the slots from an entry up to its top. */
    private int[] pathChain = new int[32];
    /** Stands in for the descriptor of a {@link #GONE} entry whose number the kernel gave out again. */
    private int nextRetiredKey = -1;

    private byte[] names = new byte[1024];
    private int namesEnd;
    private int namesDead;

    DirectoryTable() {
    }

    /** Live entries: watches the table holds. */
    int size() {
        return size;
    }

    boolean contains(int wd) {
        int s = slot(wd);
        return s >= 0 && (flags[s] & GONE) == 0;
    }

    /** {@link #ROOT}, {@link #FILE}, {@link #ANCHOR_ONLY}. */
    int flags(int wd) {
        return flags[slotOrThrow(wd)] & (ROOT | FILE | ANCHOR_ONLY);
    }

    void setFlags(int wd, int bits) {
        int s = slotOrThrow(wd);
        flags[s] = (byte) ((flags[s] & ~(ROOT | FILE | ANCHOR_ONLY)) | bits);
    }

    int parent(int wd) {
        return parents[slotOrThrow(wd)];
    }

    /** The entry's name: for one without a parent, its path. */
    String name(int wd) {
        int s = slotOrThrow(wd);
        return FileNames.decode(names, nameStarts[s], nameLengths[s]);
    }

    /** The entry's name as the file system holds it. */
    byte[] nameBytes(int wd) {
        int s = slotOrThrow(wd);
        return Arrays.copyOfRange(names, nameStarts[s], nameStarts[s] + nameLengths[s]);
    }

    boolean nameEquals(int wd, byte[] name) {
        return nameIs(slotOrThrow(wd), name, 0, name.length);
    }

    byte[] encode(String name) {
        return FileNames.encode(name);
    }

    String decode(byte[] name) {
        return FileNames.decode(name);
    }

    /**
     * Whether {@code wd} is {@code top} or below it: a move of {@code top} below {@code wd} would
     * make a loop. Bounded by the number of entries, so a loop already there cannot hang it.
     */
    boolean isAtOrBelow(int wd, int top) {
        int s = slot(wd);
        for (int steps = 0; s >= 0 && steps <= slotsUsed; steps++) {
            if (wds[s] == top) {
                return true;
            }
            if (parents[s] == NONE) {
                return false;
            }
            s = slot(parents[s]);
        }
        return s >= 0; // a chain longer than the table: a loop, so yes
    }

    /** The entry at the top of {@code wd}'s chain of parents: its root or anchor. */
    int top(int wd) {
        int s = slotOrThrow(wd);
        for (int steps = 0; parents[s] != NONE && steps <= slotsUsed; steps++) {
            s = slotOrThrow(parents[s]);
        }
        return wds[s];
    }

    /** Adds a watch descriptor, below {@code parent} (or {@link #NONE}, then {@code name} is a path). */
    void add(int wd, int parent, byte[] name, int bits) {
        int old = slot(wd);
        if (old >= 0) {
            if ((flags[old] & GONE) == 0) {
                throw new IllegalStateException("watch descriptor " + wd + " is in the table already");
            }
            retire(old);
        }
        int s = newSlot();
        wds[s] = wd;
        parents[s] = parent;
        flags[s] = (byte) bits;
        childCounts[s] = 0;
        storeName(s, name);
        putWd(wd, s);
        if (parent != NONE) {
            childCounts[slotOrThrow(parent)]++;
            list(s);
        }
        size++;
    }

    /** The watched directory {@code name} below {@code parent}, or {@link #NONE}. */
    int child(int parent, byte[] name) {
        int s = listedSlot(parent, name, 0, name.length);
        return s < 0 ? NONE : wds[s];
    }

    /** The slot listed under {@code parent} with the name {@code bytes[from, from + length)}, or -1. */
    private int listedSlot(int parent, byte[] bytes, int from, int length) {
        int mask = byName.length - 1;
        for (int i = mix(parent, bytes, from, length) & mask; byName[i] != 0; i = (i + 1) & mask) {
            int s = byName[i] - 1;
            if (parents[s] == parent && nameIs(s, bytes, from, length)) {
                return s;
            }
        }
        return -1;
    }

    private boolean nameIs(int s, byte[] bytes, int from, int length) {
        return Arrays.equals(names, nameStarts[s], nameStarts[s] + nameLengths[s], bytes, from, from + length);
    }

    /** The entry is now {@code name} below {@code parent}: a rename, which every path below follows. */
    void move(int wd, int parent, byte[] name) {
        if (parent != NONE && isAtOrBelow(parent, wd)) {
            throw new IllegalStateException("moving watch descriptor " + wd + " below " + parent + " would make a loop");
        }
        int s = slotOrThrow(wd);
        int oldParent = parents[s];
        unlist(s);
        namesDead += nameLengths[s];
        storeName(s, name);
        parents[s] = parent;
        if (parent != NONE) {
            childCounts[slotOrThrow(parent)]++;
            list(s);
        }
        if (oldParent != NONE) {
            childCounts[slotOrThrow(oldParent)]--;
            release(oldParent);
        }
    }

    /**
     * Drops the entry: at once if nothing below it is watched, else it is kept, invisible, for
     * the paths of what is below, until the last of those goes.
     */
    void remove(int wd) {
        int s = slot(wd);
        if (s < 0 || (flags[s] & GONE) != 0) {
            return;
        }
        size--;
        unlist(s); // a new directory of the same name is another entry
        flags[s] |= GONE;
        release(wd);
    }

    /**
     * The kernel handed out the descriptor of a {@link #GONE} entry again (it does so only after
     * 2^31 others): the old entry, still kept for the paths below it, takes a key of its own.
     */
    private void retire(int s) {
        int wd = wds[s];
        int key = nextRetiredKey--;
        removeWd(wd);
        wds[s] = key;
        putWd(key, s);
        for (int t = 0; t < slotsUsed; t++) {
            if (wds[t] != NONE && parents[t] == wd) {
                boolean listed = (flags[t] & UNLISTED) == 0;
                unlist(t);
                parents[t] = key;
                if (listed) {
                    list(t);
                }
            }
        }
    }

    /** Frees a {@link #GONE} entry with nothing left below it, and so on up. */
    private void release(int wd) {
        while (wd != NONE) {
            int s = slotOrThrow(wd);
            if ((flags[s] & GONE) == 0 || childCounts[s] > 0) {
                return;
            }
            int parent = parents[s];
            removeWd(wd);
            namesDead += nameLengths[s];
            wds[s] = NONE;
            parents[s] = freeSlot;
            freeSlot = s;
            if (parent != NONE) {
                childCounts[slotOrThrow(parent)]--;
            }
            wd = parent;
        }
    }

    /** The absolute path of the entry, from its chain of names. */
    String path(int wd) {
        return FileNames.decode(pathBytes(wd));
    }

    /** {@link #path} as the file system holds it: for calls into the kernel, whatever the JVM's charset. */
    byte[] pathBytes(int wd) {
        int[] chain = pathChain;
        int depth = 0;
        int length = 0;
        for (int s = slotOrThrow(wd); ; s = slotOrThrow(parents[s])) {
            if (depth > slotsUsed) {
                throw new IllegalStateException("the parents of watch descriptor " + wd + " make a loop");
            }
            if (depth == chain.length) {
                chain = pathChain = Arrays.copyOf(chain, depth * 2);
            }
            chain[depth++] = s;
            length += nameLengths[s] + 1;
            if (parents[s] == NONE) {
                break;
            }
        }
        byte[] bytes = new byte[length];
        int end = 0;
        for (int d = depth - 1; d >= 0; d--) {
            int s = chain[d];
            if (end > 0 && bytes[end - 1] != '/') {
                bytes[end++] = '/'; // not after a root of "/"
            }
            System.arraycopy(names, nameStarts[s], bytes, end, nameLengths[s]);
            end += nameLengths[s];
        }
        return end == length ? bytes : Arrays.copyOf(bytes, end);
    }

    /** Calls {@code sink} with every live entry's watch descriptor. */
    void forEach(IntConsumer sink) {
        for (int s = 0; s < slotsUsed; s++) {
            if (wds[s] != NONE && (flags[s] & GONE) == 0) {
                sink.accept(wds[s]);
            }
        }
    }

    /**
     * Calls {@code sink} with {@code top} and every live entry below it. Entries know only their
     * parent, so this looks at every entry once: for moves out of the trees, not for each event.
     */
    void forEachBelow(int top, IntConsumer sink) {
        byte[] state = new byte[slotsUsed]; // 0 unknown, 1 below top, 2 not
        int[] chain = new int[64];
        for (int s = 0; s < slotsUsed; s++) {
            if (wds[s] == NONE || state[s] != 0) {
                continue;
            }
            int n = 0;
            int t = s;
            byte found = 2;
            while (true) {
                if (wds[t] == top) {
                    found = 1;
                    break;
                }
                if (state[t] != 0) {
                    found = state[t];
                    break;
                }
                if (n == chain.length) {
                    chain = Arrays.copyOf(chain, n * 2);
                }
                chain[n++] = t;
                if (parents[t] == NONE) {
                    break;
                }
                t = slotOrThrow(parents[t]);
            }
            if (found == 1) {
                state[t] = 1;
            }
            for (int i = 0; i < n; i++) {
                state[chain[i]] = found;
            }
        }
        for (int s = 0; s < slotsUsed; s++) {
            if (state[s] == 1 && (flags[s] & GONE) == 0) {
                sink.accept(wds[s]);
            }
        }
    }

    private int newSlot() {
        if (freeSlot >= 0) {
            int s = freeSlot;
            freeSlot = parents[s];
            return s;
        }
        if (slotsUsed == wds.length) {
            int capacity = slotsUsed + (slotsUsed >> 1);
            wds = Arrays.copyOf(wds, capacity);
            parents = Arrays.copyOf(parents, capacity);
            nameStarts = Arrays.copyOf(nameStarts, capacity);
            nameLengths = Arrays.copyOf(nameLengths, capacity);
            childCounts = Arrays.copyOf(childCounts, capacity);
            flags = Arrays.copyOf(flags, capacity);
        }
        return slotsUsed++;
    }

    private void storeName(int s, byte[] name) {
        if (name.length > Short.MAX_VALUE) {
            throw new IllegalArgumentException("a name of " + name.length + " bytes");
        }
        if (namesEnd + name.length > names.length) {
            compactNames(name.length);
        }
        System.arraycopy(name, 0, names, namesEnd, name.length);
        nameStarts[s] = namesEnd;
        nameLengths[s] = (short) name.length;
        namesEnd += name.length;
    }

    /** Makes room for {@code more} bytes: drops dead names, and grows if live ones fill half of it. */
    private void compactNames(int more) {
        int needed = namesEnd - namesDead + more;
        int capacity = names.length;
        if (needed > capacity / 2) {
            capacity = Math.max(capacity + (capacity >> 1), needed + (needed >> 1));
        }
        byte[] fresh = new byte[capacity];
        int end = 0;
        for (int s = 0; s < slotsUsed; s++) {
            if (wds[s] != NONE) {
                System.arraycopy(names, nameStarts[s], fresh, end, nameLengths[s]);
                nameStarts[s] = end;
                end += nameLengths[s];
            }
        }
        names = fresh;
        namesEnd = end;
        namesDead = 0;
    }

    // watch descriptor -> slot

    private int slot(int wd) {
        int mask = byWdKeys.length - 1;
        for (int i = mix(wd) & mask; byWdKeys[i] != NONE; i = (i + 1) & mask) {
            if (byWdKeys[i] == wd) {
                return byWdSlots[i];
            }
        }
        return -1;
    }

    private int slotOrThrow(int wd) {
        int s = slot(wd);
        if (s < 0) {
            throw new IllegalStateException("watch descriptor " + wd + " is not in the table");
        }
        return s;
    }

    private void putWd(int wd, int s) {
        if ((byWdCount + 1) * 5L > byWdKeys.length * 4L) {
            int[] keys = byWdKeys;
            int[] slots = byWdSlots;
            byWdKeys = new int[keys.length * 2];
            byWdSlots = new int[keys.length * 2];
            byWdCount = 0;
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] != NONE) {
                    putWd(keys[i], slots[i]);
                }
            }
        }
        int mask = byWdKeys.length - 1;
        int i = mix(wd) & mask;
        while (byWdKeys[i] != NONE) {
            i = (i + 1) & mask;
        }
        byWdKeys[i] = wd;
        byWdSlots[i] = s;
        byWdCount++;
    }

    /** Removes with backward shift: later entries of the probe run move up, so no tombstones. */
    private void removeWd(int wd) {
        int mask = byWdKeys.length - 1;
        int i = mix(wd) & mask;
        while (byWdKeys[i] != wd) {
            i = (i + 1) & mask;
        }
        for (int j = (i + 1) & mask; byWdKeys[j] != NONE; j = (j + 1) & mask) {
            int home = mix(byWdKeys[j]) & mask;
            if (((j - home) & mask) >= ((j - i) & mask)) {
                byWdKeys[i] = byWdKeys[j];
                byWdSlots[i] = byWdSlots[j];
                i = j;
            }
        }
        byWdKeys[i] = NONE;
        byWdCount--;
    }

    // (parent, name) -> slot

    private int nameHome(int s) {
        return mix(parents[s], names, nameStarts[s], nameLengths[s]);
    }

    /** Makes the entry findable by (parent, name), in place of any other entry there. */
    private void list(int s) {
        int other = listedSlot(parents[s], names, nameStarts[s], nameLengths[s]);
        if (other >= 0) {
            unlist(other);
        }
        flags[s] &= ~UNLISTED;
        putName(s);
    }

    private void unlist(int s) {
        if (parents[s] != NONE && (flags[s] & (UNLISTED | GONE)) == 0) {
            removeName(s);
        }
        flags[s] |= UNLISTED;
    }

    private void putName(int s) {
        if ((byNameCount + 1) * 5L > byName.length * 4L) {
            int[] old = byName;
            byName = new int[old.length * 2];
            byNameCount = 0;
            for (int entry : old) {
                if (entry != 0) {
                    putName(entry - 1);
                }
            }
        }
        int mask = byName.length - 1;
        int i = nameHome(s) & mask;
        while (byName[i] != 0) {
            i = (i + 1) & mask;
        }
        byName[i] = s + 1;
        byNameCount++;
    }

    private void removeName(int s) {
        int mask = byName.length - 1;
        int i = nameHome(s) & mask;
        while (byName[i] != s + 1) {
            i = (i + 1) & mask;
        }
        for (int j = (i + 1) & mask; byName[j] != 0; j = (j + 1) & mask) {
            int home = nameHome(byName[j] - 1) & mask;
            if (((j - home) & mask) >= ((j - i) & mask)) {
                byName[i] = byName[j];
                i = j;
            }
        }
        byName[i] = 0;
        byNameCount--;
    }

    private static int mix(int key) {
        int h = key * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private static int mix(int parent, byte[] bytes, int from, int length) {
        int h = parent;
        for (int i = from; i < from + length; i++) {
            h = 31 * h + bytes[i];
        }
        return mix(h);
    }
}
