package org.mirai4j.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.mirai4j.internal.protocol.DaemonHandshake;
import org.mirai4j.internal.protocol.Frame;
import org.mirai4j.internal.protocol.FrameMac;
import org.mirai4j.internal.protocol.Frames;
import org.mirai4j.internal.protocol.HostHandshake;

/**
 * Fuzzes the daemon's frame reader, {@link BlockingConnection#read}: before the handshake (raw
 * bytes under the handshake limit) and after it, with and without frame MACs ({@link
 * FrameScript}). Only IOExceptions (EOF, ProtocolException) may come out, never an unchecked
 * exception or an allocation past the limit.
 */
class BlockingConnectionFuzzTest {
  private static final int LIMIT = HostFrameFuzzTest.LIMIT;

  @FuzzTest(maxDuration = "20s")
  void readBeforeAuthentication(byte[] data) {
    BlockingConnection connection = connection(List.of(data));
    long allocated = HostFrameFuzzTest.allocatedBytes();
    List<Frame> frames = readAll(connection);
    // Judged before any assertion: AssertJ's comparisons allocate megabytes of their own.
    HostFrameFuzzTest.assertAllocatedAtMost("readBeforeAuthentication", allocated, data.length);
    for (Frame frame : frames) {
      assertThat(frame.payload().length).isLessThanOrEqualTo(Frames.HANDSHAKE_LIMIT);
    }
    assertThat(frames.size()).isLessThanOrEqualTo(data.length / 13);
  }

  @FuzzTest(maxDuration = "20s")
  void readAfterAuthentication(byte[] data) throws Exception {
    boolean integrity = FrameScript.integrity(data);
    HostHandshake host = new HostHandshake(HostFrameFuzzTest.SECRET, integrity);
    DaemonHandshake daemon = new DaemonHandshake(HostFrameFuzzTest.SECRET, true, integrity, 7);
    HostHandshake.Accepted accepted =
        host.accept(daemon.auth(host.hello()), 0, new byte[DaemonHandshake.STREAM_BYTES], false);
    DaemonHandshake.Welcomed welcomed = daemon.welcome(accepted.welcome());
    FrameMac hostToDaemon = accepted.outbound();

    FrameScript script = FrameScript.run(data, hostToDaemon);
    BlockingConnection connection = connection(script.reads);
    connection.authenticated(LIMIT, welcomed.inbound(), welcomed.outbound());
    long allocated = HostFrameFuzzTest.allocatedBytes();
    List<FrameScript.Expected> read = readAll(connection).stream()
        .map(f -> new FrameScript.Expected(f.type(), f.id(), f.payload())).toList();
    HostFrameFuzzTest.assertAllocatedAtMost("readAfterAuthentication", allocated, data.length);
    if (integrity || script.clean) {
      assertThat(read).usingRecursiveFieldByFieldElementComparator()
          .as("frames read").containsExactlyElementsOf(script.expected);
    } else {
      assertThat(read.subList(0, Math.min(read.size(), script.expected.size())))
          .usingRecursiveFieldByFieldElementComparator()
          .as("frames read before the first fault").containsExactlyElementsOf(script.expected);
    }
  }

  /** A connection that reads the buffers in turn, as separate socket reads would arrive. */
  private static BlockingConnection connection(List<byte[]> reads) {
    List<ByteArrayInputStream> streams = new ArrayList<>();
    for (byte[] read : reads) {
      streams.add(new ByteArrayInputStream(read));
    }
    return new BlockingConnection(new SequenceInputStream(Collections.enumeration(streams)),
        OutputStream.nullOutputStream(), () -> {}, "fuzz");
  }

  /** Reads until the first IOException: the only kind the reader may throw. */
  private static List<Frame> readAll(BlockingConnection connection) {
    List<Frame> frames = new ArrayList<>();
    while (true) {
      try {
        frames.add(connection.read());
      } catch (IOException expected) {
        return frames;
      }
    }
  }
}
