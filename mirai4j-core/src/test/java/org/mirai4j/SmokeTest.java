package org.mirai4j;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void miraiReturnsValueFromDaemon() throws Exception {
    try (Daemons d = Daemons.start(2)) {
      int x = 21;
      assertThat(Mirai.mirai(() -> x * 2).get()).isEqualTo(42);
      assertThat(Mirai.mirai(() -> Mirai.onDaemon()).get()).isTrue();
      long t0 = System.nanoTime();
      for (int i = 0; i < 2000; i++) {
        Mirai.mirai(() -> null).get();
      }
      System.out.println("rtt us " + (System.nanoTime() - t0) / 2000 / 1000.0);
    }
  }
}
