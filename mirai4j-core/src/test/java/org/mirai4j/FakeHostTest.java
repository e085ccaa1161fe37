package org.mirai4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mirai4j.internal.host.LocalLauncher;
import org.mirai4j.internal.protocol.FrameType;
import org.mirai4j.internal.protocol.HostHandshake;
import org.mirai4j.internal.protocol.ProtocolException;

/**
 * A daemon that dials something other than its host: a listener that never speaks, one that
 * cannot prove the secret, one that sends a short WELCOME. Each ends the daemon with a clear
 * message and exit code {@link Daemon#EXIT_PROTOCOL}, never an unchecked exception.
 */
class FakeHostTest {
  private static final String SECRET = "fake-host-test-secret";

  /** What a fake host does once a daemon connects. */
  private interface Script {
    void run(DataInputStream in, DataOutputStream out) throws IOException;
  }

  private static ServerSocket fakeHost(Script script) throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread thread = new Thread(() -> {
      try (Socket socket = server.accept()) {
        script.run(new DataInputStream(socket.getInputStream()),
            new DataOutputStream(socket.getOutputStream()));
        socket.getInputStream().read(); // hold the connection until the daemon gives up
      } catch (IOException ignored) {
        // the daemon hung up, as it should
      }
    }, "fake-host");
    thread.setDaemon(true);
    thread.start();
    return server;
  }

  private static void frame(DataOutputStream out, FrameType type, byte[] payload)
      throws IOException {
    out.writeInt(9 + payload.length);
    out.writeByte(type.code());
    out.writeLong(0);
    out.write(payload);
    out.flush();
  }

  private static void readFrame(DataInputStream in) throws IOException {
    int length = in.readInt();
    in.readFully(new byte[length]);
  }

  private static String url(ServerSocket server) {
    return "tcp://127.0.0.1:" + server.getLocalPort();
  }

  private static Throwable runDaemon(ServerSocket server) {
    return org.assertj.core.api.Assertions.catchThrowable(
        () -> Daemon.run(url(server), DaemonOptions.builder().secret(SECRET).build()));
  }

  @Test
  void aHostThatCannotProveTheSecretIsRefused() throws Exception {
    try (ServerSocket server = fakeHost((in, out) -> {
      HostHandshake impostor = new HostHandshake("a guess".getBytes(StandardCharsets.UTF_8), true);
      frame(out, FrameType.HELLO, impostor.hello());
      readFrame(in);
      // The best it can do: a WELCOME of the right shape under its own key.
      frame(out, FrameType.WELCOME, new byte[32 + 1 + 4 + 32]);
    })) {
      Throwable failure = runDaemon(server);
      assertThat(failure).isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("failed to prove the secret")
          .hasCauseInstanceOf(ProtocolException.class);
    }
  }

  @Test
  void aShortWelcomeIsAProtocolErrorNotACrash() throws Exception {
    try (ServerSocket server = fakeHost((in, out) -> {
      frame(out, FrameType.HELLO, new HostHandshake(SECRET.getBytes(), true).hello());
      readFrame(in);
      frame(out, FrameType.WELCOME, new byte[3]);
    })) {
      assertThat(runDaemon(server)).isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("malformed WELCOME of 3 bytes");
    }
  }

  @Test
  void anOversizedFrameBeforeTheHostsProofIsRefusedBeforeAllocating() throws Exception {
    try (ServerSocket server = fakeHost((in, out) -> {
      frame(out, FrameType.HELLO, new HostHandshake(SECRET.getBytes(), true).hello());
      readFrame(in);
      out.writeInt(1 << 30); // a 1 GiB WELCOME announced before any proof
      out.writeByte(FrameType.WELCOME.code());
      out.flush();
    })) {
      assertThat(runDaemon(server)).isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("frame of 1073741824 bytes")
          .hasMessageContaining("outside 9..1024");
    }
  }

  @Test
  void aSilentListenerIsGivenUpOnAndTheProcessExitsWithTheProtocolCode() throws Exception {
    try (ServerSocket server = fakeHost((in, out) -> { })) {
      List<String> command = new ArrayList<>(LocalLauncher.daemonCommand());
      command.addAll(List.of(url(server), "--output"));
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().put("MIRAI4J_SECRET", SECRET);
      Process process = builder.start();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("daemon exited").isTrue();
      String output;
      try (InputStream stdout = process.getInputStream()) {
        output = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
      }
      assertThat(process.exitValue()).isEqualTo(Daemon.EXIT_PROTOCOL);
      assertThat(output).contains("no handshake from " + url(server) + " within 10 s");
    }
  }

  @Test
  void anUnreachableHostIsNotAProtocolError() {
    assertThatThrownBy(() -> Daemon.run("tcp://127.0.0.1:1",
        DaemonOptions.builder().secret(SECRET).build()))
        .isInstanceOf(UncheckedIOException.class).hasMessageContaining("cannot dial")
        .cause().isNotInstanceOf(ProtocolException.class);
  }
}
