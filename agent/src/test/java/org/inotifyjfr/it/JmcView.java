package org.inotifyjfr.it;

import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmc.common.IDescribable;
import org.openjdk.jmc.common.item.IAccessorKey;
import org.openjdk.jmc.common.item.IItem;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.item.IItemIterable;
import org.openjdk.jmc.common.item.IMemberAccessor;
import org.openjdk.jmc.common.item.IType;
import org.openjdk.jmc.flightrecorder.JfrLoaderToolkit;

/** A recording as JDK Mission Control's own parser sees it: types with labels, items with attribute values. */
final class JmcView {
    /** One JMC event type: its label, its attributes' labels by identifier, and its items' values. */
    static final class Type {
        String label;
        String description;
        final Map<String, String> attributeLabels = new HashMap<>();
        final List<Map<String, Object>> items = new ArrayList<>();
    }

    final Map<String, Type> types = new HashMap<>();

    static JmcView load(File jfr) throws Exception {
        IItemCollection collection = JfrLoaderToolkit.loadEvents(jfr);
        JmcView view = new JmcView();
        for (IItemIterable iterable : collection) {
            IType<IItem> type = iterable.getType();
            Type t = view.types.computeIfAbsent(type.getIdentifier(), id -> new Type());
            t.label = type.getName();
            t.description = type.getDescription();
            Map<IAccessorKey<?>, ? extends IDescribable> keys = type.getAccessorKeys();
            for (Map.Entry<IAccessorKey<?>, ? extends IDescribable> key : keys.entrySet()) {
                t.attributeLabels.put(key.getKey().getIdentifier(), key.getValue().getName());
            }
            for (IItem item : iterable) {
                Map<String, Object> values = new HashMap<>();
                for (IAccessorKey<?> key : keys.keySet()) {
                    IMemberAccessor<?, IItem> accessor = type.getAccessor(key);
                    values.put(key.getIdentifier(), accessor == null ? null : accessor.getMember(item));
                }
                t.items.add(values);
            }
        }
        return view;
    }
}
