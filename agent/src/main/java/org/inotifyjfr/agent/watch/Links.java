package org.inotifyjfr.agent.watch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Symbolic links on the way to configured roots ({@code /srv/app/current -> releases/r1}), by the
 * watch of the directory holding each link: a deploy that switches the link (a rename onto it,
 * or a delete and a create) shows there as an event naming the link, and the roots through it
 * are then looked up again. Not thread safe: used under the reader's lock.
 */
final class Links {
    /** One link: its name in the anchor directory, and a root whose path goes through it. */
    private static final class Link {
        final String name;
        final String root;

        Link(String name, String root) {
            this.name = name;
            this.root = root;
        }
    }

    private final Map<Integer, List<Link>> byAnchor = new HashMap<>();
    /** What each root led to when it was last watched, for the message when it changes. */
    private final Map<String, String> targets = new HashMap<>();

    boolean isEmpty() {
        return byAnchor.isEmpty();
    }

    /** Whether links on the way to roots are in directory {@code anchor}. */
    boolean in(int anchor) {
        return !byAnchor.isEmpty() && byAnchor.containsKey(anchor);
    }

    void add(int anchor, String name, String root) {
        List<Link> links = byAnchor.computeIfAbsent(anchor, k -> new ArrayList<>());
        for (Link l : links) {
            if (l.name.equals(name) && l.root.equals(root)) {
                return;
            }
        }
        links.add(new Link(name, root));
    }

    /** The roots whose path goes through link {@code name} of {@code anchor}. */
    List<String> rootsThrough(int anchor, String name) {
        List<String> roots = new ArrayList<>();
        for (Link l : byAnchor.getOrDefault(anchor, List.of())) {
            if (l.name.equals(name)) {
                roots.add(l.root);
            }
        }
        return roots;
    }

    /** {@code anchor} is no longer watched: the roots whose links it held, to be looked up again. */
    List<String> remove(int anchor) {
        List<Link> links = byAnchor.remove(anchor);
        List<String> roots = new ArrayList<>();
        if (links != null) {
            links.forEach(l -> roots.add(l.root));
        }
        return roots;
    }

    /** Notes what {@code root} leads to now; returns what it led to before, or null. */
    String target(String root, String target) {
        return targets.put(root, target);
    }
}
