package org.mirai4j.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes both roles of handshake v2 with what a peer without the secret can send: nothing it
 * sends is accepted, and each refusal is a ProtocolException with a message (never an unchecked
 * exception).
 */
class HandshakeFuzzTest {
  private static final byte[] SECRET = "fuzz-secret".getBytes(StandardCharsets.UTF_8);
  private static final byte[] STREAM = new byte[DaemonHandshake.STREAM_BYTES];

  /** The host never accepts an AUTH from a peer that did not see its nonce and the secret. */
  @FuzzTest(maxDuration = "20s")
  void hostAccept(byte[] auth) {
    HostHandshake host = new HostHandshake(SECRET, true);
    host.hello();
    try {
      HostHandshake.Accepted accepted = host.accept(auth, 1000, STREAM, false);
      fail("a fuzzed AUTH authenticated as daemon " + accepted.pid());
    } catch (ProtocolException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  /** Any HELLO is either refused or answered with a well-formed AUTH. */
  @FuzzTest(maxDuration = "20s")
  void daemonAuth(byte[] hello) {
    DaemonHandshake daemon = new DaemonHandshake(SECRET, true, true, 42);
    try {
      byte[] auth = daemon.auth(hello);
      assertThat(auth).hasSize(DaemonHandshake.AUTH_FIXED_BYTES + "localhost".length());
      assertThat(hello).hasSize(HostHandshake.HELLO_BYTES);
    } catch (ProtocolException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  /** After a real HELLO, the daemon accepts no WELCOME but one made with the secret. */
  @FuzzTest(maxDuration = "20s")
  void daemonWelcome(byte[] welcome) throws ProtocolException {
    HostHandshake host = new HostHandshake(SECRET, true);
    DaemonHandshake daemon = new DaemonHandshake(SECRET, true, true, 42);
    daemon.auth(host.hello());
    try {
      DaemonHandshake.Welcomed welcomed = daemon.welcome(welcome);
      fail("a fuzzed WELCOME authenticated the host (heartbeat " + welcomed.heartbeatMillis()
          + ")");
    } catch (ProtocolException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }
}
