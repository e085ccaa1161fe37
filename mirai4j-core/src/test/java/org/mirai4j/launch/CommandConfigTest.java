package org.mirai4j.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs real local commands (no infrastructure needed). */
class CommandConfigTest {

  @TempDir
  Path dir;

  /** A daemon command that records its arguments, one per line, in a fresh file in {@code dir}. */
  static String recorder(Path dir) {
    return "sh -c " + Shell.quote("printf '%s\\n' \"$@\" > \"$(mktemp " + dir + "/d.XXXXXX)\"") + " rec";
  }

  static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith("d.")).toList();
    }
  }

  @Test
  void aQuotedCommandRunsEachDaemonWithItsArgumentsIntact() throws Exception {
    CommandConfig c = RemoteConfig.command("sh", List.of("-c", "."), true).withDaemonCommand(recorder(dir));
    List<String> lines = c.launch(2, RemoteConfigTest.ARGS, "tcp://10.0.0.1:5555");

    assertThat(lines).hasSize(2).allMatch(l -> l.startsWith("sh -c '"));
    await().atMost(Duration.ofSeconds(10)).until(() -> files(dir).size() == 2
        && files(dir).stream().allMatch(f -> f.toFile().length() > 0));
    for (Path f : files(dir)) {
      assertThat(Files.readAllLines(f)).containsExactlyElementsOf(RemoteConfigTest.ARGS);
    }
  }

  @Test
  void theSecretReachesTheDaemonOnStdinAndTheCommandLineNamesOnlySecretStdin() throws Exception {
    String readAndRecord = "sh -c " + Shell.quote("IFS= read -r s; printf '%s\\n' \"$s\" \"$@\" > \"$(mktemp "
        + dir + "/d.XXXXXX)\"") + " rec";
    CommandConfig c = RemoteConfig.command("sh", List.of("-c", "."), true).withDaemonCommand(readAndRecord)
        .withWaitForExit(true);
    List<String> lines = c.launch(1, List.of("daemon", "tcp://10.0.0.1:5555"), "tcp://10.0.0.1:5555",
        RemoteConfigTest.SECRET);

    assertThat(lines).singleElement().asString().endsWith("--secret-stdin'")
        .doesNotContain(RemoteConfigTest.SECRET);
    assertThat(files(dir)).singleElement().satisfies(f -> assertThat(Files.readAllLines(f))
        .containsExactly(RemoteConfigTest.SECRET, "daemon", "tcp://10.0.0.1:5555", "--secret-stdin"));
  }

  @Test
  void anUnquotedCommandRunsTheDaemonLineAsWords() throws Exception {
    CommandConfig c = RemoteConfig.command("env", List.of("M4J=1", "."), false).withDaemonCommand(recorder(dir))
        .withWaitForExit(true);
    c.launch(1, List.of("daemon", "ipc:///tmp/x y"), "ipc:///tmp/x y");
    assertThat(files(dir)).singleElement().satisfies(f ->
        assertThat(Files.readAllLines(f)).containsExactly("daemon", "ipc:///tmp/x y"));
  }

  @Test
  void aFailingCommandThatIsWaitedForThrowsWithItsErrorOutput() {
    CommandConfig c = RemoteConfig.command("sh", List.of("-c", "."), true)
        .withDaemonCommand("echo 'no such scheduler' >&2; exit 3;").withWaitForExit(true);
    assertThatThrownBy(() -> c.launch(1, List.of("daemon"), "tcp://127.0.0.1:1"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("exit code 3").hasMessageContaining("no such scheduler");
  }

  @Test
  void aMissingExecutableThrows() {
    CommandConfig c = RemoteConfig.command("/nonexistent/launcher", List.of("."), true).withWaitForExit(true);
    assertThatThrownBy(() -> c.launch(1, List.of("daemon"), "tcp://127.0.0.1:1"))
        .isInstanceOf(IOException.class).hasMessageContaining("/nonexistent/launcher");
  }
}
