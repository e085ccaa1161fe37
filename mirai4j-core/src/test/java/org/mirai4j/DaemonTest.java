package org.mirai4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mirai4j.testing.Await;
import org.mirai4j.testing.InProcessDaemon;

/**
 * The seed's daemon() argument by argument, with daemons run by {@link Daemon#run} on threads
 * against real hosts over real sockets.
 */
class DaemonTest {
  private static final String SECRET = "daemon-test-secret";
  private static final String NAME = "daemon-test";
  private static final Opts OPTS = Opts.compute(NAME);

  @AfterEach
  void reset() {
    Daemons.terminate(NAME);
  }

  private static Daemons host(boolean dispatcher) {
    return Daemons.builder().compute(NAME).url("tcp://127.0.0.1:0").secret(SECRET)
        .dispatcher(dispatcher).start();
  }

  private static DaemonOptions.Builder options() {
    return DaemonOptions.builder().secret(SECRET);
  }

  private static CompletableFuture<Integer> daemon(Daemons host, DaemonOptions options) {
    CompletableFuture<Integer> exit = InProcessDaemon.start(host.url(), options);
    Await.until(() -> Daemons.status(NAME).connections() >= 1 || exit.isDone());
    return exit;
  }

  @Test
  void idleTimeExitsWithCode1() throws Exception {
    Daemons host = host(true);
    CompletableFuture<Integer> exit =
        daemon(host, options().idleTime(Duration.ofSeconds(2)).build());
    assertThat(Mirai.mirai(() -> "once", OPTS).get()).isEqualTo("once");
    assertThat(exit.get(30, TimeUnit.SECONDS)).isEqualTo(1);
  }

  @Test
  void wallTimeLetsTheLateTaskRunAsTheLastThenExitsWithCode2() throws Exception {
    Daemons host = host(true);
    CompletableFuture<Integer> exit =
        daemon(host, options().wallTime(Duration.ofMillis(300)).build());
    Mirai<String> first = Mirai.mirai(() -> {
      Thread.sleep(600);
      return "first";
    }, OPTS);
    Mirai<String> late = Mirai.mirai(() -> "late", OPTS);
    assertThat(first.get()).isEqualTo("first");
    assertThat(late.get()).isEqualTo("late");
    assertThat(exit.get(30, TimeUnit.SECONDS)).isEqualTo(2);
  }

  @Test
  void idleDaemonPastWallTimeExitsWithCode1AsTheSeedsTimedOutWait() throws Exception {
    // the seed waits min(idletime, walltime) for a task; a wait that times out sets xc <- 1L
    Daemons host = host(true);
    CompletableFuture<Integer> exit =
        daemon(host, options().wallTime(Duration.ofMillis(200)).build());
    assertThat(exit.get(30, TimeUnit.SECONDS)).isEqualTo(1);
  }

  @Test
  void maxTasksDeliversTheMarkedLastResultThenExitsWithCode3() throws Exception {
    Daemons host = host(true);
    CompletableFuture<Integer> limited = daemon(host, options().maxTasks(3).build());
    List<Mirai<Integer>> mirai = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      int v = i;
      mirai.add(Mirai.mirai(() -> v, OPTS));
    }
    assertThat(limited.get(30, TimeUnit.SECONDS)).isEqualTo(3);
    // The queued rest wait for, and go to, the next daemon.
    CompletableFuture<Integer> other = InProcessDaemon.start(host.url(), options().build());
    for (int i = 0; i < 5; i++) {
      assertThat(mirai.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(i);
    }
    assertThat(Daemons.info(NAME).completed()).isEqualTo(5);
    assertThat(other).isNotDone();
  }

  @Test
  void maxTasksWithoutDispatcherGivesBackTasksItWillNotRun() throws Exception {
    Daemons host = host(false);
    CompletableFuture<Integer> limited = daemon(host, options().dispatcher(false).maxTasks(2).build());
    List<Mirai<Integer>> mirai = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      int v = i;
      mirai.add(Mirai.mirai(() -> v, OPTS));
    }
    assertThat(limited.get(30, TimeUnit.SECONDS)).isEqualTo(3);
    InProcessDaemon.start(host.url(), options().dispatcher(false).build());
    for (int i = 0; i < 4; i++) {
      assertThat(mirai.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(i);
    }
  }

  @Test
  void asyncDialOffFailsFastWithTheUrlInTheMessage() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String url = "tcp://127.0.0.1:" + port;
    assertThatThrownBy(() -> Daemon.run(url, options().build()))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("cannot dial " + url);
  }

  @Test
  void asyncDialOnWaitsForTheHostToAppear() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String url = "tcp://127.0.0.1:" + port;
    CompletableFuture<Integer> exit = InProcessDaemon.start(url, options().asyncDial(true).build());
    Daemons.builder().compute(NAME).url(url).secret(SECRET).start();
    assertThat(Mirai.mirai(() -> "dialed later", OPTS).get(30, TimeUnit.SECONDS))
        .isEqualTo("dialed later");
    Daemons.reset(NAME);
    assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void autoExitImmediateAbandonsTheTaskWhenTheHostGoes() throws Exception {
    Daemons host = host(true);
    CompletableFuture<Integer> exit = daemon(host, options().build());
    Mirai<String> m = Mirai.mirai(() -> {
      Thread.sleep(60_000);
      return "never";
    }, OPTS);
    Await.until(() -> Daemons.info(NAME).executing() == 1);
    Daemons.reset(NAME);
    assertThat(m.result().error()).isInstanceOf(ErrorValueException.class);
    assertThat(((ErrorValueException) m.result().error()).value())
        .isEqualTo(ErrorValue.CONNECTION_RESET);
    assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void autoExitAfterTaskFinishesTheTaskThenExits(@TempDir Path dir) throws Exception {
    Daemons host = host(true);
    Path started = dir.resolve("started");
    Path marker = dir.resolve("done");
    String startedPath = started.toString();
    String markerPath = marker.toString();
    CompletableFuture<Integer> exit =
        daemon(host, options().autoExit(AutoExit.AFTER_TASK).build());
    Mirai.mirai(() -> {
      Files.writeString(Path.of(startedPath), "x");
      Thread.sleep(500);
      Files.writeString(Path.of(markerPath), "finished");
      return null;
    }, OPTS);
    Await.until(() -> Files.exists(started));
    Daemons.reset(NAME);
    assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(marker).hasContent("finished");
  }

  @Test
  void autoExitNeverServesTheNextHostAtTheUrlAndExitsOnlyOnTerminate() throws Exception {
    Daemons first = host(true);
    String url = first.url();
    CompletableFuture<Integer> exit =
        daemon(first, options().autoExit(AutoExit.NEVER).build());
    Mirai.everywhere(() -> Mirai.globals().put("served", "by the first host"), 1, NAME)
        .collect();
    Daemons.reset(NAME);
    assertThat(exit).isNotDone();
    Daemons.builder().compute(NAME).url(url).secret(SECRET).start();
    assertThat(Mirai.mirai(() -> Mirai.globals().get("served"), OPTS).get(30, TimeUnit.SECONDS))
        .isEqualTo("by the first host");
    Daemons.terminate(NAME);
    assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void cleanupRestoresGlobalsButKeepsWhatEverywhereSet() throws Exception {
    host(true);
    InProcessDaemon.start(Daemons.status(NAME).url(), options().build());
    Mirai.everywhere(() -> Mirai.globals().put("kept", 1), 1, NAME).collect();
    Mirai.mirai(() -> Mirai.globals().put("dropped", 2), OPTS).get();
    assertThat(Mirai.mirai(() -> Mirai.globals().containsKey("dropped"), OPTS).get()).isFalse();
    assertThat(Mirai.mirai(() -> Mirai.globals().get("kept"), OPTS).get()).isEqualTo(1);
  }

  @Test
  void noCleanupKeepsGlobals() throws Exception {
    host(true);
    InProcessDaemon.start(Daemons.status(NAME).url(), options().cleanup(false).build());
    Mirai.mirai(() -> Mirai.globals().put("left", 2), OPTS).get();
    assertThat(Mirai.mirai(() -> Mirai.globals().get("left"), OPTS).get()).isEqualTo(2);
  }

  @Test
  void seedSetsTheInitialRandomStream() throws Exception {
    host(true);
    InProcessDaemon.start(Daemons.status(NAME).url(), options().seed(7).build());
    long first = Mirai.mirai(() -> Mirai.random().nextLong(), OPTS).get();
    Daemons.reset(NAME);
    host(true);
    InProcessDaemon.start(Daemons.status(NAME).url(), options().seed(7).build());
    assertThat(Mirai.mirai(() -> Mirai.random().nextLong(), OPTS).get()).isEqualTo(first);
  }

  @Test
  void wrongSecretIsRefusedAndTheHostKeepsServing() throws Exception {
    Daemons host = host(true);
    assertThatThrownBy(() -> Daemon.run(host.url(),
        DaemonOptions.builder().secret("not the secret").build()))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("closed the connection during the handshake");
    Await.until(() -> Daemons.status(NAME).rejected() == 1);
    InProcessDaemon.start(host.url(), options().build());
    assertThat(Mirai.mirai(() -> "ok", OPTS).get(30, TimeUnit.SECONDS)).isEqualTo("ok");
    assertThat(Daemons.status(NAME).connections()).isEqualTo(1);
  }

  @Test
  void missingSecretIsAClearError() {
    assertThatThrownBy(() -> Daemon.run("tcp://127.0.0.1:1", DaemonOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MIRAI4J_SECRET");
  }
}
