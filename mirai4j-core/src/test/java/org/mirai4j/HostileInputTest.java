package org.mirai4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mirai4j.internal.protocol.FrameType;
import org.mirai4j.testing.Await;
import org.mirai4j.testing.FrameProxy;

/**
 * Hostile peers against a running host with a real daemon process: whatever they send, they are
 * dropped (and counted in {@link Status#rejected()} when they tried to speak), the daemon keeps
 * serving real tasks throughout, and no task leaks.
 */
class HostileInputTest {
  private static final String NAME = "hostile-input-test";
  private static final String SECRET = "hostile-input-secret";
  private static final Opts OPTS = Opts.compute(NAME);

  private Daemons host;
  private InetSocketAddress address;

  @BeforeEach
  void start() {
    host = Daemons.builder().compute(NAME).url("tcp://127.0.0.1:0").secret(SECRET).n(1).start();
    String[] hostPort = host.url().substring("tcp://".length()).split(":");
    address = new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]));
  }

  @AfterEach
  void stop() {
    Daemons.terminate(NAME);
  }

  @Test
  void garbageAnHttpRequestAndATlsClientHelloAreDroppedAtOnce() throws Exception {
    assertClosedByHost(send(new byte[] {0, 0, 0, 20, 99, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
        13, 14, 15, 16, 17, 18, 19, 20}));
    assertClosedByHost(send("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
    // The first bytes of a TLS 1.2 ClientHello record: read as a 369 MB length, over the limit.
    assertClosedByHost(send(new byte[] {0x16, 0x03, 0x01, 0x00, (byte) 0xf4, 0x01, 0x00, 0x00,
        (byte) 0xf0, 0x03, 0x03, 0, 0, 0, 0}));
    Await.until(() -> Daemons.status(NAME).rejected() == 3);
    assertServingAndNothingLeaks();
  }

  @Test
  void halfOpenAndSlowlorisPeersAreDroppedAtTheHandshakeTimeout() throws Exception {
    List<Socket> silent = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Socket s = new Socket();
      s.connect(address, 10_000);
      silent.add(s);
    }
    Socket slow = new Socket();
    slow.connect(address, 10_000);
    OutputStream drip = slow.getOutputStream();
    byte[] auth = {0, 0, 0, 83, FrameType.AUTH.code(), 0, 0, 0, 0, 0, 0, 0, 0, 2};
    for (byte b : auth) { // one byte a second: the handshake deadline comes first
      try {
        drip.write(b);
        drip.flush();
      } catch (IOException closed) {
        break;
      }
      assertServing(); // and real work goes on meanwhile
      Thread.sleep(1_000); // the attacker's pace, not a synchronisation
    }
    for (Socket s : silent) {
      assertClosedByHost(s);
    }
    assertClosedByHost(slow);
    Await.until(() -> Daemons.status(NAME).rejected() == 21);
    assertServingAndNothingLeaks();
  }

  @Test
  void tenThousandConnectsAndClosesLeakNothing() throws Exception {
    long fdsBefore = openFiles();
    for (int i = 0; i < 10_000; i++) {
      try (Socket s = new Socket()) {
        s.connect(address, 10_000);
      }
      if (i % 2_000 == 0) {
        assertServing();
      }
    }
    assertServingAndNothingLeaks();
    // Each connection's channel and handshake timer went with it.
    Await.until(() -> openFiles() < fdsBefore + 50);
  }

  @Test
  void aWrongSecretIsRefusedAndCounted() throws Exception {
    assertThatThrownBy(() -> Daemon.run(host.url(),
        DaemonOptions.builder().secret("a guess").build()))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("wrong secret");
    Await.until(() -> Daemons.status(NAME).rejected() == 1);
    assertServingAndNothingLeaks();
  }

  @Test
  void aReplayedHandshakeIsRefusedAndCounted() throws Exception {
    byte[] recordedAuth;
    try (FrameProxy proxy = FrameProxy.in(host.url())) {
      org.mirai4j.testing.InProcessDaemon.start(proxy.url(),
          DaemonOptions.builder().secret(SECRET).build());
      Await.until(() -> proxy.toHost.size() >= 1);
      recordedAuth = proxy.toHost.get(0);
      assertThat(FrameProxy.type(recordedAuth)).isEqualTo(FrameType.AUTH.code());
    }
    try (Socket s = new Socket()) {
      s.connect(address, 10_000);
      DataInputStream in = new DataInputStream(s.getInputStream());
      in.readFully(new byte[in.readInt()]); // a fresh HELLO, with a fresh nonce
      s.getOutputStream().write(recordedAuth);
      assertClosedByHost(s);
    }
    Await.until(() -> Daemons.status(NAME).rejected() == 1);
    assertServingAndNothingLeaks();
  }

  private Socket send(byte[] bytes) throws IOException {
    Socket s = new Socket();
    s.connect(address, 10_000);
    s.getOutputStream().write(bytes);
    s.getOutputStream().flush();
    return s;
  }

  /** Reads until the host closes the connection (after its HELLO). */
  private static void assertClosedByHost(Socket s) throws IOException {
    s.setSoTimeout(30_000);
    InputStream in = s.getInputStream();
    byte[] buffer = new byte[4096];
    try {
      while (in.read(buffer) >= 0) {
        // drain until the host closes the connection
      }
    } catch (java.net.SocketException reset) {
      // closed with a reset: closed all the same
    } finally {
      s.close();
    }
  }

  private void assertServing() throws Exception {
    assertThat(Mirai.mirai(() -> 6 * 7, OPTS).get(30, TimeUnit.SECONDS)).isEqualTo(42);
  }

  private void assertServingAndNothingLeaks() throws Exception {
    assertServing();
    Info info = Daemons.info(NAME);
    assertThat(info.connections()).isEqualTo(1);
    assertThat(info.awaiting()).isZero();
    assertThat(info.executing()).isZero();
  }

  private static long openFiles() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }
}
