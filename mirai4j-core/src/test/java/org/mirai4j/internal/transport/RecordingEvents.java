package org.mirai4j.internal.transport;

import java.util.ArrayList;
import java.util.List;

/** LinkEvents for the fuzz harnesses: records what a peer got as far as, and checks nothing. */
final class RecordingEvents implements LinkEvents {
  final List<DaemonLink> connected = new ArrayList<>();
  final List<HostFrame> frames = new ArrayList<>();
  final List<String> rejected = new ArrayList<>();
  /** Broken invariants, kept rather than thrown: the handler would swallow an exception. */
  final List<String> violations = new ArrayList<>();
  int disconnected;

  @Override
  public byte[] welcomeConfig() {
    return new byte[32]; // a stream state, no CONFIG frame
  }

  @Override
  public void connected(DaemonLink link) {
    connected.add(link);
  }

  @Override
  public void frame(DaemonLink link, HostFrame frame) {
    if (!connected.contains(link)) {
      violations.add("a frame from a link that never authenticated: " + frame.type());
    }
    frames.add(frame);
  }

  @Override
  public void disconnected(DaemonLink link) {
    disconnected++;
  }

  @Override
  public void rejected(String peer, String reason) {
    if (reason == null || reason.isEmpty() || reason.equals("null")) {
      // An exception without a message: an NPE or the like, not a refusal the code meant.
      violations.add("a peer rejected without a reason");
    }
    rejected.add(reason);
  }
}
