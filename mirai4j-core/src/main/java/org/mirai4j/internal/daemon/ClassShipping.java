package org.mirai4j.internal.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.mirai4j.internal.protocol.FrameType;
import org.mirai4j.internal.transport.BlockingConnection;

/**
 * Fetches class bytes from the authenticated host: a CLASS_REQUEST out, the CLASS_DATA answer
 * read by the thread holding the read role. The host sends the bytes of a class once per
 * connection and afterwards only their SHA-256, which this daemon keeps bytes by.
 */
final class ClassShipping {
  static final byte NOT_FOUND = 0;
  static final byte BYTES = 1;
  static final byte CACHED = 2;
  private static final long TIMEOUT_S = 60;

  private final BlockingConnection connection;
  private final Map<String, byte[]> cache;
  private final AtomicLong ids = new AtomicLong();
  private final ConcurrentHashMap<Long, CompletableFuture<byte[]>> waiting =
      new ConcurrentHashMap<>();

  ClassShipping(BlockingConnection connection, Map<String, byte[]> cache) {
    this.connection = connection;
    this.cache = cache;
  }

  /** The bytes of a class from the host, or null when the host has no such class. */
  byte[] fetch(String className) throws IOException {
    long id = ids.incrementAndGet();
    CompletableFuture<byte[]> answer = new CompletableFuture<>();
    waiting.put(id, answer);
    try {
      connection.write(FrameType.CLASS_REQUEST, id, className.getBytes(StandardCharsets.UTF_8));
      byte[] payload = answer.get(TIMEOUT_S, TimeUnit.SECONDS);
      ByteBuffer in = ByteBuffer.wrap(payload);
      byte status = in.get();
      if (status == NOT_FOUND) {
        return null;
      }
      byte[] hash = new byte[32];
      in.get(hash);
      String key = HexFormat.of().formatHex(hash);
      if (status == CACHED) {
        byte[] bytes = cache.get(key);
        if (bytes == null) {
          throw new IOException("the host sent only the hash of " + className
              + ", which this daemon has not cached");
        }
        return bytes;
      }
      byte[] bytes = new byte[in.remaining()];
      in.get(bytes);
      cache.put(key, bytes);
      return bytes;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while fetching " + className, e);
    } catch (ExecutionException e) {
      throw new IOException("cannot fetch class " + className + ": " + e.getCause().getMessage(),
          e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("no answer from the host for class " + className, e);
    } finally {
      waiting.remove(id);
    }
  }

  /** Fails every fetch in progress, e.g. when the connection ends. */
  void failAll(String reason) {
    IOException failure = new IOException(reason);
    waiting.values().forEach(answer -> answer.completeExceptionally(failure));
  }

  /** Hands a CLASS_DATA frame to the thread waiting for it. */
  void answer(long id, byte[] payload) {
    CompletableFuture<byte[]> answer = waiting.get(id);
    if (answer != null) {
      answer.complete(payload);
    }
  }
}
