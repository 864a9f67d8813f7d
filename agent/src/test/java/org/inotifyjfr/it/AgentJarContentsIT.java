package org.inotifyjfr.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The agent jar carries what runs on Linux with Java 17 or later, and nothing for other systems. */
class AgentJarContentsIT {
    private static final Pattern JNA_NATIVE = Pattern.compile("isolated/com/sun/jna/([^/]+)/[^/]*jnidispatch[^/]*");

    @Test
    void jnaNativesAreTheLinuxOnesForEveryArchitecture() throws IOException {
        TreeSet<String> platforms = new TreeSet<>();
        try (JarFile jar = new JarFile(ChildJvm.AGENT_JAR.toFile())) {
            jar.stream().forEach(entry -> {
                Matcher native_ = JNA_NATIVE.matcher(entry.getName());
                if (native_.matches()) {
                    platforms.add(native_.group(1));
                }
            });
        }
        assertTrue(platforms.contains("linux-x86-64") && platforms.contains("linux-aarch64"), platforms::toString);
        assertTrue(platforms.size() >= 8, "every Linux architecture JNA ships: " + platforms);
        assertTrue(platforms.stream().allMatch(platform -> platform.startsWith("linux-")), platforms::toString);
    }

    @Test
    void nothingForOtherSystemsOrForJavaBeforeNine() throws IOException {
        List<String> unwanted = new ArrayList<>();
        try (JarFile jar = new JarFile(ChildJvm.AGENT_JAR.toFile())) {
            for (JarEntry entry : (Iterable<JarEntry>) jar.stream()::iterator) {
                String name = entry.getName();
                if (name.endsWith(".dll") || name.endsWith(".jnilib") || name.endsWith(".dylib") || name.endsWith(".a")
                        || (name.startsWith("isolated/META-INF/versions/9/") && !entry.isDirectory())) {
                    unwanted.add(name);
                }
            }
            assertEquals(List.of(), unwanted);
            // Byte Buddy's attach classes are its Java 8 build (class file 52), not the Java 5 base copies.
            assertEquals(52, classFileMajor(jar, "isolated/net/bytebuddy/agent/ByteBuddyAgent.class"));
        }
    }

    @Test
    void theTemplateInTheJarIsTheRepositorysAndWhatJfcWritesOnJdk17() throws Exception {
        Path repoTemplate = Path.of(System.getProperty("repo.dir"), "inotify.jfc");
        String inJar;
        try (JarFile jar = new JarFile(ChildJvm.AGENT_JAR.toFile())) {
            JarEntry entry = jar.getJarEntry("inotify.jfc");
            assertTrue(entry != null, "inotify.jfc is at the jar's root");
            try (InputStream in = jar.getInputStream(entry)) {
                inJar = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        assertEquals(Files.readString(repoTemplate), inJar);
        java.util.Optional<Jdk> found = Jdk.all().filter(j -> j.feature == 17).findFirst();
        org.junit.jupiter.api.Assumptions.assumeTrue(found.isPresent(), "-Dit.jdks names no JDK 17");
        Jdk jdk17 = found.get();
        Process jfc = new ProcessBuilder(jdk17.java().toString(), "-jar", ChildJvm.AGENT_JAR.toString(), "jfc")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String written = new String(jfc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, jfc.waitFor());
        assertEquals(written, inJar, "inotify.jfc is what `jfc` writes on JDK 17 today: write it again with "
                + "java -jar agent/target/inotify-jfr-agent.jar jfc > inotify.jfc");
    }

    private static int classFileMajor(JarFile jar, String name) throws IOException {
        JarEntry entry = jar.getJarEntry(name);
        assertTrue(entry != null, name + " is in the jar");
        try (InputStream in = jar.getInputStream(entry); DataInputStream data = new DataInputStream(in)) {
            data.readInt();
            data.readUnsignedShort();
            return data.readUnsignedShort();
        }
    }
}
