package org.mirai4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mirai4j.launch.DaemonCommand;

/**
 * Collect.PROGRESS without the optional terminal bar library: a host JVM whose class path
 * leaves out progressbar and JLine still collects, drawing a plain-text bar on stderr.
 */
class PlainProgressTest {
  @Test
  void withoutTheProgressBarLibraryCollectDrawsAPlainBarAndReturnsTheValues(@TempDir Path dir)
      throws Exception {
    String classPath = Arrays.stream(DaemonCommand.classPath().split(File.pathSeparator))
        .filter(e -> !e.contains("progressbar") && !e.contains("jline"))
        .collect(Collectors.joining(File.pathSeparator));
    List<String> command = new ArrayList<>(List.of(
        DaemonCommand.javaExecutable(), "-cp", classPath, PlainProgressMain.class.getName()));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process host = new ProcessBuilder(command).redirectOutput(out.toFile())
        .redirectError(err.toFile()).start();
    try {
      assertThat(host.waitFor(120, TimeUnit.SECONDS)).as("the host JVM exits").isTrue();
    } finally {
      host.destroyForcibly();
    }
    String stdout = Files.readString(out, StandardCharsets.UTF_8);
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    assertThat(host.exitValue()).as("exit code; stderr: %s", stderr).isZero();
    assertThat(stdout).contains("PROGRESSBAR absent").contains("VALUES [1, 4, 9, 16, 25]");
    assertThat(stderr).contains("squares [").contains("5/5 done").doesNotContain("Exception");
  }
}
