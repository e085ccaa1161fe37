package org.mirai4j.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mirai4j.Daemon;
import org.mirai4j.DaemonOptions;
import org.mirai4j.Daemons;
import org.mirai4j.Mirai;
import org.mirai4j.Opts;
import org.mirai4j.internal.host.Profiles;
import org.mirai4j.testing.Await;
import org.mirai4j.testing.InProcessDaemon;

/** ws:// and wss:// end to end: Netty's WebSocket codec on the host, the JDK on the daemon. */
@Timeout(120)
class WebSocketTransportTest {
  private static final String SECRET = "ws-transport-test-secret";

  private static Daemons host(String compute, String url) {
    return Daemons.builder().compute(compute).url(url).n(0).secret(SECRET).start();
  }

  private static DaemonOptions options(String tlsCert) {
    return DaemonOptions.builder().secret(SECRET).tlsCert(tlsCert).build();
  }

  private static void awaitConnections(String compute, int n) {
    Await.until(() -> Daemons.status(compute).connections() == n);
  }

  @Test
  void aWsDaemonServesMiraiIncludingPayloadsLargerThanOneWebSocketFrame() throws Exception {
    String compute = "ws-plain";
    try (Daemons daemons = host(compute, "ws://127.0.0.1:0/mirai")) {
      assertThat(daemons.url()).startsWith("ws://127.0.0.1:").endsWith("/mirai");
      InProcessDaemon.start(daemons.url(), options(null));
      awaitConnections(compute, 1);
      assertThat(Mirai.mirai(() -> 42, Opts.compute(compute)).get()).isEqualTo(42);
      byte[] big = new byte[3 * WebSocketDialer.MAX_FRAME_PAYLOAD + 17];
      for (int i = 0; i < big.length; i++) {
        big[i] = (byte) (i * 31);
      }
      byte[] back = Mirai.mirai(() -> {
        byte[] copy = big.clone();
        copy[copy.length - 1] ^= 1;
        return copy;
      }, Opts.compute(compute)).get();
      big[big.length - 1] ^= 1;
      assertThat(Arrays.equals(back, big)).isTrue();
      for (int i = 0; i < 200; i++) {
        int x = i;
        assertThat(Mirai.mirai(() -> x + 1, Opts.compute(compute)).get()).isEqualTo(i + 1);
      }
    }
  }

  @Test
  void aWssDaemonTrustingTheGeneratedCertificateServesAMirai() throws Exception {
    String compute = "ws-secure";
    try (Daemons daemons = host(compute, "wss://127.0.0.1:0/")) {
      String pem = Profiles.get(compute).tlsCertificatePem();
      assertThat(pem).contains("-----BEGIN CERTIFICATE-----");
      InProcessDaemon.start(daemons.url(), options(pem));
      awaitConnections(compute, 1);
      assertThat(Mirai.mirai(() -> "secure", Opts.compute(compute)).get()).isEqualTo("secure");
    }
  }

  @Test
  void aLocalDaemonJvmDialsWss() throws Exception {
    String compute = "ws-local-jvm";
    try (Daemons daemons = Daemons.builder().compute(compute).url("wss://127.0.0.1:0/d").n(1)
        .start()) {
      assertThat(Mirai.mirai(() -> ProcessHandle.current().pid(), Opts.compute(compute)).get())
          .isNotEqualTo(ProcessHandle.current().pid());
    }
  }

  @Test
  void aWrongPathIsRefusedWith404AndCountedRejected() throws Exception {
    String compute = "ws-wrong-path";
    try (Daemons daemons = host(compute, "ws://127.0.0.1:0/right")) {
      String wrong = daemons.url().replace("/right", "/wrong");
      assertThatThrownBy(() -> Daemon.run(wrong, options(null)))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("WebSocket upgrade refused")
          .hasMessageContaining("404");
      Await.until(() -> Daemons.status(compute).rejected() >= 1);
      InProcessDaemon.start(daemons.url(), options(null));
      awaitConnections(compute, 1);
      assertThat(Mirai.mirai(() -> 1, Opts.compute(compute)).get()).isEqualTo(1);
    }
  }

  @Test
  void aPlainTcpDaemonAgainstAWsListenerIsToldItSpeaksHttp() {
    String compute = "ws-plain-peer";
    try (Daemons daemons = host(compute, "ws://127.0.0.1:0/")) {
      String tcp = daemons.url().replace("ws://", "tcp://").replaceAll("/$", "");
      long started = System.nanoTime();
      assertThatThrownBy(() -> Daemon.run(tcp, options(null)))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("speaks HTTP");
      assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(8);
      Await.until(() -> Daemons.status(compute).rejected() >= 1);
    }
  }

  @Test
  void aWsDaemonAgainstAWssListenerIsToldItIsTls() {
    String compute = "ws-against-wss";
    try (Daemons daemons = host(compute, "wss://127.0.0.1:0/")) {
      String plain = daemons.url().replace("wss://", "ws://");
      assertThatThrownBy(() -> Daemon.run(plain, options(null)))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining(plain);
      Await.until(() -> Daemons.status(compute).rejected() >= 1);
    }
  }

  @Test
  void theDaemonsFramingAnswersPingsJoinsContinuationsAndEndsAtClose() throws Exception {
    ByteArrayOutputStream fromHost = new ByteArrayOutputStream();
    fromHost.write(new byte[] {(byte) 0x89, 2, 'h', 'i'});            // ping "hi"
    fromHost.write(new byte[] {0x02, 2, 'a', 'b'});                   // binary, not final
    fromHost.write(new byte[] {(byte) 0x8A, 0});                      // unsolicited pong
    fromHost.write(new byte[] {(byte) 0x80, 2, 'c', 'd'});            // continuation, final
    fromHost.write(new byte[] {(byte) 0x88, 2, 0x03, (byte) 0xe8});   // close 1000
    ByteArrayOutputStream toHost = new ByteArrayOutputStream();
    WebSocketDialer.Output out = new WebSocketDialer.Output(toHost);
    WebSocketDialer.Input in =
        new WebSocketDialer.Input(new ByteArrayInputStream(fromHost.toByteArray()), out);
    assertThat(in.readAllBytes()).isEqualTo("abcd".getBytes(StandardCharsets.US_ASCII));
    assertThat(in.read()).isEqualTo(-1);
    byte[] sent = toHost.toByteArray();
    // A masked pong echoing "hi", then a masked close echoing 1000.
    assertThat(sent).hasSize(2 + 4 + 2 + 2 + 4 + 2);
    assertThat(sent[0] & 0xff).isEqualTo(0x8A);
    assertThat(sent[1] & 0xff).isEqualTo(0x80 | 2);
    assertThat(new byte[] {(byte) (sent[6] ^ sent[2]), (byte) (sent[7] ^ sent[3])})
        .isEqualTo("hi".getBytes(StandardCharsets.US_ASCII));
    assertThat(sent[8] & 0xff).isEqualTo(0x88);
    assertThat(new byte[] {(byte) (sent[14] ^ sent[10]), (byte) (sent[15] ^ sent[11])})
        .isEqualTo(new byte[] {0x03, (byte) 0xe8});
  }

  @Test
  void theDaemonSplitsLongWritesIntoMaskedFramesTheHostAccepts() throws Exception {
    ByteArrayOutputStream toHost = new ByteArrayOutputStream();
    WebSocketDialer.Output out = new WebSocketDialer.Output(toHost);
    byte[] data = new byte[WebSocketDialer.MAX_FRAME_PAYLOAD + 5];
    Arrays.fill(data, (byte) 7);
    out.write(data);
    byte[] sent = toHost.toByteArray();
    // 65536 bytes need the 8-byte length form, then a 5-byte frame.
    assertThat(sent).hasSize(2 + 8 + 4 + WebSocketDialer.MAX_FRAME_PAYLOAD + 2 + 4 + 5);
    assertThat(sent[0] & 0xff).isEqualTo(0x82);
    assertThat(sent[1] & 0xff).isEqualTo(0x80 | 127);
    int second = 2 + 8 + 4 + WebSocketDialer.MAX_FRAME_PAYLOAD;
    assertThat(sent[second] & 0xff).isEqualTo(0x82);
    assertThat(sent[second + 1] & 0xff).isEqualTo(0x80 | 5);
  }

  @Test
  void theAcceptKeyFollowsRfc6455() {
    // RFC 6455 section 1.3's example.
    assertThat(WebSocketDialer.expectedAccept("dGhlIHNhbXBsZSBub25jZQ=="))
        .isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  }
}
