package org.mirai4j.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Fuzzes both ends of ws://: the daemon's JDK-only WebSocket client ({@link
 * WebSocketDialer.Input}: the upgrade response, then frames from the host) and the host's real
 * ws:// pipeline on an EmbeddedChannel, upgraded by a valid request before the fuzz bytes
 * arrive as WebSocket frames.
 */
class WebSocketFuzzTest {
  private static final byte[] UPGRADE = ("GET /mirai HTTP/1.1\r\n"
      + "Host: 127.0.0.1:5555\r\n"
      + "Upgrade: websocket\r\n"
      + "Connection: Upgrade\r\n"
      + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
      + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

  /** Host frames to the daemon: only IOExceptions, and never more bytes out than came in. */
  @FuzzTest(maxDuration = "20s")
  void daemonReadsFrames(byte[] data) {
    ByteArrayOutputStream sent = new ByteArrayOutputStream();
    WebSocketDialer.Input in = new WebSocketDialer.Input(
        new ByteArrayInputStream(data), new WebSocketDialer.Output(sent));
    long allocated = HostFrameFuzzTest.allocatedBytes();
    byte[] buf = new byte[300];
    long total = 0;
    try {
      for (int i = 0; ; i++) {
        // Single bytes and odd sizes: both read paths, and payloads split across calls.
        int n = i % 3 == 0 ? (in.read() < 0 ? -1 : 1) : in.read(buf, i % 7, 1 + i % 250);
        if (n < 0) {
          break;
        }
        total += n;
        if (total > data.length) {
          throw new AssertionError("read " + total + " bytes out of " + data.length + " in");
        }
      }
    } catch (IOException expected) {
      // a malformed or truncated frame: the daemon drops the connection
    }
    HostFrameFuzzTest.assertAllocatedAtMost("daemonReadsFrames", allocated, data.length);
  }

  /** The host's answer to the upgrade: only IOExceptions, and a bounded head. */
  @FuzzTest(maxDuration = "20s")
  void daemonReadsUpgradeResponse(byte[] data) {
    WebSocketDialer.Input in = new WebSocketDialer.Input(
        new ByteArrayInputStream(data), new WebSocketDialer.Output(new ByteArrayOutputStream()));
    try {
      String head = in.readHttpHead();
      assertThat(head.length()).isLessThanOrEqualTo(data.length);
    } catch (IOException expected) {
      // not an HTTP head, too long, or cut short
    }
  }

  /**
   * The host's ws:// pipeline after the upgrade: WebSocket frames from a peer that has not
   * authenticated never deliver a frame, only the expected refusals are raised, and the peer is
   * dropped at the handshake timeout at the latest.
   */
  @FuzzTest(maxDuration = "20s")
  void hostReadsFrames(byte[] data) throws Exception {
    RecordingEvents events = new RecordingEvents();
    List<Throwable> errors = new ArrayList<>();
    EmbeddedChannel ch = HostFrameFuzzTest.channel();
    HostListener.pipeline(ch, MiraiUrl.parse("ws://127.0.0.1:5555/mirai"),
        HostFrameFuzzTest.SECRET, events, null, 0);
    ch.pipeline().addAfter("frames", "spy", new HostFrameFuzzTest.ErrorSpy(errors));
    ch.register();
    try {
      ch.writeInbound(Unpooled.wrappedBuffer(UPGRADE));
      release(ch);
      assertThat(events.rejected).as("rejected the valid upgrade").isEmpty();
      int half = data.length / 2;
      for (int[] range : new int[][] {{0, half}, {half, data.length}}) {
        if (ch.isOpen() && range[1] > range[0]) {
          ch.writeInbound(Unpooled.wrappedBuffer(data, range[0], range[1] - range[0]));
          release(ch);
        }
      }
      assertThat(events.connected).as("authenticated without the secret").isEmpty();
      assertThat(events.frames).isEmpty();
      assertThat(events.violations).isEmpty();
      assertThat(HostFrameFuzzTest.unexpected(errors).stream()
          // Unwrap's refusal of a text or control frame the protocol handler passed on
          .filter(e -> !(e instanceof IllegalStateException
              && String.valueOf(e.getMessage()).startsWith("unexpected ")))
          .toList()).isEmpty();
      ch.advanceTimeBy(11, TimeUnit.SECONDS);
      ch.runPendingTasks();
      assertThat(ch.isOpen()).as("open after the handshake timeout").isFalse();
    } finally {
      ch.finishAndReleaseAll();
    }
  }

  private static void release(EmbeddedChannel ch) {
    for (Object msg; (msg = ch.readOutbound()) != null; ) {
      ReferenceCountUtil.release(msg);
    }
  }
}
