package org.mirai4j.internal.transport;

import java.io.IOException;

/** Dials tls+tcp:// (completed by the TLS work). */
final class TlsDialer {
  private TlsDialer() {}

  static BlockingConnection dial(MiraiUrl url, String tlsCert) throws IOException {
    throw new IOException("tls+tcp:// is not supported yet");
  }
}
