package org.inotifyjfr.it;

import static net.bytebuddy.matcher.ElementMatchers.named;

import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/**
 * A child JVM's main that is an application with its own Byte Buddy and its own agent: it
 * installs itself with ByteBuddyAgent, instruments a class of its own with advice, says which Byte
 * Buddy it has, and writes {@code DIR/by-app.txt} for the inotify-jfr agent to attribute.
 */
public final class ByteBuddyUser {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        InotifyWatches.awaitAgentStarted();
        Instrumentation instrumentation = ByteBuddyAgent.install();
        new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .type(named(Greeting.class.getName()))
                .transform((builder, type, loader, module, domain) ->
                        builder.visit(Advice.to(Shout.class).on(named("text"))))
                .installOn(instrumentation);
        System.out.println("application Byte Buddy from " + ByteBuddy.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        System.out.println("greeting: " + Greeting.text());
        Files.writeString(dir.resolve("by-app.txt"), "x");
        System.out.println("application finished normally");
    }

    /** Instrumented by the application's own agent. */
    public static final class Greeting {
        public static String text() {
            return "hello";
        }
    }

    /** The application's advice: its return value in capitals. */
    public static final class Shout {
        @Advice.OnMethodExit
        static void exit(@Advice.Return(readOnly = false) String text) {
            text = text.toUpperCase(java.util.Locale.ROOT);
        }
    }
}
