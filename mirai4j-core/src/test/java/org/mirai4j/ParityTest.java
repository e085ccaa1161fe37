package org.mirai4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mirai4j.internal.host.LocalLauncher;
import org.mirai4j.testing.Await;

/**
 * Where mirai4j once differed from mirai 2.7 (issue 10), each as mirai does it, with real
 * daemon JVMs where a daemon is involved. See {@code docs/parity.md}.
 */
class ParityTest {
  private static final String NAME = "parity-test";
  private static final String UNSET = "parity-never-set";
  private static final Opts OPTS = Opts.compute(NAME);
  private static final String SECRET = "parity-test-secret";

  @AfterEach
  void reset() {
    Daemons.terminate(NAME);
  }

  // R: everywhere() and mirai_map() call require_daemons() first

  @Test
  void everywhereWithoutDaemonsThrowsNamingTheProfileAndHowToSetIt() throws Exception {
    assertThatThrownBy(() -> Mirai.everywhere(() -> "x", 1, UNSET))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("No daemons set for the '" + UNSET + "' compute profile")
        .hasMessageContaining("Daemons.builder().compute(\"" + UNSET + "\").n(6).start()");
    // nothing was queued for an ephemeral daemon: the next mirai gets its own and resolves
    assertThat(Mirai.mirai(() -> 7, Opts.compute(UNSET)).get(60, TimeUnit.SECONDS)).isEqualTo(7);
  }

  @Test
  void mapWithoutDaemonsThrowsBeforeSubmittingAnything() {
    assertThatThrownBy(() -> Mirai.map(List.of(1, 2, 3), x -> x * 2, Opts.compute(UNSET)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("No daemons set for the '" + UNSET + "' compute profile");
    assertThatThrownBy(() -> Mirai.map(List.of(), x -> x, Opts.compute(UNSET)))
        .as("an empty list too, as require_daemons() comes first")
        .isInstanceOf(IllegalStateException.class);
    assertThat(Daemons.isSet(UNSET)).isFalse();
  }

  @Test
  void theDefaultProfileUnsetIsNamedAsMiraiNamesIt() {
    Daemons.reset(); // in case a class before this one left the default profile set
    assertThat(Daemons.isSet()).isFalse();
    assertThatThrownBy(() -> Mirai.everywhere(() -> "x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("No daemons set. Use e.g. Daemons.start(6) to set 6 local daemons.");
    assertThatThrownBy(() -> Mirai.map(List.of(1), x -> x))
        .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("No daemons set.");
  }

  @Test
  void withDaemonsOnAnUnsetProfileThrowsWithoutRunningTheBody() {
    AtomicBoolean ran = new AtomicBoolean();
    assertThatThrownBy(() -> Daemons.withDaemons(UNSET, () -> ran.getAndSet(true)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("No daemons set for the '" + UNSET + "' compute profile");
    assertThat(ran).isFalse();
  }

  @Test
  void everywhereAndMapRunOnASetProfile() throws Exception {
    try (Daemons daemons = Daemons.builder().compute(NAME).n(1).start()) {
      assertThat(Mirai.everywhere(() -> "loaded", 1, NAME).collect()).containsExactly("loaded");
      assertThat(Daemons.withDaemons(NAME, () -> Mirai.map(List.of(1, 2), x -> x + 1).collect()))
          .containsExactly(2, 3);
    }
  }

  // R: daemons(sync = TRUE) disregards every other argument but seed and .compute

  @Test
  void syncModeIgnoresTheMemoryCap() throws Exception {
    try (Daemons daemons = Daemons.builder().compute(NAME).sync(true).memory(1_000).start()) {
      byte[] payload = new byte[10_000]; // ten times the cap, in every task
      List<Integer> lengths = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        Optional<Mirai<Integer>> m = Mirai.tryMirai(() -> payload.length, OPTS);
        assertThat(m).as("task %d is not held back by the cap", i).isPresent();
        lengths.add(m.get().get());
        lengths.add(Mirai.mirai(() -> payload.length, OPTS).get());
      }
      assertThat(lengths).hasSize(10).containsOnly(10_000);
      assertThat(Daemons.status(NAME).memory()).isNull();
    }
  }

  // R: tcp://:port (NNG: an empty host) listens on every interface

  @Test
  void tcpWithoutAHostListensOnEveryInterface() throws Exception {
    try (Daemons daemons = Daemons.builder().compute(NAME).url("tcp://:0").secret(SECRET).n(1).start()) {
      URI advertised = URI.create(daemons.url());
      assertThat(advertised.getHost()).as("a dialable address, not the empty host").isNotEmpty();
      assertThat(advertised.getPort()).isPositive();
      // one local daemon dialed the advertised address; a second dials loopback
      Process loopback = daemonProcess("tcp://127.0.0.1:" + advertised.getPort());
      Await.until(() -> Daemons.status(NAME).connections() == 2);
      List<Mirai<Long>> pids = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        pids.add(Mirai.mirai(() -> {
          Thread.sleep(200); // keep one daemon busy, so both take tasks
          return ProcessHandle.current().pid();
        }, OPTS));
      }
      List<Long> ran = new ArrayList<>();
      for (Mirai<Long> m : pids) {
        ran.add(m.get(60, TimeUnit.SECONDS));
      }
      assertThat(ran).contains(loopback.pid());
    }
  }

  @Test
  void webSocketWithoutAHostListensOnEveryInterface() throws Exception {
    try (Daemons daemons = Daemons.builder().compute(NAME).url("ws://:0/mirai").secret(SECRET).n(1).start()) {
      URI advertised = URI.create(daemons.url());
      assertThat(advertised.getHost()).isNotEmpty();
      assertThat(advertised.getPath()).isEqualTo("/mirai");
      daemonProcess("ws://127.0.0.1:" + advertised.getPort() + "/mirai");
      Await.until(() -> Daemons.status(NAME).connections() == 2);
      assertThat(Mirai.mirai(() -> "over ws", OPTS).get(60, TimeUnit.SECONDS)).isEqualTo("over ws");
    }
  }

  /** A daemon JVM dialing {@code url} with the profile's secret, as one started by hand. */
  private static Process daemonProcess(String url) throws Exception {
    List<String> command = new ArrayList<>(LocalLauncher.daemonCommand());
    command.add(url);
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("MIRAI4J_SECRET", SECRET);
    return builder.start();
  }

  // R: status() with no daemons set is list(connections = 0L, daemons = 0L)

  @Test
  void statusWithNoDaemonsSetHasNoConnections() {
    Status status = Daemons.status(UNSET);
    assertThat(status).isNotNull();
    assertThat(status.connections()).isZero();
    assertThat(status.url()).isNull();
    assertThat(status.info()).isNull();
    assertThat(status.memory()).isNull();
    assertThat(status.daemons()).isEmpty();
    assertThat(Daemons.info(UNSET)).as("info() stays null, as R's").isNull();
  }
}
