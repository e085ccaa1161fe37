package org.mirai4j.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.mirai4j.internal.protocol.DaemonHandshake;
import org.mirai4j.internal.protocol.FrameMac;
import org.mirai4j.internal.protocol.FrameType;
import org.mirai4j.internal.protocol.Frames;
import org.mirai4j.internal.protocol.ProtocolException;

/**
 * Fuzzes the host's end of a connection (FrameDecoder and HostHandler) on an EmbeddedChannel:
 * raw bytes from a peer that never authenticated, and, after a real handshake, what an
 * authenticated daemon or a man in the middle sends ({@link FrameScript}), with and without
 * frame MACs. Run as a regression test on the committed inputs; fuzz with {@code -Pfuzz}.
 */
class HostFrameFuzzTest {
  static final byte[] SECRET = "fuzz-secret".getBytes(StandardCharsets.UTF_8);
  /** The frame limit after the handshake: small, so that honouring it is visible. */
  static final int LIMIT = 64 * 1024;
  /**
   * What one input may allocate beyond a few copies of itself. Generous, since a class loaded
   * for the first time mid-run is instrumented on this thread; a length prefix honoured past the
   * limit (1 KiB before the handshake, {@link #LIMIT} after) would cost far more.
   */
  private static final long ALLOCATION_SLACK = 32L * 1024 * 1024;

  /** Harnesses that ran once: their first input also pays for loading and instrumenting. */
  private static final Set<String> warm = ConcurrentHashMap.newKeySet();

  /**
   * A peer that has not authenticated: whatever it sends, no frame reaches the dispatcher, a
   * frame over the handshake limit is refused on its length prefix, a complete frame that is not
   * a valid AUTH closes the channel, and one that stays silent is dropped at the timeout.
   */
  @FuzzTest(maxDuration = "20s")
  void hostBeforeAuthentication(byte[] data) throws Exception {
    RecordingEvents events = new RecordingEvents();
    List<Throwable> errors = new ArrayList<>();
    EmbeddedChannel ch = channel();
    HostListener.pipeline(ch, MiraiUrl.parse("tcp://127.0.0.1:5555"), SECRET, events, null, 0);
    ch.pipeline().addAfter("frames", "spy", new ErrorSpy(errors));
    ch.register();
    long allocated = allocatedBytes();
    try {
      // In two reads: a frame split across reads takes the decoder's other path.
      int half = data.length / 2;
      write(ch, data, 0, half);
      write(ch, data, half, data.length);
      // Judged before any assertion: AssertJ's comparisons allocate megabytes of their own.
      assertAllocatedAtMost("hostBeforeAuthentication", allocated, data.length);

      assertThat(events.connected).as("authenticated without the secret").isEmpty();
      assertThat(events.frames).isEmpty();
      assertThat(events.violations).isEmpty();
      assertThat(unexpected(errors)).isEmpty();
      if (data.length >= Frames.LENGTH_BYTES + Frames.HEADER_BYTES) {
        int length = ((data[0] & 0xff) << 24) | ((data[1] & 0xff) << 16)
            | ((data[2] & 0xff) << 8) | (data[3] & 0xff);
        boolean refused = length < Frames.HEADER_BYTES || length > Frames.HANDSHAKE_LIMIT
            || !knownType(data[Frames.LENGTH_BYTES]);
        boolean complete = data.length >= Frames.LENGTH_BYTES + (long) length;
        assertThat(ch.isOpen()).as("open after a first frame of %d bytes", length)
            .isEqualTo(!refused && !complete);
      }

      ch.advanceTimeBy(11, TimeUnit.SECONDS);
      ch.runPendingTasks();
      assertThat(ch.isOpen()).as("open after the handshake timeout").isFalse();
      assertThat(events.rejected).as("rejections").hasSize(1);
    } finally {
      ch.finishAndReleaseAll();
    }
  }

  /**
   * An authenticated daemon, or a man in the middle of its tcp:// connection: frames sent
   * before the first fault arrive, in order; with MACs nothing after it does; no exception but
   * the decoder's own, and no frame over the limit is allocated.
   */
  @FuzzTest(maxDuration = "20s")
  void hostAfterAuthentication(byte[] data) throws Exception {
    boolean integrity = FrameScript.integrity(data);
    RecordingEvents events = new RecordingEvents();
    List<Throwable> errors = new ArrayList<>();
    FrameDecoder decoder = new FrameDecoder();
    EmbeddedChannel ch = channel();
    ch.pipeline().addLast("frames", decoder)
        .addLast("spy", new ErrorSpy(errors))
        .addLast("host", new HostHandler(SECRET, integrity, 0, LIMIT, events, decoder));
    ch.register();
    try {
      FrameMac mac = handshake(ch, integrity, events);
      long allocated = allocatedBytes();
      FrameScript script = FrameScript.run(data, mac);
      for (byte[] read : script.reads) {
        if (!ch.isOpen()) {
          break;
        }
        ch.writeInbound(Unpooled.wrappedBuffer(read));
        releaseOutbound(ch);
      }
      assertAllocatedAtMost("hostAfterAuthentication", allocated, data.length);

      assertThat(events.violations).isEmpty();
      assertThat(unexpected(errors)).isEmpty();
      List<FrameScript.Expected> expected = script.expected.stream()
          .filter(f -> f.type() != FrameType.HEARTBEAT).toList();
      List<FrameScript.Expected> delivered = events.frames.stream()
          .map(f -> new FrameScript.Expected(f.type(), f.id(), f.payload())).toList();
      if (integrity || script.clean) {
        assertThat(delivered).usingRecursiveFieldByFieldElementComparator()
            .as("frames delivered").containsExactlyElementsOf(expected);
      } else {
        assertThat(delivered.subList(0, Math.min(delivered.size(), expected.size())))
            .usingRecursiveFieldByFieldElementComparator()
            .as("frames delivered before the first fault").containsExactlyElementsOf(expected);
      }
      if (script.unknownType) {
        assertThat(ch.isOpen()).as("open after a frame of unknown type").isFalse();
      } else if (script.clean) {
        assertThat(ch.isOpen()).as("open after well-formed frames only").isTrue();
      }
    } finally {
      ch.finishAndReleaseAll();
    }
  }

  /**
   * An unregistered channel with unpooled buffers, so that the bytes an input allocates are its
   * own and not a pool's next chunk.
   */
  static EmbeddedChannel channel() {
    EmbeddedChannel ch = new EmbeddedChannel(false, false);
    ch.config().setAllocator(UnpooledByteBufAllocator.DEFAULT);
    return ch;
  }

  /** Plays the daemon's role through the pipeline; returns the MAC of frames to the host. */
  static FrameMac handshake(EmbeddedChannel ch, boolean integrity, RecordingEvents events)
      throws Exception {
    DaemonHandshake daemon = new DaemonHandshake(SECRET, true, integrity, 42);
    byte[] auth = daemon.auth(payload(ch.readOutbound(), FrameType.HELLO));
    ch.writeInbound(Unpooled.wrappedBuffer(FrameScript.encode(FrameType.AUTH.code(), 0, auth,
        null)));
    DaemonHandshake.Welcomed welcomed =
        daemon.welcome(payload(ch.readOutbound(), FrameType.WELCOME));
    assertThat(events.connected).as("the real daemon authenticated").hasSize(1);
    return welcomed.outbound();
  }

  private static byte[] payload(Object msg, FrameType type) {
    ByteBuf buf = (ByteBuf) msg;
    try {
      int length = buf.readInt();
      assertThat(buf.readByte()).isEqualTo(type.code());
      buf.readLong();
      byte[] payload = new byte[length - Frames.HEADER_BYTES];
      buf.readBytes(payload);
      return payload;
    } finally {
      buf.release();
    }
  }

  private static void write(EmbeddedChannel ch, byte[] data, int from, int to) {
    if (ch.isOpen() && to > from) {
      ch.writeInbound(Unpooled.wrappedBuffer(data, from, to - from));
      releaseOutbound(ch);
    }
  }

  private static void releaseOutbound(EmbeddedChannel ch) {
    for (Object msg; (msg = ch.readOutbound()) != null; ) {
      io.netty.util.ReferenceCountUtil.release(msg);
    }
  }

  private static boolean knownType(byte code) {
    try {
      FrameType.of(code);
      return true;
    } catch (ProtocolException e) {
      return false;
    }
  }

  /** Exceptions that are not the decoder refusing a frame. */
  static List<Throwable> unexpected(List<Throwable> errors) {
    return errors.stream().filter(e -> !(e instanceof TooLongFrameException
        || e instanceof CorruptedFrameException
        || e instanceof DecoderException && e.getCause() instanceof ProtocolException)).toList();
  }

  /**
   * An input allocates a few copies of itself and frames under the limit, nothing bigger. An
   * input during which classes were loaded is not judged: loading (and Jazzer instrumenting) a
   * class allocates megabytes that are not the input's.
   */
  static void assertAllocatedAtMost(String harness, long before, int inputLength) {
    boolean classesLoaded = loadedClasses() != CLASSES_BEFORE.get();
    long allocated = allocatedBytes() - before;
    if (warm.add(harness) || classesLoaded) {
      return;
    }
    assertThat(allocated).as("bytes allocated").isLessThan(ALLOCATION_SLACK + 8L * inputLength);
  }

  private static final ThreadLocal<Long> CLASSES_BEFORE = ThreadLocal.withInitial(() -> -1L);

  private static long loadedClasses() {
    return ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
  }

  /** Bytes this thread allocated so far; also notes the classes loaded so far. */
  static long allocatedBytes() {
    CLASSES_BEFORE.set(loadedClasses());
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }

  /** Between the decoder and the host handler: notes every exception on its way. */
  static final class ErrorSpy extends ChannelInboundHandlerAdapter {
    private final List<Throwable> errors;

    ErrorSpy(List<Throwable> errors) {
      this.errors = errors;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      errors.add(cause);
      ctx.fireExceptionCaught(cause);
    }
  }
}
