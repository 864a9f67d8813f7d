package org.inotifyjfr.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentOptionsTest {
    @TempDir
    Path dir;

    private static String error(String args) {
        return assertThrows(OptionsException.class, () -> AgentOptions.parse(args)).getMessage();
    }

    @Test
    void parsesRepeatedPathsAndExcludes() throws Exception {
        AgentOptions o = AgentOptions.parse("path=/srv/data,path=/var/log/app,exclude=*.tmp,exclude=**/cache/**");
        assertEquals(List.of("/srv/data", "/var/log/app"), o.paths());
        assertTrue(o.recursive());
        assertEquals(List.of("*.tmp", "**/cache/**"), o.excludes().globs());
    }

    @Test
    void resolvesRelativePathsAndDropsDuplicates() throws Exception {
        AgentOptions o = AgentOptions.parse("path=logs,path=./logs/");
        assertEquals(List.of(Path.of("logs").toAbsolutePath().toString()), o.paths());
    }

    @Test
    void parsesRecursiveFalse() throws Exception {
        assertFalse(AgentOptions.parse("path=/x,recursive=false").recursive());
    }

    @Test
    void batchesReadsForOneMillisecondUnlessTold() throws Exception {
        assertEquals(1, AgentOptions.parse("path=/x").batchMillis());
        assertEquals(0, AgentOptions.parse("path=/x,batch=0").batchMillis());
        assertEquals(20, AgentOptions.parse("path=/x,batch=20").batchMillis());
    }

    @Test
    void rejectsBatchOutsideItsRangeNamingTheRange() {
        String expected = "option batch=%s in the agent arguments is not valid; give the milliseconds to let events "
                + "gather before a read, 0 to 100 (default 1; 0 reads as soon as any event is queued)";
        assertEquals(String.format(expected, "1ms"), error("path=/x,batch=1ms"));
        assertEquals(String.format(expected, "-1"), error("path=/x,batch=-1"));
        assertEquals(String.format(expected, "101"), error("path=/x,batch=101"));
    }

    @Test
    void rejectsUnknownKeyNamingTheValidOnes() {
        assertEquals("unknown option 'colour' in the agent arguments 'path=/x,colour=red'; valid options: "
                + "path, recursive, exclude, batch, config, watch, attribute, fanotify", error("path=/x,colour=red"));
    }

    @Test
    void rejectsBadRecursiveValueNamingTheChoices() {
        assertEquals("option recursive=yes in the agent arguments is not valid; use recursive=true or "
                + "recursive=false", error("path=/x,recursive=yes"));
    }

    @Test
    void rejectsArgumentWithoutEquals() {
        assertEquals("agent argument 'verbose' is not key=value; valid keys: path, recursive, exclude, batch, config, watch, attribute, fanotify",
                error("verbose"));
    }

    @Test
    void rejectsMissingPath() {
        assertEquals("no path to watch; add path=DIR to the agent arguments, for example "
                + "-javaagent:inotify-jfr-agent.jar=path=/var/log/app", error(""));
        assertEquals("option path in the agent arguments has no value; name a directory, for example "
                + "path=/var/log/app", error("path="));
    }

    @Test
    void rejectsMalformedGlob() {
        assertTrue(error("path=/x,exclude=[a").startsWith("exclude=[a is not a valid glob: "), error("path=/x,exclude=[a"));
    }

    @Test
    void readsConfigFileWithSeveralPathsAndExcludes() throws Exception {
        Path config = dir.resolve("agent.properties");
        Files.writeString(config, "path=/srv/a:/srv/b\nexclude=*.tmp:*.swp\nrecursive=false\n");
        AgentOptions o = AgentOptions.parse("config=" + config + ",path=/srv/c");
        assertEquals(List.of("/srv/a", "/srv/b", "/srv/c"), o.paths());
        assertEquals(List.of("*.tmp", "*.swp"), o.excludes().globs());
        assertFalse(o.recursive());
    }

    @Test
    void rejectsUnknownKeyInConfigFileNamingTheFile() throws Exception {
        Path config = dir.resolve("agent.properties");
        Files.writeString(config, "path=/srv/a\npaths=/srv/b\n");
        assertEquals("unknown key 'paths' in config file " + config + "; valid keys: path, recursive, exclude, batch, watch, attribute, fanotify, "
                + "and path.NAME or exclude.NAME for a single value that may hold ':'",
                error("config=" + config));
    }

    @Test
    void rejectsUnreadableConfigFileNamingIt() {
        Path config = dir.resolve("missing.properties");
        assertEquals("cannot read config file " + config + " (NoSuchFileException); name a readable properties "
                + "file with config=FILE", error("config=" + config));
    }

    @Test
    void aCommaThatBelongsToAValueIsWrittenBackslashComma() throws Exception {
        AgentOptions o = AgentOptions.parse("path=/srv/a\\,b,path=/srv/c");
        assertEquals(List.of("/srv/a,b", "/srv/c"), o.paths());
    }

    @Test
    void aBareCommaInsideAPathIsNamedWithTheWayToWriteIt() {
        assertEquals("agent argument 'b' is not key=value; valid keys: path, recursive, exclude, batch, config, watch, attribute, fanotify; if the "
                + "comma before it belongs to the value before (a path holding a comma), write that comma as \\, "
                + "(for example path=/srv/a\\,b), or give the path in a config file (config=FILE)",
                error("path=/srv/a,b"));
    }

    @Test
    void commasInsideAnExcludeGlobsBracesAreTheGlobs() throws Exception {
        AgentOptions o = AgentOptions.parse("path=/srv/a,exclude={*.tmp,*.log},exclude=x");
        assertEquals(List.of("{*.tmp,*.log}", "x"), o.excludes().globs());
        assertTrue(o.excludes().matches("/srv/a/f.log", "f.log"));
        assertEquals(List.of("/srv/{a", "/srv/b}"), AgentOptions.parse("path=/srv/{a,path=/srv/b}").paths(),
                "braces in a path are not a glob's");
    }

    @Test
    void aConfigFileTakesPathsHoldingColonsAndCommasOneToAKey() throws Exception {
        Path config = dir.resolve("agent.properties");
        Files.writeString(config, "path.data=/srv/a:b,c\n"
                + "path.bytes=/srv/caf\\\\xE9\n"
                + "path.spaced=/srv/ends with a space \n"
                + "exclude.one=*.a:b\n");
        AgentOptions o = AgentOptions.parse("config=" + config);
        assertEquals(List.of("/srv/a:b,c", "/srv/caf\\xE9", "/srv/ends with a space "),
                o.paths().stream().sorted().toList());
        assertEquals(List.of("*.a:b"), o.excludes().globs());
    }

    @Test
    void relativePathsInAConfigFileAreResolvedAgainstItsDirectory() throws Exception {
        Path config = Files.createDirectories(dir.resolve("etc")).resolve("agent.properties");
        Files.writeString(config, "path=logs:../data\n");
        AgentOptions o = AgentOptions.parse("config=" + config + ",path=rel");
        assertEquals(List.of(dir.resolve("etc/logs").toString(), dir.resolve("data").toString(),
                Path.of("rel").toAbsolutePath().toString()), o.paths());
    }

    @Test
    void aConfigFileThatIsNotUtf8IsNamedWithTheLineAndByte() throws Exception {
        Path config = dir.resolve("latin1.properties");
        Files.write(config, "recursive=true\npath=/srv/caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertEquals("config file " + config + " is not UTF-8: line 2, byte 14 (0xE9); save it as UTF-8, and write a "
                + "name's bytes that are not UTF-8 as \\\\xHH (the properties format doubles a backslash)", error("config=" + config));
    }

    @Test
    void aConfigOptionWithoutAValueOrNamingADirectoryIsSaidSo() {
        assertEquals("option config has no value; name a properties file, for example "
                + "config=/etc/inotify-jfr.properties", error("config="));
        assertEquals("config file " + dir + " is a directory; name a properties file with config=FILE",
                error("config=" + dir));
    }

    @Test
    void anEmptyConfigFileIsNamedAsWhereThePathIsMissing() throws Exception {
        Path config = Files.writeString(dir.resolve("empty.properties"), "");
        assertEquals("no path to watch; add path=DIR to the agent arguments or to config file " + config
                + ", for example -javaagent:inotify-jfr-agent.jar=path=/var/log/app", error("config=" + config));
    }

    @Test
    void attributeIsOnByDefaultAndTakesOnlyTrueOrFalse() throws Exception {
        assertTrue(AgentOptions.parse("path=/x").attribute());
        assertFalse(AgentOptions.parse("path=/x,attribute=false").attribute());
        assertTrue(AgentOptions.parse("path=/x").fanotify());
        assertFalse(AgentOptions.parse("path=/x,fanotify=false").fanotify());
        assertEquals("option fanotify=off in the agent arguments is not valid; use fanotify=true (ask fanotify which "
                + "process changed a watched file) or fanotify=false (do not)", assertThrows(OptionsException.class,
                        () -> AgentOptions.parse("path=/x,fanotify=off")).getMessage());
        OptionsException e = assertThrows(OptionsException.class, () -> AgentOptions.parse("path=/x,attribute=no"));
        assertEquals("option attribute=no in the agent arguments is not valid; use attribute=true (record which Java code "
                + "changed a watched file) or attribute=false (install no advice)", e.getMessage());
    }
}
