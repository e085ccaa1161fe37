package org.mirai4j.internal.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Set;
import org.mirai4j.internal.protocol.FrameMac;
import org.mirai4j.internal.protocol.FrameType;
import org.mirai4j.internal.protocol.Frames;

/**
 * An authenticated daemon as the host sees it. Its mutable state belongs to the event loop
 * thread of its channel, where the dispatcher runs; it is never touched elsewhere.
 */
public final class DaemonLink {
  private static final byte[] EMPTY = new byte[0];
  private static final int SMALL_PAYLOAD = 16 * 1024;

  private final Channel channel;
  private final boolean dispatcherDaemon;
  /** Tasks sent and not yet answered, in the order sent (the first one is running). */
  public final LinkedHashMap<Long, Object> inFlight = new LinkedHashMap<>();
  /** everywhere() groups this daemon served. */
  public final Set<Object> servedGroups = new HashSet<>();
  /** Classes shipped to this daemon (afterwards it gets only their hash). */
  public final Set<String> shippedClasses = new HashSet<>();
  /** Whether the daemon sent its last result and takes no more tasks. */
  public boolean retiring;
  /** Whether the dispatcher counts it idle. */
  public boolean idle;
  /** Its number in the profile, set by the dispatcher as it joins (1, 2, ...); 0 before. */
  public long id;
  /** Tasks whose RESULT it sent (setup task left out). */
  public long tasksServed;

  private final long pid;
  private FrameMac mac;

  private final String hostName;
  private final java.util.List<String> labels;

  public DaemonLink(Channel channel, boolean dispatcherDaemon, long pid, String hostName,
      java.util.List<String> labels) {
    this.channel = channel;
    this.dispatcherDaemon = dispatcherDaemon;
    this.pid = pid;
    this.hostName = hostName;
    this.labels = labels;
  }

  /** The name of the daemon's machine, as it said in the handshake. */
  public String hostName() {
    return hostName;
  }

  /** The daemon's labels, as it said in the handshake. */
  public java.util.List<String> labels() {
    return labels;
  }

  /** The daemon's process id, as it said (for local daemons: to replace a stuck one). */
  public long pid() {
    return pid;
  }

  /** The channel. */
  public Channel channel() {
    return channel;
  }

  /** Whether the daemon said it expects a dispatcher (informational: the protocol is one). */
  public boolean dispatcherDaemon() {
    return dispatcherDaemon;
  }

  /**
   * From now on every frame sent carries a MAC (frame integrity on tcp:// and ws://). Called on
   * the event loop right after the WELCOME is written.
   */
  void startMac(FrameMac outbound) {
    this.mac = outbound;
  }

  /**
   * Sends a frame whose payload is {@code array[0, length)}; the array must not change until it
   * is written (a large one is copied out piece by piece as the socket drains). Frames are
   * written on the channel's event loop, in the order of the calls made there; a call from
   * another thread is handed to the loop.
   */
  public void send(FrameType type, long id, byte[] array, int length) {
    if (!channel.eventLoop().inEventLoop()) {
      channel.eventLoop().execute(() -> send(type, id, array, length));
      return;
    }
    int overhead = mac == null ? 0 : FrameMac.OVERHEAD;
    int frameLength = Frames.HEADER_BYTES + length + overhead;
    if (length > SMALL_PAYLOAD) {
      // The payload goes in pieces as the socket drains, tagged piece by piece (PayloadChunks);
      // the frames sent meanwhile take the next sequence numbers and queue behind it.
      FrameMac.Deferred deferred = mac == null ? null : mac.defer(frameLength, type.code(), id);
      ByteBuf header = channel.alloc().buffer(
          Frames.LENGTH_BYTES + Frames.HEADER_BYTES + overhead / 2);
      header.writeInt(frameLength).writeByte(type.code()).writeLong(id);
      if (deferred != null) {
        header.writeBytes(deferred.headerTag());
      }
      channel.write(header, channel.voidPromise());
      channel.writeAndFlush(new PayloadChunks(array, length, deferred), channel.voidPromise());
      return;
    }
    ByteBuf frame = channel.alloc().buffer(
        Frames.LENGTH_BYTES + Frames.HEADER_BYTES + length + overhead);
    frame.writeInt(frameLength).writeByte(type.code()).writeLong(id);
    if (mac != null) {
      frame.writeBytes(mac.headerTag(frameLength, type.code(), id));
      mac.begin(frameLength, type.code(), id);
      mac.update(array, 0, length);
    }
    // One buffer, one write: copying a small payload is cheaper than a second segment.
    frame.writeBytes(array, 0, length);
    if (mac != null) {
      frame.writeBytes(mac.finish());
    }
    channel.writeAndFlush(frame, channel.voidPromise());
  }

  /** Sends a frame without payload. */
  public void send(FrameType type, long id) {
    send(type, id, EMPTY, 0);
  }

  /**
   * A snapshot of what the host knows of this daemon. On the event loop only, like the state it
   * reads.
   *
   * @param connected whether it is connected now
   */
  public org.mirai4j.DaemonInfo info(boolean connected) {
    return new org.mirai4j.DaemonInfo(id, hostName, pid, labels, connected, tasksServed);
  }

  @Override
  public String toString() {
    String address = String.valueOf(channel.remoteAddress());
    return "daemon " + pid + "@" + hostName + " at " + (address.isEmpty() ? "ipc" : address)
        + (dispatcherDaemon ? "" : " (direct)");
  }
}
