package org.mirai4j.cli.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mirai4j.Daemons;
import org.mirai4j.Mirai;
import org.mirai4j.Opts;
import org.mirai4j.launch.RemoteConfig;

/**
 * The launchers the other ITs do not cover, with real daemons: local daemons and the command
 * launcher (through {@code sh -c .} and through the real sshd, {@code ssh testhost .}). While the
 * daemons run, and throughout their launch, no process on this machine shows the profile's secret
 * on its command line; the daemons connected and served a task. ssh, Slurm, Grid Engine and
 * manual commands get the same checks in {@code SshDaemonsIT}, {@code SlurmDaemonsIT},
 * {@code SgeDaemonsIT} and {@code ManualCommandIT}.
 */
class SecretOffCommandLinesIT {
  static final String NAME = "it-secret";

  final String marker = RemoteIt.newMarker();
  final String secret = ProcessListings.newSecret();

  @AfterEach
  void leaveNothingRunning() {
    Daemons.reset(NAME);
    RemoteIt.killAll(marker);
  }

  /** Runs one task per daemon and returns the pids that ran them. */
  static List<Long> serveOneTaskEach(int n) throws Exception {
    List<Long> pids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      pids.add(Mirai.mirai(() -> ProcessHandle.current().pid(), Opts.compute(NAME)).get(60, TimeUnit.SECONDS));
    }
    assertThat(pids).doesNotContain(ProcessHandle.current().pid());
    return pids;
  }

  @Test
  void localDaemonsGetTheSecretInTheirEnvironmentOnly() throws Exception {
    try (ProcessListings.Watch watch = ProcessListings.Watch.start(secret)) {
      Daemons daemons = Daemons.builder().compute(NAME).url("tcp://127.0.0.1:0").secret(secret).n(2).start();
      RemoteIt.awaitConnections(NAME, 2, Duration.ofSeconds(60));
      List<Long> pids = serveOneTaskEach(2);
      // local daemons carry no marker: scan for their main class instead
      ProcessListings.assertNowhere(secret, "org.mirai4j.Daemon " + daemons.url());
      assertThat(ProcessListings.commandLines()).containsKeys(pids.get(0));
      assertThat(watch.saw("org.mirai4j.Daemon")).isTrue();
    }
  }

  @Test
  void theCommandLauncherWritesTheSecretToTheCommandsStdin() throws Exception {
    RemoteConfig shDashC = RemoteConfig.command("sh", List.of("-c", "."), true)
        .withDaemonCommand(RemoteIt.daemonCommand(marker));
    try (ProcessListings.Watch watch = ProcessListings.Watch.start(secret)) {
      Daemons daemons = Daemons.builder().compute(NAME).url("tcp://127.0.0.1:0").secret(secret).start();
      List<String> lines = daemons.launchRemote(2, shDashC);
      assertThat(lines).hasSize(2).allMatch(l -> l.contains("--secret-stdin") && !l.contains(secret));
      RemoteIt.awaitConnections(NAME, 2, Duration.ofSeconds(60));
      serveOneTaskEach(2);
      ProcessListings.assertNowhere(secret, marker);
      assertThat(watch.saw("--secret-stdin")).isTrue();
    }
    Daemons.reset(NAME);
    RemoteIt.awaitGone(marker, Duration.ofSeconds(30));
  }

  @Test
  void theCommandLauncherOverSshPassesTheSecretThroughSshsStdin() throws Exception {
    RemoteIt.requireSshd();
    List<String> args = new ArrayList<>(RemoteIt.SSH_OPTS);
    args.addAll(List.of("-o", "BatchMode=yes", "testhost", "."));
    RemoteConfig viaSsh = RemoteConfig.command("ssh", args, true).withDaemonCommand(RemoteIt.daemonCommand(marker));
    try (ProcessListings.Watch watch = ProcessListings.Watch.start(secret)) {
      Daemons daemons = Daemons.builder().compute(NAME).url("tcp://127.0.0.1:0").secret(secret).start();
      daemons.launchRemote(1, viaSsh);
      RemoteIt.awaitConnections(NAME, 1, Duration.ofSeconds(60));
      serveOneTaskEach(1);
      // ssh here, sshd's session shell and the daemon there all run for the daemon's life
      ProcessListings.assertNowhere(secret, marker);
      assertThat(ProcessListings.containing("testhost")).as("the ssh client").isNotEmpty();
    }
    Daemons.reset(NAME);
    RemoteIt.awaitGone(marker, Duration.ofSeconds(30));
  }
}
