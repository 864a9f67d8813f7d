package org.inotifyjfr.agent.attribute;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.isNative;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/**
 * Installs the advice on the JDK's file mutators, retransforming the classes already loaded (they
 * are, in any JVM that got this far), without changing their class format. A class that cannot be
 * retransformed is said in the log, never silently skipped.
 */
final class Instrumenter {
    private static final System.Logger LOG = System.getLogger("org.inotifyjfr");
    private static final String PROVIDER = "sun.nio.fs.UnixFileSystemProvider";

    private Instrumenter() {
    }

    /** True if the advice is in place. */
    static boolean install(Instrumentation instrumentation, Class<?> bridge) throws NoSuchFieldException {
        String previous = System.getProperty("net.bytebuddy.safe");
        System.setProperty("net.bytebuddy.safe", "true"); // no Unsafe (JDK 24+ warns of it); the application's own Byte Buddy keeps its setting
        try {
            return installSafely(instrumentation, bridge);
        } finally {
            if (previous == null) {
                System.clearProperty("net.bytebuddy.safe");
            } else {
                System.setProperty("net.bytebuddy.safe", previous);
            }
        }
    }

    private static boolean installSafely(Instrumentation instrumentation, Class<?> bridge) throws NoSuchFieldException {
        Advice.WithCustomMapping mapping = Advice.withCustomMapping()
                .bind(Advices.Enter.class, field(bridge, BootBridge.ENTER))
                .bind(Advices.EnterMove.class, field(bridge, BootBridge.ENTER_MOVE))
                .bind(Advices.Exit.class, field(bridge, BootBridge.EXIT));
        ElementMatcher.Junction<MethodDescription> concrete = not(isNative());
        AtomicInteger failures = new AtomicInteger();
        AgentBuilder builder = new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(new RetransformFailures(failures))
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(new Failures(failures))
                .ignore(not(namedOneOf("java.io.File", "java.io.FileOutputStream", "java.io.RandomAccessFile", PROVIDER,
                        "sun.nio.fs.UnixFileAttributeViews$Basic", "sun.nio.fs.UnixFileAttributeViews$Posix",
                        "sun.nio.fs.LinuxUserDefinedFileAttributeView", "sun.nio.fs.UnixUserDefinedFileAttributeView")))
                .type(named("java.io.File"))
                .transform(advice(mapping, Advices.FileMethod.class, concrete.and(not(isStatic())).and(
                        namedOneOf("delete", "mkdir", "createNewFile", "setLastModified", "setReadOnly")
                        .and(takesArguments(0).or(takesArguments(long.class)))
                        .or(namedOneOf("setWritable", "setReadable", "setExecutable").and(takesArguments(2))))))
                .transform(advice(mapping, Advices.Move.class, concrete.and(named("renameTo"))))
                .transform(exitOnly(mapping, Advices.TempFile.class, named("createTempFile").and(takesArguments(3))))
                .type(named("java.io.FileOutputStream"))
                .transform(constructor(mapping, Advices.OutputStream.class,
                        isConstructor().and(takesArguments(2)).and(takesArgument(0, java.io.File.class))))
                .type(named("java.io.RandomAccessFile"))
                .transform(constructor(mapping, Advices.RandomAccess.class,
                        isConstructor().and(takesArguments(2)).and(takesArgument(0, java.io.File.class))
                                .and(takesArgument(1, String.class))))
                .type(named(PROVIDER))
                .transform(advice(mapping, Advices.Channel.class, namedOneOf("newByteChannel", "newFileChannel")
                        .and(takesArguments(3))))
                .transform(advice(mapping, Advices.FirstArgument.class, concrete.and(namedOneOf("implDelete",
                        "createDirectory", "createSymbolicLink", "createLink"))))
                .transform(advice(mapping, Advices.ProviderMove.class, concrete.and(named("move")).and(takesArguments(3))))
                .transform(advice(mapping, Advices.SecondArgument.class, concrete.and(named("copy")).and(takesArguments(3))))
                .type(namedOneOf("sun.nio.fs.UnixFileAttributeViews$Basic", "sun.nio.fs.UnixFileAttributeViews$Posix"))
                .transform(advice(mapping, Advices.View.class, concrete.and(namedOneOf("setTimes", "setPermissions",
                        "setOwner", "setGroup"))))
                .type(namedOneOf("sun.nio.fs.LinuxUserDefinedFileAttributeView", "sun.nio.fs.UnixUserDefinedFileAttributeView"))
                .transform(advice(mapping, Advices.View.class, concrete.and(namedOneOf("write", "delete"))));
        builder.installOn(instrumentation);
        if (failures.get() > 0) {
            LOG.log(System.Logger.Level.WARNING, "inotify-jfr: " + failures.get() + " of the JDK's file classes could not"
                    + " take the advice (see the lines before): changes made through them are recorded without the Java"
                    + " code that made them");
        }
        return true;
    }

    private static net.bytebuddy.description.field.FieldDescription field(Class<?> bridge, String name)
            throws NoSuchFieldException {
        Field f = BootBridge.field(bridge, name);
        return new net.bytebuddy.description.field.FieldDescription.ForLoadedField(f);
    }

    private static AgentBuilder.Transformer advice(Advice.WithCustomMapping mapping, Class<?> enter,
            ElementMatcher<? super MethodDescription> methods) {
        return visit(mapping.to(enter, Advices.Ends.class).on(methods));
    }

    private static AgentBuilder.Transformer constructor(Advice.WithCustomMapping mapping, Class<?> enter,
            ElementMatcher<? super MethodDescription> constructors) {
        return visit(mapping.to(enter, Advices.ConstructorEnds.class).on(constructors));
    }

    private static AgentBuilder.Transformer exitOnly(Advice.WithCustomMapping mapping, Class<?> exit,
            ElementMatcher<? super MethodDescription> methods) {
        return visit(mapping.to(exit).on(methods));
    }

    private static AgentBuilder.Transformer visit(AsmVisitorWrapper wrapper) {
        return new AgentBuilder.Transformer() {
            @Override
            public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type,
                    ClassLoader loader, JavaModule module, ProtectionDomain domain) {
                return builder.visit(wrapper);
            }
        };
    }

    /** Says each class the advice could not go into. */
    private static final class Failures extends AgentBuilder.Listener.Adapter {
        private final AtomicInteger count;

        Failures(AtomicInteger count) {
            this.count = count;
        }

        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
            count.incrementAndGet();
            LOG.log(System.Logger.Level.WARNING, "inotify-jfr: could not put the advice into " + typeName + ": " + error);
        }
    }

    /** Says each batch of loaded classes the JVM would not retransform. */
    private static final class RetransformFailures extends AgentBuilder.RedefinitionStrategy.Listener.Adapter {
        private final AtomicInteger count;

        RetransformFailures(AtomicInteger count) {
            this.count = count;
        }

        @Override
        public Iterable<? extends List<Class<?>>> onError(int index, List<Class<?>> batch, Throwable error,
                List<Class<?>> types) {
            count.addAndGet(batch.size());
            LOG.log(System.Logger.Level.WARNING, "inotify-jfr: the JVM would not retransform " + batch + ": " + error);
            return List.of();
        }
    }
}
