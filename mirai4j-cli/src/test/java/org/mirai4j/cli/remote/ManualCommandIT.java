package org.mirai4j.cli.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mirai4j.Daemons;
import org.mirai4j.Mirai;
import org.mirai4j.Opts;
import org.mirai4j.cli.remote.RemoteIt.Answer;
import org.mirai4j.cli.remote.RemoteIt.Shape;
import org.mirai4j.launch.RemoteConfig;

/**
 * {@code RemoteConfig.manual()} prints the command to run by hand; run exactly as printed (typed
 * into {@code sh}, which reads it from its standard input as from a terminal, nothing else in its
 * environment), it connects and evaluates a host-only lambda, and the secret, which the printed
 * text carries in a here-document, is on no command line.
 */
class ManualCommandIT {
  static final String NAME = "it-manual";

  final String marker = RemoteIt.newMarker();
  Process daemon;

  @TempDir
  Path dir;

  @AfterEach
  void leaveNothingRunning() {
    Daemons.reset(NAME);
    if (daemon != null) {
      daemon.destroyForcibly();
    }
    RemoteIt.killAll(marker);
  }

  @Test
  void thePrintedCommandRunsAsItIs() throws Exception {
    long t0 = System.nanoTime();
    String secret = ProcessListings.newSecret();
    Daemons daemons = Daemons.builder().compute(NAME).url("tcp://127.0.0.1:0").secret(secret).start();

    List<String> commands = daemons.launchRemote(1, RemoteConfig.manual().withDaemonCommand(RemoteIt.daemonCommand(marker)));

    assertThat(commands).singleElement().asString()
        .startsWith(RemoteIt.daemonCommand(marker) + " daemon " + daemons.url())
        .endsWith(" --secret-stdin <<'END_OF_SECRET'\n" + secret + "\nEND_OF_SECRET")
        .doesNotContain("--secret=");
    assertThat(RemoteIt.processes(marker)).as("manual() runs nothing").isEmpty();

    Path log = dir.resolve("daemon.log");
    Path typed = Files.writeString(dir.resolve("typed"), commands.get(0) + "\n");
    ProcessBuilder pb = new ProcessBuilder("sh").redirectErrorStream(true)
        .redirectOutput(log.toFile()).redirectInput(typed.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("MIRAI4J"));
    daemon = pb.start();
    RemoteIt.awaitConnections(NAME, 1, Duration.ofSeconds(60));
    ProcessListings.assertNowhere(secret, marker);
    System.out.println("[manual] connected after " + RemoteIt.since(t0));

    Shape shape = new Shape("by-hand", 2.5, 4);
    Answer a = Mirai.mirai(() -> new Answer(shape.name(), shape.area(), ProcessHandle.current().pid()),
        Opts.compute(NAME)).get(60, TimeUnit.SECONDS);
    assertThat(a.label()).isEqualTo("by-hand");
    assertThat(a.value()).isEqualTo(10.0);
    assertThat(a.pid()).isNotEqualTo(ProcessHandle.current().pid()).isIn(RemoteIt.processes(marker));
    System.out.println("[manual] " + a + " after " + RemoteIt.since(t0));

    Daemons.reset(NAME);
    assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).as("the daemon exits after reset").isTrue();
    assertThat(daemon.exitValue()).as("exit code; output: " + Files.readString(log)).isZero();
    RemoteIt.awaitGone(marker, Duration.ofSeconds(10));
    System.out.println("[manual] daemon exited 0 after reset, total " + RemoteIt.since(t0));
  }
}
