package org.mirai4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mirai4j.launch.RemoteConfig;
import org.mirai4j.testing.Await;

/** The host's profiles with real local daemon JVMs. */
class HostTest {
  private static final String NAME = "host-test";
  private static final Opts OPTS = Opts.compute(NAME);

  @AfterEach
  void reset() {
    Daemons.terminate(NAME);
  }

  @Test
  void directModeRoundRobinsOverConnectedDaemons() throws Exception {
    try (Daemons daemons = Daemons.builder().compute(NAME).n(2).dispatcher(false).start()) {
      assertThat(Daemons.info(NAME)).isEqualTo(new Info(2, null, null, null, null));
      Set<Long> pids = new HashSet<>();
      List<Mirai<Long>> mirai = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        mirai.add(Mirai.mirai(() -> ProcessHandle.current().pid(), OPTS));
      }
      for (Mirai<Long> m : mirai) {
        pids.add(m.get());
      }
      assertThat(pids).hasSize(2);
      Status status = Daemons.status(NAME);
      assertThat(status.connections()).isEqualTo(2);
      assertThat(status.memory()).isNull();
      assertThat(status.url()).startsWith("ipc://");
    }
  }

  @Test
  void tcpPortZeroShowsTheBoundPortInUrlAndStatus() {
    try (Daemons daemons = Daemons.builder().compute(NAME).url("tcp://127.0.0.1:0").start()) {
      assertThat(daemons.url()).matches("tcp://127\\.0\\.0\\.1:[1-9][0-9]*");
      assertThat(Daemons.status(NAME).url()).isEqualTo(daemons.url());
    }
  }

  @Test
  void ipv6UrlsAreServed() throws Exception {
    try (Daemons daemons = Daemons.builder().compute(NAME).url("tcp://[::1]:0").n(1).start()) {
      assertThat(daemons.url()).startsWith("tcp://[::1]:");
      assertThat(Mirai.mirai(() -> "v6", OPTS).get()).isEqualTo("v6");
    }
  }

  @Test
  void resetResolvesEveryUnresolvedMiraiToConnectionResetAndDaemonsExit() throws Exception {
    Daemons daemons = Daemons.builder().compute(NAME).n(1).start();
    List<Process> processes = processesOf(daemons);
    List<Mirai<Integer>> mirai = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      mirai.add(Mirai.mirai(() -> {
        Thread.sleep(60_000);
        return 0;
      }, OPTS));
    }
    Await.until(() -> Daemons.info(NAME).executing() == 1);
    assertThat(Daemons.reset(NAME)).isFalse();
    for (Mirai<Integer> m : mirai) {
      assertThat(((ErrorValueException) m.result().error()).value())
          .isEqualTo(ErrorValue.CONNECTION_RESET);
    }
    assertThat(Daemons.isSet(NAME)).isFalse();
    assertThat(Daemons.info(NAME)).isNull();
    for (Process p : processes) {
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  private static List<Process> processesOf(Daemons daemons) throws Exception {
    java.lang.reflect.Field f = Daemons.class.getDeclaredField("profile");
    f.setAccessible(true);
    return ((org.mirai4j.internal.host.Profile) f.get(daemons)).processes();
  }

  @Test
  void terminateMakesPersistentDaemonsExit() throws Exception {
    Daemons daemons = Daemons.builder().compute(NAME).n(1)
        .daemonOptions(DaemonOptions.builder().autoExit(AutoExit.NEVER).build()).start();
    Process process = processesOf(daemons).get(0);
    Daemons.terminate(NAME);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
  }

  @Test
  void infoCountersAddUpWithDispatcher() throws Exception {
    try (Daemons daemons = Daemons.builder().compute(NAME).n(1).start()) {
      Mirai<Integer> running = Mirai.mirai(() -> {
        Thread.sleep(60_000);
        return 0;
      }, OPTS);
      Mirai<Integer> queued = Mirai.mirai(() -> 1, OPTS);
      Await.until(() -> Daemons.info(NAME).executing() == 1);
      Info info = Daemons.info(NAME);
      assertThat(info).isEqualTo(new Info(1, 1, 1, 1, 0));
      running.cancel(true);
      assertThat(queued.get(30, TimeUnit.SECONDS)).isEqualTo(1);
      Await.until(() -> Daemons.info(NAME).completed() == 2);
      assertThat(Daemons.info(NAME)).isEqualTo(new Info(1, 1, 0, 0, 2));
      assertThat(Daemons.status(NAME).tasks()).isEqualTo(2);
      assertThat(Daemons.status(NAME).memory()).isEqualTo(new Memory(0, 0, null));
    }
  }

  @Test
  void profilesAreIndependentAndWithDaemonsSwitchesTheDefault() throws Exception {
    try (Daemons a = Daemons.builder().compute(NAME).n(1).start();
        Daemons b = Daemons.builder().compute(NAME + "-b").sync(true).start()) {
      assertThat(Daemons.isSet(NAME)).isTrue();
      long host = ProcessHandle.current().pid();
      long inA = Daemons.withDaemons(NAME, () -> Mirai.mirai(() -> ProcessHandle.current().pid()).get());
      long inB = Daemons.withDaemons(NAME + "-b",
          () -> Mirai.mirai(() -> ProcessHandle.current().pid()).get());
      assertThat(inA).isNotEqualTo(host);
      assertThat(inB).isEqualTo(host);
      assertThat(b.compute()).isEqualTo(NAME + "-b");
    }
  }

  @Test
  void syncModeEvaluatesInTheCallerWithTheSameSemantics() throws Exception {
    try (Daemons sync = Daemons.builder().compute(NAME).sync(true).start()) {
      assertThat(Mirai.mirai(() -> Mirai.onDaemon(), OPTS).get()).isTrue();
      Mirai.mirai(() -> Mirai.globals().put("x", 1), OPTS).get();
      assertThat(Mirai.mirai(() -> Mirai.globals().containsKey("x"), OPTS).get()).isFalse();
      assertThat(Mirai.mirai(() -> 1 / HostTest.zero(), OPTS).result().error())
          .isInstanceOf(MiraiError.class);
      Object opaque = new Object();
      assertThatThrownBy(() -> Mirai.mirai(() -> opaque, OPTS))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Object");
    }
  }

  static int zero() {
    return 0;
  }

  @Test
  void withoutDaemonsEachMiraiRunsOnAnEphemeralDaemon() throws Exception {
    long host = ProcessHandle.current().pid();
    long first = Mirai.mirai(() -> ProcessHandle.current().pid(), Opts.compute("never-set")).get();
    long second = Mirai.mirai(() -> ProcessHandle.current().pid(), Opts.compute("never-set")).get();
    assertThat(first).isNotEqualTo(host);
    assertThat(second).isNotEqualTo(first);
  }

  @Test
  void launchLocalAddsDaemonsThatTakeWorkAtOnce() throws Exception {
    String secret = "host-test-" + System.nanoTime();
    try (Daemons daemons = Daemons.builder().compute(NAME).n(1).secret(secret).start()) {
      List<String> commands = daemons.launchLocal(2);
      // not the word "secret": the checkout's own path may hold it
      assertThat(commands).hasSize(2).allSatisfy(c -> assertThat(c)
          .contains("org.mirai4j.Daemon").contains(daemons.url()).doesNotContain(secret)
          .doesNotContain("--secret"));
      Await.until(() -> Daemons.status(NAME).connections() == 3);
      Set<Long> pids = new HashSet<>();
      List<Mirai<Long>> mirai = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        mirai.add(Mirai.mirai(() -> {
          Thread.sleep(300);
          return ProcessHandle.current().pid();
        }, OPTS));
      }
      for (Mirai<Long> m : mirai) {
        pids.add(m.get());
      }
      assertThat(pids).hasSize(3);
    }
  }

  @Test
  void manualLaunchCommandRunsAsPrinted() throws Exception {
    try (Daemons daemons = Daemons.builder().compute(NAME).url("tcp://127.0.0.1:0").start()) {
      List<String> commands = daemons.launchRemote(1, RemoteConfig.manual());
      assertThat(commands).hasSize(1);
      Process p = new ProcessBuilder("sh", "-c", commands.get(0)).inheritIO().start();
      try {
        assertThat(Mirai.mirai(() -> "manual", OPTS).get(60, TimeUnit.SECONDS)).isEqualTo("manual");
      } finally {
        Daemons.reset(NAME);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    }
  }

  @Test
  void startReplacesAProfileOfTheSameName() throws Exception {
    Daemons first = Daemons.builder().compute(NAME).sync(true).start();
    Daemons second = Daemons.builder().compute(NAME).n(1).start();
    assertThat(second.url()).isNotEqualTo(first.url());
    assertThat(Mirai.mirai(() -> ProcessHandle.current().pid(), OPTS).get())
        .isNotEqualTo(ProcessHandle.current().pid());
  }

  @Test
  void wildcardBindAdvertisesThisMachinesAddress() {
    try (Daemons daemons = Daemons.builder().compute(NAME).url("tcp://0.0.0.0:0").start()) {
      assertThat(daemons.url()).doesNotContain("0.0.0.0")
          .startsWith("tcp://" + org.mirai4j.launch.Urls.hostAddress() + ":");
      assertThat(daemons.launchRemote(1, RemoteConfig.manual()).get(0)).contains(daemons.url());
      assertThat(daemons.tlsCertificate()).isNull();
    }
  }

  @Test
  void directModeCancelAndTimeoutInterruptTheDaemonToo() throws Exception {
    try (Daemons daemons = Daemons.builder().compute(NAME).n(1).dispatcher(false).start()) {
      Mirai<Object> canceled = Mirai.mirai(() -> {
        Thread.sleep(60_000);
        return null;
      }, OPTS);
      Mirai<Object> timedOut = Mirai.mirai(() -> {
        Thread.sleep(60_000);
        return null;
      }, OPTS.withTimeout(java.time.Duration.ofMillis(300)));
      Mirai<String> after = Mirai.mirai(() -> "after both", OPTS);
      assertThat(canceled.cancel(true)).isTrue();
      assertThat(((ErrorValueException) timedOut.result().error()).value())
          .isEqualTo(ErrorValue.TIMED_OUT);
      // Well before either 60 s sleep could end: both were interrupted on the daemon.
      assertThat(after.get(30, TimeUnit.SECONDS)).isEqualTo("after both");
    }
  }
}
