package org.mirai4j.internal.rng;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * Hands out stream states in order from a root generator. Not thread-safe: the host calls it
 * under its submission order.
 */
public final class RandomStreams {
  /** Bytes of one stream state. */
  public static final int STATE_BYTES = 32;

  private static final RandomGeneratorFactory<RandomGenerator> LXM =
      RandomGeneratorFactory.of("L64X128MixRandom");

  private final RandomGenerator root;

  private RandomStreams(RandomGenerator root) {
    this.root = root;
  }

  /** Streams that repeat for the same seed. */
  public static RandomStreams seeded(long seed) {
    return new RandomStreams(LXM.create(seed));
  }

  /** Streams from a fresh unpredictable seed. */
  public static RandomStreams unseeded() {
    return new RandomStreams(LXM.create(new SecureRandom().generateSeed(STATE_BYTES)));
  }

  /** The next stream's state, as a split() would draw it from the root. */
  public byte[] nextState() {
    return ByteBuffer.allocate(STATE_BYTES)
        .putLong(root.nextLong())
        .putLong(root.nextLong())
        .putLong(root.nextLong())
        .putLong(root.nextLong())
        .array();
  }

  /**
   * The generator for a state. Not {@code LXM.create(state)}: JDK 17's conversion of seed bytes
   * lets only a few of the 32 bytes reach the first output, so 300 streams drew 14 duplicate
   * first values. The state's four longs folded into one 64-bit seed, which {@code create(long)}
   * mixes into the whole generator state, keep every stream's draws apart.
   */
  public static RandomGenerator generator(byte[] state) {
    ByteBuffer b = ByteBuffer.wrap(state);
    long seed = b.getLong() ^ Long.rotateLeft(b.getLong(), 16) ^ Long.rotateLeft(b.getLong(), 32)
        ^ Long.rotateLeft(b.getLong(), 48);
    return LXM.create(seed);
  }

  /** The generator a daemon started with {@code seed} uses (R: {@code rs}). */
  public static RandomGenerator generator(long seed) {
    return LXM.create(seed);
  }
}
