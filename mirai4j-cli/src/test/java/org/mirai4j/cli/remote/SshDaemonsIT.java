package org.mirai4j.cli.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mirai4j.Daemons;
import org.mirai4j.Mirai;
import org.mirai4j.Opts;
import org.mirai4j.cli.remote.RemoteIt.Answer;
import org.mirai4j.cli.remote.RemoteIt.Shape;
import org.mirai4j.launch.RemoteConfig;
import org.mirai4j.launch.SshConfig;

/**
 * Daemons launched over the real sshd of {@code .ci/infra/sshd.sh} (Host {@code testhost} =
 * root@127.0.0.1:2222 in its ssh_config) run the shaded {@code mirai4j-cli.jar} and evaluate
 * lambdas and records that exist only on the host's class path: the classes are shipped.
 */
class SshDaemonsIT {
  static final String NAME = "it-ssh";
  static final Duration CONNECT = Duration.ofSeconds(60);

  final String marker = RemoteIt.newMarker();

  @BeforeAll
  static void sshd() {
    RemoteIt.requireSshd();
  }

  @AfterEach
  void leaveNothingRunning() {
    Daemons.reset(NAME);
    RemoteIt.killAll(marker);
  }

  SshConfig testhost(boolean tunnel) {
    return RemoteConfig.ssh(List.of("ssh://testhost"), tunnel).withSshOptions(RemoteIt.SSH_OPTS)
        .withDaemonCommand(RemoteIt.daemonCommand(marker));
  }

  /** Runs a lambda over a host-only record on the profile's one daemon and checks where it ran. */
  Answer runHostOnlyLambda() throws Exception {
    Shape shape = new Shape("plate-" + marker, 6, 7);
    Answer a = Mirai.mirai(() -> new Answer(shape.name(), shape.area(), ProcessHandle.current().pid()),
        Opts.compute(NAME)).get(60, TimeUnit.SECONDS);
    assertThat(a.label()).isEqualTo(shape.name());
    assertThat(a.value()).isEqualTo(42.0);
    assertThat(a.pid()).as("daemon pid").isNotEqualTo(ProcessHandle.current().pid())
        .isIn(RemoteIt.processes(marker));
    return a;
  }

  void resetAndAwaitExit(long t0) {
    Daemons.reset(NAME);
    RemoteIt.awaitGone(marker, Duration.ofSeconds(30));
    System.out.println("[" + getClass().getSimpleName() + "] daemons gone after reset, total " + RemoteIt.since(t0));
  }

  @Test
  void aDaemonStartedOverSshRunsAHostOnlyLambda() throws Exception {
    long t0 = System.nanoTime();
    String secret = ProcessListings.newSecret();
    try (ProcessListings.Watch watch = ProcessListings.Watch.start(secret)) {
      Daemons.builder().compute(NAME).url("tcp://127.0.0.1:0").secret(secret).remote(testhost(false)).n(1).start();
      RemoteIt.awaitConnections(NAME, 1, CONNECT);
      System.out.println("[ssh direct] connected after " + RemoteIt.since(t0));

      Answer a = runHostOnlyLambda();
      System.out.println("[ssh direct] " + a + " after " + RemoteIt.since(t0));
      // the secret is in no process's command line: ssh here, the session's shell and the daemon there
      ProcessListings.assertNowhere(secret, marker);
      assertThat(watch.saw("BatchMode=yes")).as("the scan saw the ssh client").isTrue();
    }
    resetAndAwaitExit(t0);
  }

  @Test
  void overTlsTheCertificateTravelsInTheCommand() throws Exception {
    long t0 = System.nanoTime();
    Daemons daemons = Daemons.builder().compute(NAME).url("tls+tcp://127.0.0.1:0").start();
    assertThat(daemons.url()).startsWith("tls+tcp://127.0.0.1:");

    List<String> commands = daemons.launchRemote(1, testhost(false));

    assertThat(commands).singleElement().asString()
        .startsWith("ssh -F ").contains("--tlscert=").contains("BEGIN CERTIFICATE").doesNotContain("PRIVATE KEY");
    RemoteIt.awaitConnections(NAME, 1, CONNECT);
    System.out.println("[ssh tls] connected after " + RemoteIt.since(t0));
    Answer a = runHostOnlyLambda();
    System.out.println("[ssh tls] " + a + " after " + RemoteIt.since(t0));
    resetAndAwaitExit(t0);
  }

  /**
   * {@code tunnel = true}: one {@code ssh -f -R P:127.0.0.1:P} session holds the daemon. Here sshd
   * shares this machine's network stack, so sshd's end of the forward cannot bind 127.0.0.1:P (the
   * host listens there) and binds only [::1]:P; the daemon dials 127.0.0.1:P and so reaches the
   * host directly, not through the tunnel. What this proves: the tunnelled launch works end to
   * end, and the ssh session (which carries the marker) ends with the daemon.
   */
  @Test
  void withATunnelTheDaemonConnectsAndTheSessionEndsWithIt() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    }
    long t0 = System.nanoTime();
    String secret = ProcessListings.newSecret();
    try (ProcessListings.Watch watch = ProcessListings.Watch.start(secret)) {
      Daemons daemons = Daemons.builder().compute(NAME).url("tcp://127.0.0.1:" + port).secret(secret).start();
      assertThat(daemons.url()).isEqualTo("tcp://127.0.0.1:" + port);

      List<String> commands = daemons.launchRemote(1, testhost(true));

      assertThat(commands).singleElement().asString().contains("-R " + port + ":127.0.0.1:" + port)
          .contains("-o ForkAfterAuthentication=yes").doesNotContain(secret);
      RemoteIt.awaitConnections(NAME, 1, CONNECT);
      System.out.println("[ssh tunnel] connected after " + RemoteIt.since(t0));
      Answer a = runHostOnlyLambda();
      System.out.println("[ssh tunnel] " + a + " after " + RemoteIt.since(t0));
      // the backgrounded ssh and the remote session's shell stay for the daemon's life: both scanned
      ProcessListings.assertNowhere(secret, marker);
      assertThat(ProcessListings.containing("read -r MIRAI4J_SECRET")).as("the remote session's shell").isNotEmpty();
      assertThat(watch.saw("ForkAfterAuthentication=yes")).as("the scan saw the ssh client").isTrue();
    }
    resetAndAwaitExit(t0);
  }

  @Test
  void aClosedPortFailsTheLaunchWithSshsOwnMessage() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    }
    SshConfig closed = RemoteConfig.ssh(List.of("ssh://root@127.0.0.1:" + port), false)
        .withSshOptions(RemoteIt.SSH_OPTS).withDaemonCommand(RemoteIt.daemonCommand(marker));
    Daemons daemons = Daemons.builder().compute(NAME).url("tcp://127.0.0.1:0").start();

    assertThatThrownBy(() -> daemons.launchRemote(1, closed))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("ssh failed (exit code 255)")
        .hasMessageContaining("port " + port + ": Connection refused");
    assertThat(RemoteIt.connections(NAME)).isZero();

    // the same through the builder: start() fails and leaves no profile behind
    String other = NAME + "-refused";
    assertThatThrownBy(() -> Daemons.builder().compute(other).url("tcp://127.0.0.1:0").remote(closed).n(1).start())
        .isInstanceOf(UncheckedIOException.class).hasMessageContaining("Connection refused");
    assertThat(Daemons.isSet(other)).isFalse();
    assertThat(RemoteIt.processes(marker)).isEmpty();
  }
}
