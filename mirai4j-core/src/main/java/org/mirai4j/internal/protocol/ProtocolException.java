package org.mirai4j.internal.protocol;

import java.io.IOException;

/**
 * A peer broke the wire protocol or failed authentication: bad magic, version, proof, frame
 * type, size or MAC, or no handshake in time.
 */
public final class ProtocolException extends IOException {
  private static final long serialVersionUID = 1L;

  public ProtocolException(String message) {
    super(message);
  }

  public ProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
