package org.inotifyjfr.agent.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The leaf test of a walk, on real directories: it may say "none" only when that is sure. */
class SubdirectoriesTest {
    /** File systems whose link counts Subdirectories trusts, as the JDK names them. */
    private static final Set<String> TRUSTED = Set.of("ext2", "ext3", "ext4", "tmpfs", "xfs");

    @TempDir
    Path dir;

    private final Subdirectories subdirectories = Subdirectories.open();
    private final PathBuffer buffer = new PathBuffer();

    private boolean surelyNone(Path path) {
        return subdirectories.surelyNone(buffer.put(path.toString()));
    }

    @Test
    void anEmptyDirectoryHasNoneWhereLinkCountsAreTrustedAndIsListedElsewhere() throws IOException {
        Path leaf = Files.createDirectory(dir.resolve("leaf"));
        Files.writeString(leaf.resolve("a file"), "files do not count");
        boolean trusted = TRUSTED.contains(Files.getFileStore(leaf).type());
        assertEquals(trusted, surelyNone(leaf), Files.getFileStore(leaf).type());
    }

    @Test
    void aDirectoryWithASubdirectoryIsListed() throws IOException {
        Path parent = Files.createDirectory(dir.resolve("parent"));
        Files.createDirectory(parent.resolve("child"));
        assertFalse(surelyNone(parent));
    }

    @Test
    void aSubdirectoryMadeAfterTheFirstAnswerChangesTheNextOne() throws IOException {
        Path parent = Files.createDirectory(dir.resolve("parent"));
        assumeTrue(surelyNone(parent), "link counts are not trusted on " + Files.getFileStore(parent).type());
        Files.createDirectory(parent.resolve("child"));
        assertFalse(surelyNone(parent));
    }

    @Test
    void filesLinksAndMissingPathsAreNotLeafDirectories() throws IOException {
        Path leaf = Files.createDirectory(dir.resolve("leaf"));
        Path file = Files.writeString(dir.resolve("file"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("link"), leaf);
        assertFalse(surelyNone(file));
        assertFalse(surelyNone(link), "a symbolic link is not followed");
        assertFalse(surelyNone(dir.resolve("missing")));
    }

    @Test
    void aLeafOnAFileSystemThatIsNotTrustedIsListed() throws IOException {
        Optional<Path> sysfsLeaf;
        try (Stream<Path> parameters = Files.list(Path.of("/sys/module"))) {
            sysfsLeaf = parameters.map(m -> m.resolve("parameters")).filter(Files::isDirectory)
                    .filter(SubdirectoriesTest::hasNoSubdirectory).findFirst();
        }
        assumeTrue(sysfsLeaf.isPresent(), "no module parameters folder in /sys");
        assertEquals(2, (int) Files.getAttribute(sysfsLeaf.get(), "unix:nlink"), "sysfs counts like ext4 does");
        assertFalse(surelyNone(sysfsLeaf.get()), "but sysfs is not on the trusted list");
    }

    private static boolean hasNoSubdirectory(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.noneMatch(Files::isDirectory);
        } catch (IOException e) {
            return false;
        }
    }
}
