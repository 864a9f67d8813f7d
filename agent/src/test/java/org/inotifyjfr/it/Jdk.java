package org.inotifyjfr.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A JDK the agent is tested on: the one running the tests and every other JDK 17+ found under
 * /usr/lib/jvm (one per feature version), or exactly those named in {@code -Dit.jdks=HOME,HOME}.
 */
public final class Jdk {
    private static final Pattern VERSION = Pattern.compile("JAVA_VERSION=\"(\\d+)");

    final Path home;
    final int feature;

    private Jdk(Path home, int feature) {
        this.home = home;
        this.feature = feature;
    }

    Path java() {
        return home.resolve("bin/java");
    }

    /** JVM options a user of this JDK adds, as README.md says: JDK 24+ warns on JNA's native access. */
    List<String> nativeAccess() {
        return feature >= 24 ? List.of("--enable-native-access=ALL-UNNAMED") : List.of();
    }

    @Override
    public String toString() {
        return "JDK " + feature;
    }

    public static Stream<Jdk> all() {
        return ALL.stream();
    }

    private static final List<Jdk> ALL = discover();

    private static List<Jdk> discover() {
        Map<Integer, Jdk> byFeature = new TreeMap<>();
        String named = System.getProperty("it.jdks", "");
        List<Path> homes = new ArrayList<>();
        if (!named.isBlank()) {
            for (String home : named.split(",")) {
                homes.add(Path.of(home.trim()));
            }
        } else {
            homes.add(Path.of(System.getProperty("java.home")));
            try (Stream<Path> dirs = Files.list(Path.of("/usr/lib/jvm"))) {
                dirs.filter(d -> !Files.isSymbolicLink(d)).sorted().forEach(homes::add);
            } catch (IOException e) {
                // no /usr/lib/jvm: the running JDK only
            }
        }
        for (Path home : homes) {
            int feature = feature(home);
            if (feature >= 17 && Files.isExecutable(home.resolve("bin/java"))) {
                byFeature.putIfAbsent(feature, new Jdk(home, feature));
            }
        }
        if (byFeature.isEmpty()) {
            throw new IllegalStateException("no JDK 17+ found among " + homes);
        }
        return List.copyOf(byFeature.values());
    }

    private static int feature(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return -1;
        }
        try {
            Matcher m = VERSION.matcher(Files.readString(release));
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
