package org.inotifyjfr.agent.attribute;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.description.modifier.FieldManifestation;
import net.bytebuddy.description.modifier.Ownership;
import net.bytebuddy.description.modifier.TypeManifestation;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.dynamic.scaffold.subclass.ConstructorStrategy;

/**
 * {@code java.io.InotifyJfrBridge}: three static fields the advice inlined into the JDK reads, each
 * a {@link BiFunction} the agent sets. Code in {@code java.base} sees only the boot loader's
 * classes, so the bridge is defined there, into {@code java.io} through a private lookup once
 * {@code java.io} is opened to the agent: no boot class path entry (which makes the JVM warn
 * about CDS) and no {@code Unsafe}.
 */
final class BootBridge {
    static final String NAME = "java.io.InotifyJfrBridge";
    /** (operation, target File or Path) to a token, or null when the path is not watched. */
    static final String ENTER = "enter";
    /** (source, target) of a move to a token, or null. */
    static final String ENTER_MOVE = "enterMove";
    /** (token, outcome: the Throwable thrown, the value returned or null) when the operation returns. */
    static final String EXIT = "exit";

    private BootBridge() {
    }

    /** The bridge class, defined now unless an earlier load of the agent did. */
    static Class<?> define(Instrumentation instrumentation) throws ReflectiveOperationException {
        try {
            return Class.forName(NAME, false, null);
        } catch (ClassNotFoundException notYet) {
            // defined below
        }
        byte[] bytes = new ByteBuddy(ClassFileVersion.JAVA_V8)
                .subclass(Object.class, ConstructorStrategy.Default.NO_CONSTRUCTORS)
                .name(NAME)
                .modifiers(Visibility.PUBLIC, TypeManifestation.FINAL)
                .defineField(ENTER, BiFunction.class, Visibility.PUBLIC, Ownership.STATIC, FieldManifestation.VOLATILE)
                .defineField(ENTER_MOVE, BiFunction.class, Visibility.PUBLIC, Ownership.STATIC, FieldManifestation.VOLATILE)
                .defineField(EXIT, BiFunction.class, Visibility.PUBLIC, Ownership.STATIC, FieldManifestation.VOLATILE)
                .make().getBytes();
        Module javaBase = Object.class.getModule();
        instrumentation.redefineModule(javaBase, Set.of(), Map.of(), Map.of("java.io", Set.of(BootBridge.class.getModule())),
                Set.of(), Map.of());
        return MethodHandles.privateLookupIn(File.class, MethodHandles.lookup()).defineClass(bytes);
    }

    static Field field(Class<?> bridge, String name) throws NoSuchFieldException {
        return bridge.getField(name);
    }
}
