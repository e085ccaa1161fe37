package org.mirai4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataOutputStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mirai4j.testing.Await;
import org.mirai4j.testing.InProcessDaemon;

/** Bad URLs and bad peers get a clear error, lose nothing and disturb no one. */
class BadInputTest {
  private static final String NAME = "bad-input-test";
  private static final String SECRET = "bad-input-secret";
  private static final Opts OPTS = Opts.compute(NAME);

  @AfterEach
  void reset() {
    Daemons.terminate(NAME);
  }

  @Test
  void unknownSchemeIsRejectedNamingIt() {
    assertThatThrownBy(() -> Daemons.builder().url("udp://127.0.0.1:5555"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown scheme 'udp'");
  }

  @Test
  void malformedUrlsAreRejectedNamingThem() {
    assertThatThrownBy(() -> Daemons.builder().url("tcp://127.0.0.1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tcp://127.0.0.1");
    assertThatThrownBy(() -> Daemons.builder().url("tcp://host:99999"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
    assertThatThrownBy(() -> Daemons.builder().url("localhost:5555"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed URL");
    assertThatThrownBy(() -> Daemon.run("tcp://[::1:5", DaemonOptions.builder().secret("s").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IPv6");
  }

  @Test
  void portInUseIsAClearError() {
    try (Daemons first = Daemons.builder().compute(NAME).url("tcp://127.0.0.1:0").start()) {
      assertThatThrownBy(() -> Daemons.builder().compute(NAME + "-2").url(first.url()).start())
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("cannot listen at " + first.url())
          .hasMessageContaining("in use");
      assertThat(Daemons.isSet(NAME + "-2")).isFalse();
    }
  }

  @Test
  void garbageAndOversizedFramesAreDroppedCountedAndDisturbNoOne() throws Exception {
    Daemons host = Daemons.builder().compute(NAME).url("tcp://127.0.0.1:0").secret(SECRET).start();
    InProcessDaemon.start(host.url(), DaemonOptions.builder().secret(SECRET).build());
    Await.until(() -> Daemons.status(NAME).connections() == 1);
    Mirai<String> during = Mirai.mirai(() -> {
      Thread.sleep(300);
      return "undisturbed";
    }, OPTS);
    String[] hostPort = host.url().substring("tcp://".length()).split(":");
    InetSocketAddress address =
        new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]));
    // Garbage: not a frame of a known type.
    assertDropped(address, new byte[] {0, 0, 0, 20, 99, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
        13, 14, 15, 16, 17, 18, 19, 20});
    // Oversized: a 1 GB frame announced before authenticating; nothing is allocated for it.
    assertDropped(address, new byte[] {0x40, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0});
    Await.until(() -> Daemons.status(NAME).rejected() == 2);
    assertThat(during.get(30, TimeUnit.SECONDS)).isEqualTo("undisturbed");
    assertThat(Daemons.status(NAME).connections()).isEqualTo(1);
    assertThat(Daemons.info(NAME).cumulative()).isEqualTo(1); // the one daemon, ever
    assertThat(Daemons.status(NAME).tasks()).isEqualTo(1);
  }

  private static void assertDropped(InetSocketAddress address, byte[] bytes) throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(address, 10_000);
      socket.setSoTimeout(30_000);
      new DataOutputStream(socket.getOutputStream()).write(bytes);
      InputStream in = socket.getInputStream();
      // The HELLO comes first, then the host closes: read to the end.
      byte[] buffer = new byte[4096];
      while (in.read(buffer) >= 0) {
        // drain until the host closes the connection
      }
    }
  }
}
