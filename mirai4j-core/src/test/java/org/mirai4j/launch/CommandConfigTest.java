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

  @Test
  void oneArgumentListPerLaunchRunsEachListOnceAndOneListRunsNTimes() throws Exception {
    CommandConfig each = RemoteConfig.commands("env",
        List.of(List.of("M4J=1", "."), List.of("M4J=2", ".")), false)
        .withDaemonCommand("sh -c " + Shell.quote("printf '%s\\n' \"$M4J\" > \"$(mktemp " + dir
            + "/d.XXXXXX)\"") + " rec").withWaitForExit(true);
    assertThat(each.args()).containsExactly(List.of("M4J=1", "."), List.of("M4J=2", "."));
    assertThat(each.launch(1, List.of("daemon"), "tcp://10.0.0.1:5555")).hasSize(2);
    assertThat(files(dir).stream().map(CommandConfigTest::firstLine))
        .containsExactlyInAnyOrder("1", "2");
    assertThat(each.launch(2, List.of("daemon"), "tcp://10.0.0.1:5555")).hasSize(2);
    assertThatThrownBy(() -> each.launch(3, List.of("daemon"), "tcp://10.0.0.1:5555"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("n must equal the number of argument lists (2), or either must be 1: n = 3");

    CommandConfig one = each.withArgs(List.of(List.of("M4J=3", ".")));
    assertThat(one.launch(3, List.of("daemon"), "tcp://10.0.0.1:5555")).hasSize(3)
        .allMatch(l -> l.startsWith("env M4J=3 "));
    assertThat(files(dir)).hasSize(7);
  }

  @Test
  void argumentListsAreCheckedEachForItsDot() {
    assertThatThrownBy(() -> RemoteConfig.commands("env", List.of(), false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    assertThatThrownBy(() -> RemoteConfig.commands("env",
        List.of(List.of("A=1", "."), List.of("B=2")), false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[B=2]");
    assertThat(RemoteConfig.commands("env", List.of(List.of("A=1", "."), List.of("B=2", ".")),
        false)).hasToString("RemoteConfig.commands(env, [[A=1, .], [B=2, .]], quote=false)");
  }

  private static String firstLine(Path file) {
    try {
      return Files.readAllLines(file).get(0);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
