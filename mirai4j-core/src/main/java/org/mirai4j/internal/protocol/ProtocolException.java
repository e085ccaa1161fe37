package org.mirai4j.internal.protocol;

import java.io.IOException;

/** A peer broke the wire protocol: bad magic, version, proof, frame type or size. */
public final class ProtocolException extends IOException {
  private static final long serialVersionUID = 1L;

  public ProtocolException(String message) {
    super(message);
  }
}
