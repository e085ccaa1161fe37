package org.mirai4j.launch;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The command that starts a daemon JVM on this machine with this JVM's java and class path.
 *
 * <p>It is the default daemon command of every {@link RemoteConfig} that was not given one with
 * {@link RemoteConfig#withDaemonCommand}, and what the host uses to launch local daemons. The words
 * {@code daemon URL OPTIONS} are appended to it, as to the {@code mirai4j} command-line tool.
 */
public final class DaemonCommand {
  /** The daemon's main class; its {@code main} accepts a leading {@code daemon} word. */
  public static final String MAIN_CLASS = "org.mirai4j.Daemon";

  private DaemonCommand() {}

  /**
   * The java executable and options that run {@link #MAIN_CLASS} with this JVM's class path:
   * {@code [<java>, -cp, <class path>, org.mirai4j.Daemon]}, as separate words (no shell quoting;
   * see {@link Shell#join} for a command line).
   *
   * @return a new mutable list
   */
  public static List<String> localJava() {
    List<String> cmd = new ArrayList<>();
    cmd.add(javaExecutable());
    cmd.add("-cp");
    cmd.add(classPath());
    cmd.add(MAIN_CLASS);
    return cmd;
  }

  /**
   * This JVM's java executable: the one the process was started with, else
   * {@code ${java.home}/bin/java}.
   *
   * @return an absolute path
   */
  public static String javaExecutable() {
    String home = System.getProperty("java.home");
    Path fromHome = Paths.get(home, "bin", "java");
    return ProcessHandle.current().info().command()
        .filter(c -> c.endsWith("/java") || c.endsWith("\\java.exe"))
        .filter(c -> Files.isExecutable(Paths.get(c)))
        .orElse(fromHome.toString());
  }

  /**
   * This JVM's class path ({@code java.class.path}) with a manifest-only jar expanded: when the
   * class path is a single jar whose manifest has a {@code Class-Path} (as surefire's booter jar
   * and {@code java -jar app.jar} have), the entries it lists are used, and the jar itself is kept
   * only if it holds more than its manifest. The modules of this JVM's module path ({@code
   * jdk.module.path}, when mirai4j or the application runs as modules) follow, so that daemons,
   * which always run on the class path, find them.
   *
   * @return entries joined with {@link File#pathSeparator}
   */
  public static String classPath() {
    Set<String> entries =
        new LinkedHashSet<>(expandClassPath(System.getProperty("java.class.path", "")));
    entries.addAll(expandModulePath(System.getProperty("jdk.module.path", "")));
    return String.join(File.pathSeparator, entries);
  }

  /**
   * The jars and exploded modules of a module path, as class path entries: a directory entry
   * that is not itself an exploded module (no {@code module-info.class}) stands for the jars and
   * exploded modules in it.
   *
   * @param modulePath entries separated by {@link File#pathSeparator}
   * @return absolute paths, in order, without duplicates
   */
  static List<String> expandModulePath(String modulePath) {
    Set<String> out = new LinkedHashSet<>();
    for (String e : modulePath.isEmpty() ? new String[0] : modulePath.split(File.pathSeparator)) {
      if (e.isEmpty()) {
        continue;
      }
      Path entry = Paths.get(e).toAbsolutePath();
      if (!Files.isDirectory(entry) || Files.isRegularFile(entry.resolve("module-info.class"))) {
        out.add(entry.toString());
        continue;
      }
      try (java.util.stream.Stream<Path> children = Files.list(entry)) {
        children.sorted()
            .filter(c -> c.toString().endsWith(".jar")
                || Files.isRegularFile(c.resolve("module-info.class")))
            .forEach(c -> out.add(c.toString()));
      } catch (IOException ex) {
        out.add(entry.toString()); // unreadable: pass it on as it is
      }
    }
    return new ArrayList<>(out);
  }

  /**
   * Expands a class path as {@link #classPath()} describes.
   *
   * @param classPath entries separated by {@link File#pathSeparator}
   * @return the entries, in order, without duplicates
   */
  static List<String> expandClassPath(String classPath) {
    Set<String> out = new LinkedHashSet<>();
    String[] entries = classPath.isEmpty() ? new String[0] : classPath.split(File.pathSeparator);
    if (entries.length == 1 && entries[0].endsWith(".jar") && Files.isRegularFile(Paths.get(entries[0]))) {
      Path jar = Paths.get(entries[0]).toAbsolutePath();
      try (JarFile jf = new JarFile(jar.toFile())) {
        Manifest mf = jf.getManifest();
        String cp = mf == null ? null : mf.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
        if (cp != null && !cp.isBlank()) {
          boolean manifestOnly = jf.stream().allMatch(e -> e.getName().startsWith("META-INF/"));
          if (!manifestOnly) {
            out.add(jar.toString());
          }
          for (String ref : cp.trim().split("\\s+")) {
            out.add(resolve(jar, ref));
          }
          return new ArrayList<>(out);
        }
      } catch (IOException e) {
        // not a readable jar: use the class path as it is
      }
    }
    for (String e : entries) {
      if (!e.isEmpty()) {
        // Absolute, so the command works from any directory it is run in.
        out.add(Paths.get(e).toAbsolutePath().toString());
      }
    }
    return new ArrayList<>(out);
  }

  /** A manifest Class-Path entry is a URL, relative to the jar's directory unless absolute. */
  private static String resolve(Path jar, String ref) {
    try {
      return Paths.get(jar.getParent().toUri().resolve(ref)).toString();
    } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
      return jar.resolveSibling(ref).toString();
    }
  }
}
