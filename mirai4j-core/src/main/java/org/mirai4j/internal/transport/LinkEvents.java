package org.mirai4j.internal.transport;

/** What the listener reports to the dispatcher, always on the event loop thread. */
public interface LinkEvents {
  /** The config bytes that follow the host's proof in a new daemon's WELCOME. */
  byte[] welcomeConfig();

  /** A daemon authenticated. */
  void connected(DaemonLink link);

  /** An authenticated daemon sent a frame. */
  void frame(DaemonLink link, HostFrame frame);

  /** An authenticated daemon's connection ended. */
  void disconnected(DaemonLink link);

  /**
   * An authenticated daemon's channel became writable again (Netty's outbound buffer fell below
   * its low-water mark): queued work may be written to it.
   */
  default void writable(DaemonLink link) {}

  /** A peer failed the handshake or broke the protocol before authenticating. */
  void rejected(String peer, String reason);
}
