package org.inotifyjfr.agent.boot;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * premain, agentmain and main of the agent jar. premain returns at once: the agent starts on a
 * thread of its own, because loading JFR and JNA and walking directory trees takes far longer
 * than an application should wait for its main method. That thread is not a daemon: it only
 * reads the options (and then hands over to a daemon thread), so a JVM that exits at once still
 * prints what was wrong with them.
 */
public final class AgentBoot {
    /** Where the jar keeps what only the isolated class loader loads. */
    static final String ISOLATED = "isolated/";

    private AgentBoot() {
    }

    public static void premain(String args, Instrumentation instrumentation) {
        startInBackground(args, System.nanoTime(), instrumentation);
    }

    public static void agentmain(String args, Instrumentation instrumentation) {
        startInBackground(args, System.nanoTime(), instrumentation);
    }

    /** {@code java -jar inotify-jfr-agent.jar}: the attach command line. */
    public static void main(String[] args) throws Exception {
        invoke("org.inotifyjfr.agent.attach.AttachCli", "main", new Class<?>[] {String.class, String[].class},
                agentJar().getAbsolutePath(), args);
    }

    /**
     * {@code entered}: System.nanoTime() when premain was called; the agent logs how long premain
     * took and how long after it the first watch was live, from {@code timing} = {entered, returned}.
     */
    private static void startInBackground(String args, long entered, Instrumentation instrumentation) {
        AtomicLongArray timing = new AtomicLongArray(new long[] {entered, 0});
        Starter starter;
        synchronized (AgentBoot.class) {
            starter = new Starter(args, timing, lastStarter, instrumentation);
            lastStarter = starter;
        }
        starter.start();
        timing.set(1, System.nanoTime());
    }

    /**
     * The thread that loads the agent. A class, not a lambda: the JVM's first lambda bootstraps
     * java.lang.invoke, which took premain from under 1 ms to 3-5 ms.
     */
    private static final class Starter extends Thread {
        private final String args;
        private final AtomicLongArray timing;
        private final Instrumentation instrumentation;

        /** The load before this one, if any: loads are handled in the order the JVM made them. */
        private final Thread previous;

        Starter(String args, AtomicLongArray timing, Thread previous, Instrumentation instrumentation) {
            super("inotify-jfr start");
            this.instrumentation = instrumentation;
            this.args = args;
            this.timing = timing;
            this.previous = previous;
        }

        @Override
        public void run() {
            try {
                if (previous != null) {
                    previous.join();
                }
                invoke("org.inotifyjfr.agent.Agent", "start",
                        new Class<?>[] {String.class, AtomicLongArray.class, Instrumentation.class}, args, timing,
                        instrumentation);
            } catch (Throwable e) {
                System.getLogger("org.inotifyjfr").log(System.Logger.Level.ERROR,
                        "inotify-jfr: could not load the agent from its jar: " + e
                                + ". inotify-jfr is off; the application runs without it.");
            }
        }
    }

    /**
     * The one loader of the agent's classes in this JVM. Each load of the jar (a second
     * {@code -javaagent}, an attach) goes through it, so the agent sees that it runs already and
     * JFR sees each event class once.
     */
    private static IsolatedLoader loader;
    /** The thread of the latest load, which the next one waits for. */
    private static Thread lastStarter;

    private static synchronized IsolatedLoader loader() throws IOException, URISyntaxException {
        if (loader == null) {
            loader = new IsolatedLoader(agentJar());
        }
        return loader;
    }

    private static void invoke(String className, String method, Class<?>[] types, Object... args) throws Exception {
        ClassLoader loader = loader();
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(loader);
        try {
            Class.forName(className, true, loader).getMethod(method, types).invoke(null, args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        } finally {
            current.setContextClassLoader(previous);
        }
    }

    private static File agentJar() throws URISyntaxException {
        return new File(AgentBoot.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /**
     * Loads classes and resources from the agent jar's {@code isolated/} folder. Its parent is the
     * platform loader: it sees the JDK (JFR included) and nothing of the application.
     */
    static final class IsolatedLoader extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        private final JarFile jar;
        private final String jarUrl;
        private final ProtectionDomain domain;

        IsolatedLoader(File jarFile) throws IOException {
            super("inotify-jfr", ClassLoader.getPlatformClassLoader());
            this.jar = new JarFile(jarFile, false);
            URL url = jarFile.toURI().toURL();
            this.jarUrl = "jar:" + url + "!/";
            this.domain = new ProtectionDomain(new CodeSource(url, (Certificate[]) null), null, this, null);
        }

        /**
         * The entry for {@code name}, honouring multi-release jars (Byte Buddy is one): the
         * newest {@code META-INF/versions/N/} copy with N up to this JVM's version, else the base.
         */
        private JarEntry entry(String name) {
            for (int version = Runtime.version().feature(); version >= 9; version--) {
                JarEntry entry = jar.getJarEntry(ISOLATED + "META-INF/versions/" + version + "/" + name);
                if (entry != null) {
                    return entry;
                }
            }
            return jar.getJarEntry(ISOLATED + name);
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            JarEntry entry = entry(name.replace('.', '/') + ".class");
            if (entry == null) {
                throw new ClassNotFoundException(name);
            }
            byte[] bytes;
            try (InputStream in = jar.getInputStream(entry)) {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
            int dot = name.lastIndexOf('.');
            if (dot > 0) {
                String pkg = name.substring(0, dot);
                if (getDefinedPackage(pkg) == null) {
                    try {
                        definePackage(pkg, null, null, null, null, null, null, null);
                    } catch (IllegalArgumentException raced) {
                        // another thread defined it first
                    }
                }
            }
            return defineClass(name, bytes, 0, bytes.length, domain);
        }

        @Override
        protected URL findResource(String name) {
            JarEntry entry = entry(name);
            if (entry == null) {
                return null;
            }
            try {
                return new URL(jarUrl + entry.getName());
            } catch (MalformedURLException e) {
                return null;
            }
        }

        @Override
        protected Enumeration<URL> findResources(String name) {
            URL url = findResource(name);
            return url == null ? Collections.emptyEnumeration() : Collections.enumeration(Collections.singleton(url));
        }
    }
}
