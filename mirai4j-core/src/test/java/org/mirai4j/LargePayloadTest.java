package org.mirai4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mirai4j.testing.InProcessDaemon;

/**
 * Payloads larger than one write piece go out in pieces as the socket drains, tagged piece by
 * piece on tcp://: they arrive whole, and the frames sent while one is still going out arrive
 * after it, in order, their MACs in sequence.
 */
class LargePayloadTest {
  private static final String NAME = "large-payload-test";
  private static final String SECRET = "large-payload-secret";
  private static final Opts OPTS = Opts.compute(NAME);

  @AfterEach
  void reset() {
    Daemons.terminate(NAME);
  }

  @ParameterizedTest
  @ValueSource(strings = {"tcp://127.0.0.1:0", "ipc"})
  void aLargeTaskAndItsLargeResultArriveWholeWithTheSmallTasksSentBehindIt(String url)
      throws Exception {
    Daemons.Builder builder = Daemons.builder().compute(NAME).dispatcher(false).secret(SECRET);
    Daemons host = (url.equals("ipc") ? builder : builder.url(url)).start();
    InProcessDaemon.start(host.url(), DaemonOptions.builder().secret(SECRET).build());
    // Not a whole number of pieces (1 MiB), so the last piece is a short one.
    double[] big = new double[700_001];
    for (int i = 0; i < big.length; i++) {
      big[i] = i * 0.25 - 3;
    }
    List<Mirai<Integer>> small = new ArrayList<>();
    Mirai<double[]> echo = Mirai.mirai(() -> big, OPTS);
    for (int i = 0; i < 20; i++) {
      int n = i;
      small.add(Mirai.mirai(() -> n * 2, OPTS));
    }
    Mirai<double[]> again = Mirai.mirai(() -> big.clone(), OPTS);

    assertThat(echo.get(60, TimeUnit.SECONDS)).isEqualTo(big);
    for (int i = 0; i < small.size(); i++) {
      assertThat(small.get(i).get(60, TimeUnit.SECONDS)).isEqualTo(i * 2);
    }
    assertThat(again.get(60, TimeUnit.SECONDS)).isEqualTo(big);
  }
}
