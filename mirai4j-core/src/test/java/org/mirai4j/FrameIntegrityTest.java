package org.mirai4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mirai4j.internal.protocol.FrameType;
import org.mirai4j.testing.Await;
import org.mirai4j.testing.FrameProxy;
import org.mirai4j.testing.InProcessDaemon;

/**
 * A peer on the path of a tcp:// connection (the {@link FrameProxy}) lets the handshake
 * through, then injects, replays or swallows frames: each is noticed, only that connection
 * closes, every mirai resolves, and the host keeps serving.
 */
class FrameIntegrityTest {
  private static final String NAME = "frame-integrity-test";
  private static final String SECRET = "frame-integrity-secret";
  private static final Opts OPTS = Opts.compute(NAME);
  private static final DaemonOptions DAEMON = DaemonOptions.builder().secret(SECRET).build();

  @AfterEach
  void reset() {
    Daemons.terminate(NAME);
  }

  private static Daemons host(Duration heartbeat) {
    return Daemons.builder().compute(NAME).url("tcp://127.0.0.1:0").secret(SECRET)
        .heartbeat(heartbeat).start();
  }

  @Test
  void aReplayedTaskIsRefusedByTheDaemon() throws Exception {
    Daemons host = host(Daemons.DEFAULT_HEARTBEAT);
    try (FrameProxy proxy = FrameProxy.in(host.url())) {
      CompletableFuture<Integer> daemon = InProcessDaemon.start(proxy.url(), DAEMON);
      assertThat(Mirai.mirai(() -> "first", OPTS).get(30, TimeUnit.SECONDS)).isEqualTo("first");
      byte[] task = proxy.toDaemon.stream()
          .filter(f -> FrameProxy.type(f) == FrameType.TASK.code()).findFirst().orElseThrow();
      Mirai<String> running = Mirai.mirai(() -> {
        Thread.sleep(60_000);
        return "never";
      }, OPTS);
      Await.until(() -> Daemons.info(NAME).executing() == 1);

      proxy.injectToDaemon(task); // would run "first" again, were it accepted

      assertThat(daemonFailure(daemon)).contains("integrity check failed on a frame header");
      assertThat(errorValue(running)).isEqualTo(ErrorValue.CONNECTION_RESET);
      assertServesAnotherDaemon(host);
    }
  }

  @Test
  void aReplayedResultIsRefusedByTheHostAndResolvesNothing() throws Exception {
    Daemons host = host(Daemons.DEFAULT_HEARTBEAT);
    try (FrameProxy proxy = FrameProxy.in(host.url())) {
      InProcessDaemon.start(proxy.url(), DAEMON);
      assertThat(Mirai.mirai(() -> "first", OPTS).get(30, TimeUnit.SECONDS)).isEqualTo("first");
      byte[] result = proxy.toHost.stream()
          .filter(f -> FrameProxy.type(f) == FrameType.RESULT.code()).findFirst().orElseThrow();
      Mirai<String> running = Mirai.mirai(() -> {
        Thread.sleep(60_000);
        return "never";
      }, OPTS);
      Await.until(() -> Daemons.info(NAME).executing() == 1);
      // Point the recorded result at the running task: without the MAC it would resolve it.
      long id = running.id();
      for (int i = 0; i < 8; i++) {
        result[5 + i] = (byte) (id >>> (56 - 8 * i));
      }

      proxy.injectToHost(result);

      assertThat(errorValue(running)).isEqualTo(ErrorValue.CONNECTION_RESET);
      Await.until(() -> Daemons.status(NAME).connections() == 0);
      assertServesAnotherDaemon(host);
    }
  }

  @Test
  void garbageInjectedAfterTheHandshakeClosesOnlyThatConnection() throws Exception {
    Daemons host = host(Daemons.DEFAULT_HEARTBEAT);
    InProcessDaemon.start(host.url(), DAEMON);
    try (FrameProxy proxy = FrameProxy.in(host.url())) {
      InProcessDaemon.start(proxy.url(), DAEMON);
      Await.until(() -> Daemons.status(NAME).connections() == 2);
      // A well-formed RESULT for task 1 with a made-up tag.
      byte[] forged = new byte[4 + 9 + 2 + 16];
      forged[3] = (byte) (forged.length - 4);
      forged[4] = FrameType.RESULT.code();
      forged[12] = 1;
      proxy.injectToHost(forged);
      Await.until(() -> Daemons.status(NAME).connections() == 1);
      assertThat(Mirai.mirai(() -> "still served", OPTS).get(30, TimeUnit.SECONDS))
          .isEqualTo("still served");
    }
  }

  @Test
  void anInjectedHugeLengthIsRefusedOnItsHeaderTagBeforeAnythingIsAllocated() throws Exception {
    Daemons host = host(Daemons.DEFAULT_HEARTBEAT);
    try (FrameProxy proxy = FrameProxy.in(host.url())) {
      CompletableFuture<Integer> daemon = InProcessDaemon.start(proxy.url(), DAEMON);
      assertThat(Mirai.mirai(() -> "first", OPTS).get(30, TimeUnit.SECONDS)).isEqualTo("first");
      // A 2 GB RESULT announced after the handshake, with a made-up header tag: honoured, it
      // would cost the host 2 GB before the frame tag at its end could be checked.
      byte[] huge = new byte[4 + 9 + 16];
      huge[0] = 0x7f;
      huge[1] = (byte) 0xff;
      huge[2] = (byte) 0xff;
      huge[4] = FrameType.RESULT.code();
      proxy.injectToHost(huge);
      Await.until(() -> Daemons.status(NAME).connections() == 0);
      // And the same towards the daemon, on a connection of its own.
      huge[4] = FrameType.TASK.code();
      try (FrameProxy second = FrameProxy.in(host.url())) {
        CompletableFuture<Integer> other = InProcessDaemon.start(second.url(), DAEMON);
        Await.until(() -> Daemons.status(NAME).connections() == 1);
        second.injectToDaemon(huge);
        assertThat(daemonFailure(other)).contains("integrity check failed on a frame header");
      }
      daemon.cancel(true);
      assertServesAnotherDaemon(host);
    }
  }

  @Test
  void aPartitionIsNoticedOnBothSidesWithinTheHeartbeatBound() throws Exception {
    Daemons host = host(Duration.ofMillis(200));
    try (FrameProxy proxy = FrameProxy.in(host.url())) {
      CompletableFuture<Integer> daemon = InProcessDaemon.start(proxy.url(), DAEMON);
      Mirai<String> running = Mirai.mirai(() -> {
        Thread.sleep(60_000);
        return "never";
      }, OPTS);
      Await.until(() -> Daemons.info(NAME).executing() == 1);

      proxy.cut(); // silence: no FIN, no RST

      assertThat(errorValue(running)).isEqualTo(ErrorValue.CONNECTION_RESET);
      assertThat(Daemons.status(NAME).connections()).isZero();
      // The daemon hears nothing either, drops the host and, autoexit IMMEDIATE, returns.
      assertThat(daemon.get(30, TimeUnit.SECONDS)).isZero();
      assertServesAnotherDaemon(host);
    }
  }

  private static void assertServesAnotherDaemon(Daemons host) throws Exception {
    InProcessDaemon.start(host.url(), DAEMON);
    assertThat(Mirai.mirai(() -> "served", OPTS).get(30, TimeUnit.SECONDS)).isEqualTo("served");
  }

  private static String daemonFailure(CompletableFuture<Integer> daemon) throws Exception {
    try {
      daemon.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(UncheckedIOException.class);
      return e.getCause().getMessage();
    }
    throw new AssertionError("the daemon did not fail");
  }

  private static ErrorValue errorValue(Mirai<?> mirai) throws Exception {
    try {
      mirai.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return ((ErrorValueException) e.getCause()).value();
    }
    throw new AssertionError("resolved to a value");
  }

}
