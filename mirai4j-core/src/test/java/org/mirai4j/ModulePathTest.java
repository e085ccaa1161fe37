package org.mirai4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mirai4j.launch.DaemonCommand;

/**
 * mirai4j as a named module (issue 10, item 5): an application with {@code org.mirai4j} and its
 * dependencies on the module path starts local daemons (which run on the class path, made of
 * both paths), gets a mirai's value, and cannot reach the internals.
 */
class ModulePathTest {

  @Test
  void aHostWithMirai4jOnTheModulePathRunsAMiraiOnALocalDaemonAndSeesNoInternals(
      @TempDir Path dir) throws Exception {
    String core = Path.of(Mirai.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .toString();
    List<String> modules = new ArrayList<>();
    List<String> rest = new ArrayList<>();
    for (String e : DaemonCommand.classPath().split(File.pathSeparator)) {
      String name = Path.of(e).getFileName().toString();
      boolean module = e.equals(core) || name.startsWith("netty-") || name.startsWith("bcp")
          || name.startsWith("bcutil") || name.startsWith("slf4j-")
          || name.matches("opentelemetry-(api|context|common)-[0-9].*");
      (module ? modules : rest).add(e);
    }
    assertThat(modules).hasSizeGreaterThan(5);
    Process host = new ProcessBuilder(DaemonCommand.javaExecutable(),
        "--module-path", String.join(File.pathSeparator, modules),
        "--add-modules", "org.mirai4j,org.slf4j.simple",
        "-cp", String.join(File.pathSeparator, rest),
        "com.example.modular.ModularHost")
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("out").toFile())
        .start();
    try {
      assertThat(host.waitFor(120, TimeUnit.SECONDS)).as("the host exits").isTrue();
    } finally {
      host.destroyForcibly().waitFor();
    }
    String out = Files.readString(dir.resolve("out"));
    assertThat(host.exitValue()).as(out).isZero();
    assertThat(out.lines().toList()).as(out)
        .containsExactly("MODULE org.mirai4j", "RESULT 42", "INTERNAL hidden");
  }
}
