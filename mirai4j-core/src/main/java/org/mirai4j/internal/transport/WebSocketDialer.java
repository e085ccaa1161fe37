package org.mirai4j.internal.transport;

import java.io.IOException;

/** Dials ws:// and wss:// (completed by the WebSocket work). */
final class WebSocketDialer {
  private WebSocketDialer() {}

  static BlockingConnection dial(MiraiUrl url, String tlsCert) throws IOException {
    throw new IOException(url.scheme().text() + ":// is not supported yet");
  }
}
