package org.mirai4j.internal.dispatch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ConcurrentHashMap;
import org.mirai4j.internal.protocol.FrameType;
import org.mirai4j.internal.transport.DaemonLink;

/**
 * Answers an authenticated daemon's CLASS_REQUEST with the class file from the host's class
 * loader: the bytes the first time per connection, afterwards only their SHA-256, which the
 * daemon keeps bytes by.
 */
final class ClassServer {
  private static final byte NOT_FOUND = 0;
  private static final byte BYTES = 1;
  private static final byte CACHED = 2;

  private final ClassLoader source;
  private final ConcurrentHashMap<String, byte[][]> files = new ConcurrentHashMap<>();

  ClassServer(ClassLoader source) {
    this.source = source;
  }

  void answer(DaemonLink link, long id, byte[] request) {
    String name = new String(request, StandardCharsets.UTF_8);
    byte[][] file = files.computeIfAbsent(name, this::read);
    byte[] payload;
    if (file.length == 0) {
      payload = new byte[] {NOT_FOUND};
    } else if (!link.shippedClasses.add(name)) {
      payload = ByteBuffer.allocate(33).put(CACHED).put(file[0]).array();
    } else {
      payload = ByteBuffer.allocate(33 + file[1].length).put(BYTES).put(file[0]).put(file[1])
          .array();
    }
    link.send(FrameType.CLASS_DATA, id, payload, payload.length);
  }

  /** {hash, bytes} of a class file, or an empty array when there is none. */
  private byte[][] read(String className) {
    String resource = className.replace('.', '/') + ".class";
    try (InputStream in = source.getResourceAsStream(resource)) {
      if (in == null) {
        return new byte[0][];
      }
      byte[] bytes = in.readAllBytes();
      return new byte[][] {MessageDigest.getInstance("SHA-256").digest(bytes), bytes};
    } catch (IOException | NoSuchAlgorithmException e) {
      return new byte[0][];
    }
  }
}
