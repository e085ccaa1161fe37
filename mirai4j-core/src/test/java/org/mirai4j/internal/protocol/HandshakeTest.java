package org.mirai4j.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Handshake v2 on its own: each role, every field under the MAC, nothing replayable. */
class HandshakeTest {
  private static final byte[] SECRET = "handshake-secret".getBytes(StandardCharsets.UTF_8);
  private static final byte[] STREAM = new byte[DaemonHandshake.STREAM_BYTES];

  @Test
  void bothRolesAgreeOnSettingsAndFrameKeys() throws Exception {
    HostHandshake host = new HostHandshake(SECRET, true);
    DaemonHandshake daemon = new DaemonHandshake(SECRET, true, false, 4242);
    byte[] auth = daemon.auth(host.hello());
    HostHandshake.Accepted accepted = host.accept(auth, 2000, STREAM, true);
    assertThat(accepted.pid()).isEqualTo(4242);
    assertThat(accepted.dispatcher()).isTrue();
    DaemonHandshake.Welcomed welcomed = daemon.welcome(accepted.welcome());
    assertThat(welcomed.heartbeatMillis()).isEqualTo(2000);
    assertThat(welcomed.configFollows()).isTrue();
    // The host's outbound MAC is the daemon's inbound one, and the other way round.
    assertThat(tag(accepted.outbound(), "task")).isEqualTo(tag(welcomed.inbound(), "task"));
    assertThat(tag(welcomed.outbound(), "result")).isEqualTo(tag(accepted.inbound(), "result"));
  }

  @Test
  void theHostLearnsTheDaemonsMachineAndLabelsUnderItsProof() throws Exception {
    HostHandshake host = new HostHandshake(SECRET, true);
    DaemonHandshake daemon =
        new DaemonHandshake(SECRET, false, true, 9, "node7", List.of("gpu", "bigmem"));
    HostHandshake.Accepted accepted = host.accept(daemon.auth(host.hello()), 0, STREAM, false);
    assertThat(accepted.hostName()).isEqualTo("node7");
    assertThat(accepted.labels()).containsExactly("gpu", "bigmem");
    assertThatThrownBy(() -> new DaemonHandshake(SECRET, false, true, 9, "n", List.of("a,b")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without commas");
    assertThatThrownBy(() -> new DaemonHandshake(SECRET, false, true, 9, "n".repeat(800), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("over 768");
  }

  @Test
  void integrityIsOnWhenEitherSideAsksForIt() throws Exception {
    HostHandshake host = new HostHandshake(SECRET, false);
    DaemonHandshake daemon = new DaemonHandshake(SECRET, false, true, 1);
    HostHandshake.Accepted accepted = host.accept(daemon.auth(host.hello()), 0, STREAM, false);
    assertThat(accepted.inbound()).isNotNull();
    assertThat(daemon.welcome(accepted.welcome()).inbound()).isNotNull();

    HostHandshake plainHost = new HostHandshake(SECRET, false);
    DaemonHandshake plainDaemon = new DaemonHandshake(SECRET, false, false, 1);
    HostHandshake.Accepted plain =
        plainHost.accept(plainDaemon.auth(plainHost.hello()), 0, STREAM, false);
    assertThat(plain.inbound()).isNull();
    assertThat(plainDaemon.welcome(plain.welcome()).outbound()).isNull();
  }

  @Test
  void aWrongSecretFailsOnBothSides() throws Exception {
    HostHandshake host = new HostHandshake(SECRET, true);
    DaemonHandshake impostor = new DaemonHandshake("guess".getBytes(), false, true, 1);
    assertThatThrownBy(() -> host.accept(impostor.auth(host.hello()), 0, STREAM, false))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("wrong secret");

    HostHandshake fakeHost = new HostHandshake("guess".getBytes(), true);
    DaemonHandshake daemon = new DaemonHandshake(SECRET, false, true, 1);
    DaemonHandshake fakeDaemon = new DaemonHandshake("guess".getBytes(), false, true, 1);
    byte[] hello = fakeHost.hello();
    daemon.auth(hello);
    // The fake host answers with a WELCOME it can make: one for its own secret.
    HostHandshake.Accepted own = fakeHost.accept(fakeDaemon.auth(hello), 0, STREAM, false);
    assertThatThrownBy(() -> daemon.welcome(own.welcome()))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("failed to prove the secret");
  }

  @Test
  void everyAuthFieldIsUnderTheProof() throws Exception {
    int length = new DaemonHandshake(SECRET, true, true, 77, "node1", List.of("gpu"))
        .auth(new HostHandshake(SECRET, true).hello()).length;
    for (int i = 1; i < length; i++) { // byte 0 is the version, checked first
      HostHandshake host = new HostHandshake(SECRET, true);
      byte[] auth = new DaemonHandshake(SECRET, true, true, 77, "node1", List.of("gpu"))
          .auth(host.hello());
      auth[i] ^= 1;
      // A flipped length is malformed; any other flipped byte fails the proof.
      assertThatThrownBy(() -> host.accept(auth, 0, STREAM, false))
          .as("flipped byte %d", i)
          .isInstanceOf(ProtocolException.class)
          .hasMessageMatching("wrong secret.*|malformed AUTH of \\d+ bytes");
    }
  }

  @Test
  void everyWelcomeFieldIsUnderTheProof() throws Exception {
    for (int i = 0; i < DaemonHandshake.WELCOME_BYTES; i++) {
      HostHandshake host = new HostHandshake(SECRET, true);
      DaemonHandshake daemon = new DaemonHandshake(SECRET, true, true, 77);
      byte[] welcome = host.accept(daemon.auth(host.hello()), 1000, STREAM, false).welcome();
      welcome[i] ^= 1;
      assertThatThrownBy(() -> daemon.welcome(welcome))
          .as("flipped byte %d", i)
          .isInstanceOf(ProtocolException.class).hasMessageContaining("failed to prove");
    }
  }

  @Test
  void aRecordedAuthIsWorthNothingOnANewConnection() throws Exception {
    HostHandshake first = new HostHandshake(SECRET, true);
    byte[] recorded = new DaemonHandshake(SECRET, false, true, 1).auth(first.hello());
    first.accept(recorded, 0, STREAM, false);
    HostHandshake second = new HostHandshake(SECRET, true);
    assertThatThrownBy(() -> second.accept(recorded, 0, STREAM, false))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("wrong secret");
  }

  @Test
  void malformedMessagesAreProtocolErrorsNeverUncheckedExceptions() throws Exception {
    HostHandshake host = new HostHandshake(SECRET, true);
    assertThatThrownBy(() -> host.accept(new byte[] {Handshake.VERSION, 0, 0}, 0, STREAM, false))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("malformed AUTH");
    byte[] otherVersion = new byte[DaemonHandshake.AUTH_FIXED_BYTES];
    otherVersion[0] = 1;
    assertThatThrownBy(() -> host.accept(otherVersion, 0, STREAM, false))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("daemon speaks v1, this host v2");

    DaemonHandshake daemon = new DaemonHandshake(SECRET, false, true, 1);
    assertThatThrownBy(() -> daemon.auth(new byte[] {'M'}))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("short greeting");
    assertThatThrownBy(() -> daemon.auth("GET / HTTP/1.1".getBytes()))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("bad magic");
    byte[] v1 = host.hello();
    v1[3] = 1;
    assertThatThrownBy(() -> daemon.auth(v1))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("host speaks v1");
    daemon.auth(host.hello());
    assertThatThrownBy(() -> daemon.welcome(new byte[5]))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("malformed WELCOME of 5");
  }

  @Test
  void frameMacsDetectAlteredReplayedAndReorderedFrames() {
    byte[] key = new byte[32];
    FrameMac sender = new FrameMac(key);
    FrameMac receiver = new FrameMac(key);
    byte[] first = frameTag(sender, 1, "one");
    byte[] second = frameTag(sender, 2, "two");
    assertThat(frameVerifies(receiver, 1, "one", first)).isTrue();
    // Replayed: the first frame again where the second is due.
    assertThat(frameVerifies(receiver, 1, "one", first)).isFalse();
    // Dropped: the second frame where the first is due.
    assertThat(frameVerifies(new FrameMac(key), 2, "two", second)).isFalse();
    // Altered.
    FrameMac fresh = new FrameMac(key);
    assertThat(frameVerifies(fresh, 1, "one", first)).isTrue();
    assertThat(frameVerifies(fresh, 2, "twO", second)).isFalse();
  }

  @Test
  void aDeferredFrameVerifiesInItsPlaceThoughTheFramesBehindItWereTaggedFirst() {
    byte[] key = new byte[32];
    FrameMac sender = new FrameMac(key);
    byte[] big = "a payload tagged piece by piece".getBytes(StandardCharsets.UTF_8);
    int length = Frames.HEADER_BYTES + big.length + FrameMac.OVERHEAD;
    FrameMac.Deferred deferred = sender.defer(length, FrameType.RESULT.code(), 9);
    byte[] behind = frameTag(sender, 10, "small"); // tagged before the deferred frame ends
    deferred.update(big, 0, 5);
    deferred.update(big, 5, big.length - 5);
    byte[] bigTag = deferred.finish();

    FrameMac receiver = new FrameMac(key);
    assertThat(receiver.verifyHeader(length, FrameType.RESULT.code(), 9, deferred.headerTag()))
        .isTrue();
    receiver.begin(length, FrameType.RESULT.code(), 9);
    receiver.update(big, 0, big.length);
    assertThat(receiver.verify(bigTag)).isTrue();
    assertThat(frameVerifies(receiver, 10, "small", behind)).isTrue();
    // In the other order, the frame behind it fails where the deferred one is due.
    assertThat(frameVerifies(new FrameMac(key), 10, "small", behind)).isFalse();
  }

  @Test
  void aHeaderTagVouchesForTheLengthBeforeThePayloadArrives() {
    byte[] key = new byte[32];
    FrameMac sender = new FrameMac(key);
    FrameMac receiver = new FrameMac(key);
    byte[] headerTag = sender.headerTag(100, FrameType.RESULT.code(), 5);
    assertThat(receiver.verifyHeader(Integer.MAX_VALUE - 64, FrameType.RESULT.code(), 5, headerTag))
        .isFalse();
    assertThat(new FrameMac(key).verifyHeader(100, FrameType.RESULT.code(), 5, headerTag))
        .isTrue();
  }

  private static byte[] tag(FrameMac mac, String payload) {
    return frameTag(mac, 7, payload);
  }

  private static byte[] frameTag(FrameMac mac, long id, String payload) {
    byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
    mac.begin(Frames.HEADER_BYTES + bytes.length + FrameMac.OVERHEAD, FrameType.TASK.code(), id);
    mac.update(bytes, 0, bytes.length);
    return mac.finish();
  }

  private static boolean frameVerifies(FrameMac mac, long id, String payload, byte[] tag) {
    byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
    mac.begin(Frames.HEADER_BYTES + bytes.length + FrameMac.OVERHEAD, FrameType.TASK.code(), id);
    mac.update(bytes, 0, bytes.length);
    return mac.verify(tag);
  }
}
