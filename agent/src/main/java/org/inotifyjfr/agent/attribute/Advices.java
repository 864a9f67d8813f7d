package org.inotifyjfr.agent.attribute;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.function.BiFunction;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * The advice inlined into the JDK's file mutators. Each reads the bridge's hooks (bound to
 * {@code java.io.InotifyJfrBridge}'s fields, see {@link BootBridge}) and calls them: the hook does
 * the check of the path against the watched trees, so a file outside them costs a field read, a
 * call the JIT inlines and a prefix comparison. Inlined code may name only classes of the boot
 * loader: nothing here calls the agent's classes directly.
 */
final class Advices {
    private Advices() {
    }

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    @interface Enter {
    }

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    @interface EnterMove {
    }

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    @interface Exit {
    }

    /** Ends the operation a token stands for, with what the method threw or returned. */
    static final class Ends {
        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.Enter Object token, @Advice.Thrown Throwable thrown,
                @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned, @Exit BiFunction<Object, Object, Object> exit) {
            if (token != null && exit != null) {
                exit.apply(token, thrown != null ? thrown : returned);
            }
        }
    }

    /**
     * Ends an operation done by a constructor, when it returns: a constructor's exception cannot be
     * caught around it, so one that throws (the file could not be opened) records nothing.
     */
    static final class ConstructorEnds {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.Enter Object token, @Exit BiFunction<Object, Object, Object> exit) {
            if (token != null && exit != null) {
                exit.apply(token, null);
            }
        }
    }

    /** An instance method of {@code java.io.File} that changes the file it names: the method's name is the operation. */
    static final class FileMethod {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.This Object file, @Advice.Origin("#m") String method,
                @Enter BiFunction<Object, Object, Object> enter) {
            return enter == null ? null : enter.apply(method, file);
        }
    }

    /** {@code File.renameTo(File)}. */
    static final class Move {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.This Object self, @Advice.Argument(0) Object target,
                @EnterMove BiFunction<Object, Object, Object> enter) {
            return enter == null ? null : enter.apply(self, target);
        }
    }

    /** The providers' {@code move(Path source, Path target, ...)}. */
    static final class ProviderMove {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.Argument(0) Object source, @Advice.Argument(1) Object target,
                @EnterMove BiFunction<Object, Object, Object> enter) {
            return enter == null ? null : enter.apply(source, target);
        }
    }

    /** A method whose first argument is the File or Path it changes; the method's name is the operation. */
    static final class FirstArgument {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.Argument(0) Object target, @Advice.Origin("#m") String method,
                @Enter BiFunction<Object, Object, Object> enter) {
            return enter == null ? null : enter.apply(method, target);
        }
    }

    /** {@code copy(Path source, Path target, ...)}: the target is what changes. */
    static final class SecondArgument {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.Argument(1) Object target, @Advice.Origin("#m") String method,
                @Enter BiFunction<Object, Object, Object> enter) {
            return enter == null ? null : enter.apply(method, target);
        }
    }

    /** {@code FileOutputStream(File, boolean)}: a file opened for writing. */
    static final class OutputStream {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.Argument(0) Object file, @Enter BiFunction<Object, Object, Object> enter) {
            return enter == null || file == null ? null : enter.apply("open for write", file);
        }
    }

    /** {@code RandomAccessFile(File, String mode)}: opened for writing when the mode has a 'w'. */
    static final class RandomAccess {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.Argument(0) Object file, @Advice.Argument(1) String mode,
                @Enter BiFunction<Object, Object, Object> enter) {
            return enter == null || file == null || mode == null || mode.indexOf('w') < 0 ? null
                    : enter.apply("open for write", file);
        }
    }

    /** {@code newByteChannel} and {@code newFileChannel(Path, Set options, ...)}: the options say whether it writes. */
    static final class Channel {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.Argument(0) Object path, @Advice.Argument(1) Object options,
                @Enter BiFunction<Object, Object, Object> enter) {
            return enter == null ? null : enter.apply(options, path);
        }
    }

    /** An attribute view's setter: the view's {@code file} field is the path it changes. */
    static final class View {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.FieldValue("file") Object file, @Enter BiFunction<Object, Object, Object> enter) {
            return enter == null ? null : enter.apply("attributes", file);
        }
    }

    /** {@code File.createTempFile}: the file exists once it returns. */
    static final class TempFile {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.Return Object file, @Enter BiFunction<Object, Object, Object> enter,
                @Exit BiFunction<Object, Object, Object> exit) {
            if (file != null && enter != null && exit != null) {
                Object token = enter.apply("createTempFile", file);
                if (token != null) {
                    exit.apply(token, file);
                }
            }
        }
    }
}
