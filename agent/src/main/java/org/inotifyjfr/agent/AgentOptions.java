package org.inotifyjfr.agent;

import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.PatternSyntaxException;
import org.inotifyjfr.agent.watch.Excludes;

/**
 * The agent's options: {@code key=value} pairs separated by commas, and optionally a properties
 * file with the same keys ({@code config=FILE}).
 *
 * <p>Every path Linux allows can be given. In the agent arguments a comma that belongs to a value
 * is written {@code \,}, and commas inside an {@code exclude} glob's braces ({@code {*.tmp,*.log}})
 * are the glob's. In a config file, {@code path} and {@code exclude} hold several values separated
 * by {@code :}, while {@code path.NAME} and {@code exclude.NAME} (any NAME) hold exactly one, taken
 * as written; relative paths there are resolved against the file's directory. Bytes that are not
 * UTF-8 are written {@code \xHH}, as the agent writes them in events ({@code FileNames}).
 */
public final class AgentOptions {
    static final List<String> KEYS = List.of("path", "recursive", "exclude", "batch", "config", "watch", "attribute",
            "fanotify");
    static final List<String> FILE_KEYS = List.of("path", "recursive", "exclude", "batch", "watch", "attribute",
            "fanotify");
    static final int READ_BUFFER_SIZE = 64 * 1024;
    /** The default of {@code batch}: see {@link #batchMillis()}. */
    static final int BATCH_MILLIS = 1;
    static final int MAX_BATCH_MILLIS = 100;

    private final List<String> paths = new ArrayList<>();
    private final List<String> excludeGlobs = new ArrayList<>();
    private boolean recursive = true;
    private int batchMillis = BATCH_MILLIS;
    private boolean whileRecorded;
    private boolean attribute = true;
    private boolean fanotify = true;
    private Excludes excludes;
    /** The config file given, if any. */
    private Path configFile;

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

    /**
     * {@code watch=recording}: hold no watch while no running recording enables a file event;
     * {@code watch=always} (the default): keep the trees watched, so a recording that starts has
     * no blind spot while they are walked.
     */
    public boolean watchOnlyWhileRecorded() {
        return whileRecorded;
    }

    /**
     * {@code attribute=true} (the default): Java code's file operations on watched paths are
     * recorded where they happen ({@code inotify.JavaFileOperation}); {@code false}: no advice is
     * installed at all.
     */
    public boolean attribute() {
        return attribute;
    }

    /**
     * {@code fanotify=true} (the default), a tuning key: a fanotify group beside inotify tells
     * which process caused each change, where the kernel allows it; {@code false}: none is made.
     */
    public boolean fanotify() {
        return fanotify;
    }

    /** Parses the {@code -javaagent:...=ARGS} string. */
    public static AgentOptions parse(String args) throws OptionsException {
        AgentOptions options = new AgentOptions();
        String text = args == null ? "" : args.trim();
        List<String> pairs = pairs(text);
        for (int i = 0; i < pairs.size(); i++) {
            String pair = pairs.get(i);
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw new OptionsException("agent argument '" + pair + "' is not key=value; valid keys: "
                        + String.join(", ", KEYS) + (i == 0 ? "" : "; if the comma before it belongs to the value "
                        + "before (a path holding a comma), write that comma as \\, (for example path=/srv/a\\,b), "
                        + "or give the path in a config file (config=FILE)"));
            }
            String key = pair.substring(0, eq).trim();
            String value = pair.substring(eq + 1).trim();
            if (key.equals("config")) {
                options.readConfig(value);
            } else if (KEYS.contains(key)) {
                options.set(key, value, "agent arguments", null);
            } else {
                throw new OptionsException("unknown option '" + key + "' in the agent arguments '" + text
                        + "'; valid options: " + String.join(", ", KEYS));
            }
        }
        if (options.paths.isEmpty()) {
            throw new OptionsException("no path to watch; add path=DIR to the agent arguments"
                    + (options.configFile == null ? "" : " or to config file " + options.configFile)
                    + ", for example -javaagent:inotify-jfr-agent.jar=path=/var/log/app");
        }
        try {
            options.excludes = new Excludes(options.excludeGlobs);
        } catch (PatternSyntaxException e) {
            throw new OptionsException("exclude=" + e.getPattern() + " is not a valid glob: " + e.getDescription());
        }
        return options;
    }

    /**
     * The agent arguments split at their commas, except a comma written {@code \,} (which stays,
     * as a comma) and commas inside the braces of an {@code exclude} glob.
     */
    static List<String> pairs(String text) {
        List<String> pairs = new ArrayList<>();
        StringBuilder pair = new StringBuilder();
        int braces = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == ',') {
                pair.append(',');
                i++;
                continue;
            }
            if (c == ',' && braces == 0) {
                pairs.add(pair.toString());
                pair.setLength(0);
                continue;
            }
            if (pair.toString().stripLeading().startsWith("exclude=")) {
                braces += c == '{' ? 1 : c == '}' && braces > 0 ? -1 : 0;
            }
            pair.append(c);
        }
        pairs.add(pair.toString());
        return pairs;
    }

    /** {@code base}: the directory relative paths are resolved against; null for the working directory. */
    private void set(String key, String value, String where, Path base) throws OptionsException {
        switch (key) {
            case "path":
                if (value.isEmpty()) {
                    throw new OptionsException("option path in the " + where + " has no value; name a directory, "
                            + "for example path=/var/log/app");
                }
                Path given = Path.of(value);
                String absolute = (base == null || given.isAbsolute() ? given.toAbsolutePath() : base.resolve(given))
                        .normalize().toString();
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
            case "watch":
                if (!value.equals("always") && !value.equals("recording")) {
                    throw new OptionsException("option watch=" + value + " in the " + where + " is not valid; use "
                            + "watch=always (keep the trees watched) or watch=recording (watch only while a "
                            + "recording enables a file event)");
                }
                whileRecorded = value.equals("recording");
                break;
            case "attribute":
                if (!value.equals("true") && !value.equals("false")) {
                    throw new OptionsException("option attribute=" + value + " in the " + where + " is not valid; use "
                            + "attribute=true (record which Java code changed a watched file) or attribute=false "
                            + "(install no advice)");
                }
                attribute = value.equals("true");
                break;
            case "fanotify":
                if (!value.equals("true") && !value.equals("false")) {
                    throw new OptionsException("option fanotify=" + value + " in the " + where + " is not valid; use "
                            + "fanotify=true (ask fanotify which process changed a watched file) or fanotify=false "
                            + "(do not)");
                }
                fanotify = value.equals("true");
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
        if (file.isEmpty()) {
            throw new OptionsException("option config has no value; name a properties file, for example "
                    + "config=/etc/inotify-jfr.properties");
        }
        Path path = Path.of(file).toAbsolutePath().normalize();
        configFile = path;
        if (Files.isDirectory(path)) {
            throw new OptionsException("config file " + path + " is a directory; name a properties file with "
                    + "config=FILE");
        }
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(utf8(path, Files.readAllBytes(path))));
        } catch (IOException | IllegalArgumentException e) {
            throw new OptionsException("cannot read config file " + path + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null || e.getMessage().equals(path.toString()) ? "" : ": " + e.getMessage())
                    + "); name a readable properties file with config=FILE");
        }
        String where = "config file " + path;
        Path base = path.getParent();
        for (String key : properties.stringPropertyNames()) {
            int dot = key.indexOf('.');
            String name = dot < 0 ? key : key.substring(0, dot);
            boolean one = dot > 0 && (name.equals("path") || name.equals("exclude"));
            if (!FILE_KEYS.contains(name) || dot >= 0 && !one) {
                throw new OptionsException("unknown key '" + key + "' in " + where + "; valid keys: "
                        + String.join(", ", FILE_KEYS) + ", and path.NAME or exclude.NAME for a single value "
                        + "that may hold ':'");
            }
            String value = properties.getProperty(key);
            if (one) {
                set(name, value, where, base);
                continue;
            }
            value = value.trim();
            if (key.equals("recursive") || key.equals("batch") || key.equals("watch") || key.equals("attribute")
                    || key.equals("fanotify")) {
                set(key, value, where, base);
                continue;
            }
            for (String item : value.split(File.pathSeparator)) {
                if (!item.isBlank()) {
                    set(key, item.trim(), where, base);
                }
            }
        }
    }

    /** The file's text; a byte sequence that is not UTF-8 is named by line and column, with the remedy. */
    private static String utf8(Path path, byte[] bytes) throws OptionsException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            int line = 1;
            for (int start = 0; start < bytes.length; start = lineEnd(bytes, start) + 1, line++) {
                int column = firstBad(decoder, bytes, start);
                if (column >= 0) {
                    throw new OptionsException("config file " + path + " is not UTF-8: line " + line + ", byte "
                            + (column + 1) + " (0x" + String.format("%02X", bytes[start + column] & 0xFF) + "); save it "
                            + "as UTF-8, and write a name's bytes that are not UTF-8 as \\\\xHH (the properties format doubles a backslash)");
                }
            }
            throw new OptionsException("config file " + path + " is not UTF-8; save it as UTF-8");
        }
    }

    private static int lineEnd(byte[] bytes, int start) {
        int end = start;
        while (end < bytes.length && bytes[end] != '\n') {
            end++;
        }
        return end;
    }

    /** The offset in the line at {@code start} of the first byte that does not decode, or -1 if none. */
    private static int firstBad(CharsetDecoder decoder, byte[] bytes, int start) {
        ByteBuffer in = ByteBuffer.wrap(bytes, start, lineEnd(bytes, start) - start);
        CharBuffer out = CharBuffer.allocate(in.remaining() + 1);
        return decoder.reset().decode(in, out, true).isError() ? in.position() - start : -1;
    }
}
