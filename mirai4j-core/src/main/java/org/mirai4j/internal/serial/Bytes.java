package org.mirai4j.internal.serial;

/**
 * A byte range, so an encoder's buffer is sent as it is instead of being copied to a new array
 * of the exact size.
 *
 * @param array the buffer
 * @param length how many bytes of it, from 0, are the value
 */
public record Bytes(byte[] array, int length) {
  /** Wraps a whole array. */
  public static Bytes of(byte[] array) {
    return new Bytes(array, array.length);
  }
}
