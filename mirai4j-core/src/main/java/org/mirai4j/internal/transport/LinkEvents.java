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

  /** A peer failed the handshake or broke the protocol before authenticating. */
  void rejected(String peer, String reason);
}
