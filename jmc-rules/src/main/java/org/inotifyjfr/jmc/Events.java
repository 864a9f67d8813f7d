package org.inotifyjfr.jmc;

import java.util.function.BiConsumer;
import org.openjdk.jmc.common.item.Attribute;
import org.openjdk.jmc.common.item.IAttribute;
import org.openjdk.jmc.common.item.IItem;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.item.IItemIterable;
import org.openjdk.jmc.common.item.IMemberAccessor;
import org.openjdk.jmc.common.item.ItemFilters;
import org.openjdk.jmc.common.unit.IQuantity;
import org.openjdk.jmc.common.unit.UnitLookup;

/** Reading inotify-jfr's events from JMC's item collections by event name and field name. */
final class Events {
    static final String PREFIX = "inotify.";
    static final String[] FILE_EVENTS = {"FileCreate", "FileDelete", "FileModify", "FileAttrib", "FileCloseWrite",
            "FileCloseNoWrite", "FileOpen", "FileAccess", "FileMove", "Unmount"};
    private static final IAttribute<IQuantity> START = Attribute.attr("startTime", "Start Time", UnitLookup.TIMESTAMP);

    private Events() {
    }

    static IItemCollection of(IItemCollection items, String... names) {
        String[] types = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            types[i] = PREFIX + names[i];
        }
        return items.apply(ItemFilters.type(types));
    }

    static long count(IItemCollection items) {
        long n = 0;
        for (IItemIterable it : items) {
            n += it.getItemCount();
        }
        return n;
    }

    /** Calls {@code sink} with each item's start (epoch ns, 0 if unknown) and its string field {@code field} (null if absent). */
    static void strings(IItemCollection items, String field, BiConsumer<Long, String> sink) {
        IAttribute<String> attribute = Attribute.attr(field, field, UnitLookup.PLAIN_TEXT);
        for (IItemIterable it : items) {
            IMemberAccessor<String, IItem> value = attribute.getAccessor(it.getType());
            IMemberAccessor<IQuantity, IItem> start = START.getAccessor(it.getType());
            for (IItem item : it) {
                IQuantity t = start == null ? null : start.getMember(item);
                sink.accept(t == null ? 0L : t.clampedLongValueIn(UnitLookup.EPOCH_NS), value == null ? null : value.getMember(item));
            }
        }
    }

    /** Calls {@code sink} with each item's string fields {@code fields}, in that order (null where absent). */
    static void rows(IItemCollection items, java.util.function.Consumer<String[]> sink, String... fields) {
        for (IItemIterable it : items) {
            java.util.List<IMemberAccessor<String, IItem>> accessors = new java.util.ArrayList<>();
            for (String f : fields) {
                accessors.add(Attribute.attr(f, f, UnitLookup.PLAIN_TEXT).getAccessor(it.getType()));
            }
            for (IItem item : it) {
                String[] row = new String[fields.length];
                for (int i = 0; i < row.length; i++) {
                    row[i] = accessors.get(i) == null ? null : accessors.get(i).getMember(item);
                }
                sink.accept(row);
            }
        }
    }

    /** Whether the items of this collection have a field of that name (the recording's agent knew it). */
    static boolean hasField(IItemCollection items, String field) {
        IAttribute<String> attribute = Attribute.attr(field, field, UnitLookup.PLAIN_TEXT);
        for (IItemIterable it : items) {
            if (attribute.getAccessor(it.getType()) != null) {
                return true;
            }
        }
        return false;
    }

    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }
}
