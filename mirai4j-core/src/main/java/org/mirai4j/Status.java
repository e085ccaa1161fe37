package org.mirai4j;

/**
 * The state of a compute profile (R: {@code status()}).
 *
 * @param connections daemons connected now
 * @param url the URL daemons dial, with the port actually bound
 * @param info the counters
 * @param memory queued task memory, or null without a dispatcher
 * @param rejected connection attempts refused for failing the handshake
 */
public record Status(int connections, String url, Info info, Memory memory, long rejected) {
  /** A status without the rejected count, as in the first version of this record. */
  public Status(int connections, String url, Info info, Memory memory) {
    this(connections, url, info, memory, 0);
  }
}
