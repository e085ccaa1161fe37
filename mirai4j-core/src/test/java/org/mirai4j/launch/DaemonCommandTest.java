package org.mirai4j.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonCommandTest {

  @TempDir
  Path dir;

  @Test
  void localJavaIsThisJvmsJavaWithAClassPathAndTheDaemonMainClass() {
    List<String> cmd = DaemonCommand.localJava();
    assertThat(cmd).hasSize(4);
    assertThat(Path.of(cmd.get(0))).isExecutable();
    assertThat(cmd.get(0)).endsWith("java");
    assertThat(cmd.get(1)).isEqualTo("-cp");
    assertThat(cmd.get(2)).isNotBlank();
    assertThat(cmd.get(3)).isEqualTo("org.mirai4j.Daemon");
  }

  @Test
  void theLocalClassPathHoldsTheDirectoryOrJarWithThisPackage() throws Exception {
    String here = Path.of(DaemonCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    assertThat(DaemonCommand.classPath().split(File.pathSeparator)).contains(here);
  }

  @Test
  void aManifestOnlyJarIsReplacedByTheEntriesItsManifestLists() throws IOException {
    Path libs = Files.createDirectories(dir.resolve("lib dir"));
    Path a = Files.createFile(libs.resolve("a.jar"));
    Path b = Files.createDirectories(dir.resolve("classes"));
    Path booter = jar(dir.resolve("surefirebooter1.jar"), "lib%20dir/a.jar " + b.toUri(), false);

    assertThat(DaemonCommand.expandClassPath(booter.toString()))
        .containsExactly(a.toString(), b.toString());
  }

  @Test
  void aJarWithClassesAndAManifestClassPathKeepsItselfFirst() throws IOException {
    Path lib = Files.createFile(dir.resolve("dep.jar"));
    Path app = jar(dir.resolve("app.jar"), "dep.jar", true);

    assertThat(DaemonCommand.expandClassPath(app.toString())).containsExactly(app.toString(), lib.toString());
  }

  @Test
  void anOrdinaryClassPathIsKeptAsItIs() {
    String cp = String.join(File.pathSeparator, "/x/a.jar", "/x/classes", "/x/a.jar");
    assertThat(DaemonCommand.expandClassPath(cp)).containsExactly("/x/a.jar", "/x/classes");
  }

  @Test
  void aModulePathBecomesItsJarsAndExplodedModulesWithADirectoryOfModulesListed() throws IOException {
    Path mods = Files.createDirectories(dir.resolve("mods"));
    Path b = Files.createFile(mods.resolve("b.jar"));
    Path a = Files.createFile(mods.resolve("a.jar"));
    Files.createFile(mods.resolve("notes.txt"));
    Path exploded = Files.createDirectories(mods.resolve("m.exploded"));
    Files.createFile(exploded.resolve("module-info.class"));
    Files.createDirectories(mods.resolve("not-a-module"));
    Path classes = Files.createDirectories(dir.resolve("classes"));
    Files.createFile(classes.resolve("module-info.class"));
    Path single = Files.createFile(dir.resolve("single.jar"));
    String mp = String.join(File.pathSeparator, classes.toString(), mods.toString(), single.toString());

    assertThat(DaemonCommand.expandModulePath(mp)).containsExactly(classes.toString(),
        a.toString(), b.toString(), exploded.toString(), single.toString());
    assertThat(DaemonCommand.expandModulePath("")).isEmpty();
  }

  private static Path jar(Path file, String classPath, boolean withClass) throws IOException {
    Manifest mf = new Manifest();
    mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    mf.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
    try (OutputStream os = Files.newOutputStream(file); JarOutputStream jos = new JarOutputStream(os, mf)) {
      if (withClass) {
        jos.putNextEntry(new JarEntry("p/C.class"));
        jos.write(new byte[] {1});
        jos.closeEntry();
      }
    }
    return file;
  }
}
