package org.inotifyjfr.agent.attribute;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.inotifyjfr.events.JavaFileOperationEvent;

/**
 * The hooks the advice calls ({@link BootBridge}): whether a File or Path lies in a watched tree
 * (a prefix comparison, no allocation for one that does not), and for one that does an
 * {@code inotify.JavaFileOperation} begun when the operation starts and committed, on the calling
 * thread with its stack trace, when it returns.
 */
public final class JavaOperations {
    private static final System.Logger LOG = System.getLogger("org.inotifyjfr");
    private static final AtomicLong IDS = new AtomicLong();
    /** How far down the stack JFR's own frames are looked for (the advised JDK methods and the agent's hook lie above them). */
    private static final int JDK_FRAMES_LOOKED_AT = 24;
    private static final jdk.jfr.EventType TYPE = jdk.jfr.EventType.getEventType(JavaFileOperationEvent.class);

    /** The watched roots, absolute, and, for relative paths, relative to the working directory. */
    private volatile String[] absolute = new String[0];
    private volatile String[] relative = new String[0];
    private final String workingDirectory = System.getProperty("user.dir", "/");
    private final RecentOperations recent = new RecentOperations();
    /** The operation this thread is in, if any: one the JDK makes of others (newByteChannel of newFileChannel) is one. */
    private final ThreadLocal<Operation> inOperation = new ThreadLocal<>();

    /** One operation under way: its event, begun when it started. */
    final class Operation {
        final JavaFileOperationEvent event = new JavaFileOperationEvent();
        final long started = System.nanoTime();

        void ended(Object outcome) {
            inOperation.remove();
            event.end();
            event.failed = outcome instanceof Throwable || Boolean.FALSE.equals(outcome);
            event.commit();
            recent.ended(event.path, event.operationId);
            recent.ended(event.oldPath, event.operationId);
        }
    }

    /** Set while the agent does its own file work on this thread. */
    private static final ThreadLocal<Boolean> AGENT_WORK = new ThreadLocal<>();

    /**
     * Runs the agent's own file work ({@code work}, on a thread that is not the agent's: the one
     * that attached, say): no operation of it is taken for the application's.
     */
    public static void asTheAgent(Runnable work) {
        AGENT_WORK.set(Boolean.TRUE);
        try {
            work.run();
        } finally {
            AGENT_WORK.remove();
        }
    }

    /** The operations the file events are matched to. */
    public RecentOperations recent() {
        return recent;
    }

    private JavaOperations() {
    }

    /**
     * Defines the bridge, installs the advice (retransforming the JDK's file classes already
     * loaded) and sets the hooks; null, with the reason in the log, if that could not be done:
     * the agent then watches and records as before, without saying which Java code did what.
     */
    public static JavaOperations install(Instrumentation instrumentation, List<String> roots) {
        JavaOperations operations = new JavaOperations();
        operations.roots(roots);
        try {
            Class<?> bridge = BootBridge.define(instrumentation);
            if (!Instrumenter.install(instrumentation, bridge)) {
                return null;
            }
            BootBridge.field(bridge, BootBridge.EXIT).set(null, new Exit());
            BootBridge.field(bridge, BootBridge.ENTER_MOVE).set(null, operations.new EnterMove());
            BootBridge.field(bridge, BootBridge.ENTER).set(null, operations.new Enter());
            return operations;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "inotify-jfr: cannot install the advice that says which Java code "
                    + "changed a file (" + e + "); file events are recorded without it; attribute=false skips trying");
            return null;
        }
    }

    /** The watched roots are these from now on. */
    public void roots(List<String> roots) {
        List<String> abs = new ArrayList<>();
        List<String> rel = new ArrayList<>();
        String cwd = workingDirectory.endsWith("/") ? workingDirectory : workingDirectory + "/";
        for (String root : roots) {
            abs.add(root);
            if ((root + "/").startsWith(cwd)) {
                rel.add(root.length() < cwd.length() ? "" : root.substring(cwd.length()));
            } else if (cwd.startsWith(root + "/")) {
                rel.add(""); // the working directory is inside the root: every relative path is
            }
        }
        absolute = abs.toArray(new String[0]);
        relative = rel.toArray(new String[0]);
    }

    /** Whether {@code path} (as the caller gave it) lies at or below a root. */
    private boolean watched(String path) {
        if (path.isEmpty()) {
            return false;
        }
        String[] roots = path.charAt(0) == '/' ? absolute : relative;
        for (String root : roots) {
            if (root.isEmpty() || path.startsWith(root)
                    && (path.length() == root.length() || path.charAt(root.length()) == '/')) {
                return !path.contains("..") || watched(normalized(path));
            }
        }
        return path.charAt(0) != '/' && path.startsWith("..") && watched(normalized(path));
    }

    private String normalized(String path) {
        String n = Path.of(workingDirectory).resolve(path).normalize().toString();
        return n.contains("..") ? "" : n;
    }

    private static String pathOf(Object target) {
        return target instanceof File ? ((File) target).getPath() : target instanceof Path ? target.toString() : null;
    }

    private static String absolutePath(Object target) {
        return target instanceof File ? ((File) target).getAbsoluteFile().toPath().normalize().toString()
                : ((Path) target).toAbsolutePath().normalize().toString();
    }

    /** What an operation does, by the name of the method (or the open options) that does it; null: not a change. */
    static String operation(Object what) {
        if (what instanceof Set) {
            Set<?> options = (Set<?>) what;
            if (options.contains(StandardOpenOption.CREATE_NEW)) {
                return "create";
            }
            return options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND)
                    || options.contains(StandardOpenOption.DELETE_ON_CLOSE) ? "open for write" : null;
        }
        switch (String.valueOf(what)) {
            case "delete":
            case "implDelete":
                return "delete";
            case "mkdir":
            case "createDirectory":
                return "mkdir";
            case "createNewFile":
            case "createTempFile":
                return "create";
            case "createSymbolicLink":
            case "createLink":
                return "link";
            case "copy":
                return "copy";
            case "open for write":
                return "open for write";
            case "setLastModified":
            case "setReadOnly":
            case "setWritable":
            case "setReadable":
            case "setExecutable":
            case "attributes":
                return "attributes";
            default:
                return null;
        }
    }

    /**
     * Whether the JDK's own machinery (JFR writing its repository and recordings) does this, not
     * the application. The stack is looked at only where JFR writes (a {@code .jfr} file, its
     * repository, a directory made): walking it costs microseconds an operation.
     */
    private static boolean byTheJdkItself(String operation, String path) {
        if (!path.endsWith(".jfr") && !operation.equals("mkdir") && !inRepository(path)) {
            return false;
        }
        return jfrInStack();
    }

    /** Whether {@code path} lies in JFR's repository ({@code jdk.jfr.repository}, set once JFR has made it). */
    private static boolean inRepository(String path) {
        String repository = System.getProperty("jdk.jfr.repository");
        return repository != null && path.startsWith(repository);
    }

    private static boolean jfrInStack() {
        // JFR's own file code calls the JDK's directly: its frames are near the top, and walking the
        // whole stack of a deep application cost several microseconds an operation
        return StackWalker.getInstance().walk(frames -> frames.limit(JDK_FRAMES_LOOKED_AT)
                .anyMatch(f -> f.getClassName().startsWith("jdk.jfr.")));
    }

    private Object begin(String operation, String path, String oldPath) {
        Operation outer = inOperation.get();
        // an outer one over a second old is a constructor that threw, whose end no advice saw
        if (outer != null && System.nanoTime() - outer.started < 1_000_000_000L
                || Thread.currentThread().getName().startsWith("inotify-jfr") || AGENT_WORK.get() != null
                || byTheJdkItself(operation, path)) {
            return null;
        }
        Operation op = new Operation();
        inOperation.set(op);
        op.event.begin();
        op.event.operation = operation;
        op.event.path = path;
        op.event.oldPath = oldPath;
        op.event.operationId = IDS.incrementAndGet();
        Thread thread = Thread.currentThread();
        boolean writer = operation.equals("open for write");
        recent.started(path, thread, op.event.operationId, RecentOperations.kinds(operation, false), writer);
        recent.started(oldPath, thread, op.event.operationId, RecentOperations.kinds(operation, true), false);
        return op;
    }

    /** (operation, File or Path) at the start of an operation. */
    private final class Enter implements BiFunction<Object, Object, Object> {
        @Override
        public Object apply(Object what, Object target) {
            if (!TYPE.isEnabled()) {
                return null;
            }
            String path = pathOf(target);
            if (path == null || !watched(path)) {
                return null;
            }
            String operation = operation(what);
            return operation == null ? null : begin(operation, absolutePath(target), null);
        }
    }

    /** (source, target) of a move. */
    private final class EnterMove implements BiFunction<Object, Object, Object> {
        @Override
        public Object apply(Object source, Object target) {
            if (!TYPE.isEnabled()) {
                return null;
            }
            String from = pathOf(source);
            String to = pathOf(target);
            if (from == null || to == null || !watched(from) && !watched(to)) {
                return null;
            }
            return begin("move", absolutePath(target), absolutePath(source));
        }
    }

    /** (token, outcome) when the operation returns or throws. */
    private static final class Exit implements BiFunction<Object, Object, Object> {
        @Override
        public Object apply(Object token, Object outcome) {
            if (token instanceof JavaOperations.Operation) {
                ((Operation) token).ended(outcome);
            }
            return null;
        }
    }
}
