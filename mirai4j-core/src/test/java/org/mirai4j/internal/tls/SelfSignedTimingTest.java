package org.mirai4j.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Reports how long zero-config material takes to make; a loose bound guards against a
 * regression such as switching to RSA (whose key generation is two orders of magnitude slower).
 */
class SelfSignedTimingTest {

  @Test
  void selfSignedMaterialIsQuickToGenerate() {
    long t0 = System.nanoTime();
    TlsMaterial.selfSigned("127.0.0.1").serverContext();
    long first = System.nanoTime() - t0;
    int n = 20;
    t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      TlsMaterial.selfSigned("127.0.0.1");
    }
    long warm = (System.nanoTime() - t0) / n;
    System.out.printf("selfSigned: first (incl. serverContext) %.1f ms, warm %.2f ms%n",
        first / 1e6, warm / 1e6);
    assertThat(warm / 1e6).isLessThan(250.0);
  }
}
