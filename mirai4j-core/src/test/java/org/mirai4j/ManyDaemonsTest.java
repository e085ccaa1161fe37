package org.mirai4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.mirai4j.testing.InProcessDaemon;

/** A thousand lightweight daemons over real sockets, one dispatcher. */
class ManyDaemonsTest {
  private static final String NAME = "many-daemons";
  private static final String SECRET = "many-secret";

  @Test
  void thousandDaemonsServeHundredThousandTasksWithNoneLost() throws Exception {
    Daemons host = Daemons.builder().compute(NAME).url("tcp://127.0.0.1:0").secret(SECRET).start();
    List<CompletableFuture<Integer>> exits = new ArrayList<>();
    try {
      DaemonOptions options = DaemonOptions.builder().secret(SECRET).build();
      for (int i = 0; i < 1_000; i++) {
        exits.add(InProcessDaemon.start(host.url(), options));
      }
      Awaitility.await().atMost(Duration.ofSeconds(120))
          .until(() -> Daemons.status(NAME).connections() == 1_000);
      List<Mirai<Integer>> mirai = new ArrayList<>(100_000);
      for (int i = 0; i < 100_000; i++) {
        int v = i;
        mirai.add(Mirai.mirai(() -> v, Opts.compute(NAME)));
      }
      long sum = 0;
      for (Mirai<Integer> m : mirai) {
        sum += m.get(120, TimeUnit.SECONDS);
      }
      assertThat(sum).isEqualTo(100_000L * 99_999 / 2);
      assertThat(Daemons.info(NAME)).isEqualTo(new Info(1_000, 1_000, 0, 0, 100_000));
    } finally {
      Daemons.reset(NAME);
    }
    for (CompletableFuture<Integer> exit : exits) {
      assertThat(exit.get(60, TimeUnit.SECONDS)).isZero();
    }
  }
}
