package org.inotifyjfr.agent;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.PatternSyntaxException;
import org.inotifyjfr.agent.watch.Excludes;

/**
 * The agent's options: {@code key=value} pairs separated by commas, and optionally a properties
 * file with the same keys ({@code config=FILE}), where several paths or globs are separated by
 * the platform's path separator.
 */
public final class AgentOptions {
    static final List<String> KEYS = List.of("path", "recursive", "exclude", "batch", "config");
    static final List<String> FILE_KEYS = List.of("path", "recursive", "exclude", "batch");
    static final int READ_BUFFER_SIZE = 64 * 1024;
    /** The default of {@code batch}: see {@link #batchMillis()}. */
    static final int BATCH_MILLIS = 1;
    static final int MAX_BATCH_MILLIS = 100;

    private final List<String> paths = new ArrayList<>();
    private final List<String> excludeGlobs = new ArrayList<>();
    private boolean recursive = true;
    private int batchMillis = BATCH_MILLIS;
    private Excludes excludes;

    private AgentOptions() {
    }

    public List<String> paths() {
        return paths;
    }

    public boolean recursive() {
        return recursive;
    }

    public Excludes excludes() {
        return excludes;
    }

    public int readBufferSize() {
        return READ_BUFFER_SIZE;
    }

    /**
     * How long the reader lets events gather once the queue has some, before it reads: one read
     * then takes many events, which costs the agent a fraction of the CPU of a read per event or
     * two; events are recorded at most this much later. 0 reads as soon as anything is queued.
     */
    public int batchMillis() {
        return batchMillis;
    }

    /** Parses the {@code -javaagent:...=ARGS} string. */
    public static AgentOptions parse(String args) throws OptionsException {
        AgentOptions options = new AgentOptions();
        String text = args == null ? "" : args.trim();
        for (String pair : text.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw new OptionsException("agent argument '" + pair + "' is not key=value; valid keys: "
                        + String.join(", ", KEYS));
            }
            String key = pair.substring(0, eq).trim();
            String value = pair.substring(eq + 1).trim();
            if (key.equals("config")) {
                options.readConfig(value);
            } else if (KEYS.contains(key)) {
                options.set(key, value, "agent arguments");
            } else {
                throw new OptionsException("unknown option '" + key + "' in the agent arguments '" + text
                        + "'; valid options: " + String.join(", ", KEYS));
            }
        }
        if (options.paths.isEmpty()) {
            throw new OptionsException("no path to watch; add path=DIR to the agent arguments, for example "
                    + "-javaagent:inotify-jfr-agent.jar=path=/var/log/app");
        }
        try {
            options.excludes = new Excludes(options.excludeGlobs);
        } catch (PatternSyntaxException e) {
            throw new OptionsException("exclude=" + e.getPattern() + " is not a valid glob: " + e.getDescription());
        }
        return options;
    }

    private void set(String key, String value, String where) throws OptionsException {
        switch (key) {
            case "path":
                if (value.isEmpty()) {
                    throw new OptionsException("option path in the " + where + " has no value; name a directory, "
                            + "for example path=/var/log/app");
                }
                String absolute = Path.of(value).toAbsolutePath().normalize().toString();
                if (!paths.contains(absolute)) {
                    paths.add(absolute);
                }
                break;
            case "recursive":
                if (!value.equals("true") && !value.equals("false")) {
                    throw new OptionsException("option recursive=" + value + " in the " + where
                            + " is not valid; use recursive=true or recursive=false");
                }
                recursive = Boolean.parseBoolean(value);
                break;
            case "batch":
                int millis;
                try {
                    millis = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    millis = -1;
                }
                if (millis < 0 || millis > MAX_BATCH_MILLIS) {
                    throw new OptionsException("option batch=" + value + " in the " + where + " is not valid; give "
                            + "the milliseconds to let events gather before a read, 0 to " + MAX_BATCH_MILLIS
                            + " (default " + BATCH_MILLIS + "; 0 reads as soon as any event is queued)");
                }
                batchMillis = millis;
                break;
            case "exclude":
                if (value.isEmpty()) {
                    throw new OptionsException("option exclude in the " + where + " has no value; give a glob, "
                            + "for example exclude=*.tmp");
                }
                excludeGlobs.add(value);
                break;
            default:
                throw new IllegalArgumentException(key);
        }
    }

    private void readConfig(String file) throws OptionsException {
        Path path = Path.of(file).toAbsolutePath();
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(path)) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new OptionsException("cannot read config file " + path + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null || e.getMessage().equals(path.toString()) ? "" : ": " + e.getMessage())
                    + "); name a readable properties file with config=FILE");
        }
        String where = "config file " + path;
        for (String key : properties.stringPropertyNames()) {
            if (!FILE_KEYS.contains(key)) {
                throw new OptionsException("unknown key '" + key + "' in " + where + "; valid keys: "
                        + String.join(", ", FILE_KEYS));
            }
            String value = properties.getProperty(key).trim();
            if (key.equals("recursive") || key.equals("batch")) {
                set(key, value, where);
                continue;
            }
            for (String item : value.split(File.pathSeparator)) {
                if (!item.isBlank()) {
                    set(key, item.trim(), where);
                }
            }
        }
    }
}
