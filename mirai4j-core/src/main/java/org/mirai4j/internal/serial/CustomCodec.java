package org.mirai4j.internal.serial;

import java.io.IOException;
import java.io.Serializable;
import org.mirai4j.Serialization;

/**
 * A registered type with its encoder and decoder; serializable so the host can send the
 * registrations to its daemons.
 *
 * @param type values of this type (and its subtypes) use the codec
 * @param encoder to bytes
 * @param decoder from bytes
 */
public record CustomCodec<T>(
    Class<T> type, Serialization.Encoder<T> encoder, Serialization.Decoder<T> decoder)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  byte[] encodeUnchecked(Object value) throws IOException {
    try {
      return encoder.encode(type.cast(value));
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("custom encoder for " + type.getName() + " failed: " + e, e);
    }
  }

  T decodeUnchecked(byte[] bytes) throws IOException {
    try {
      return decoder.decode(bytes);
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("custom decoder for " + type.getName() + " failed: " + e, e);
    }
  }
}
