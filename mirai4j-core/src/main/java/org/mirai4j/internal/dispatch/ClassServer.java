package org.mirai4j.internal.dispatch;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.mirai4j.internal.protocol.FrameType;
import org.mirai4j.internal.transport.DaemonLink;

/**
 * Answers an authenticated daemon's CLASS_REQUEST with the class file from the host's class
 * loader: the bytes the first time per connection, afterwards only their SHA-256, which the
 * daemon keeps bytes by.
 *
 * <p>Scope: only class files, of names that are binary class names (no {@code /}, no empty
 * segment, Java identifiers only), so no other resource of the host, such as a key or a
 * properties file, is ever served; with a package allow list, only classes in those packages
 * (and their subpackages). Anything else is NOT_FOUND.
 *
 * <p>Class files and misses are kept in an LRU cache of at most {@link #MAX_ENTRIES} entries
 * and {@link #MAX_BYTES} bytes. Jar reads and hashing run on a small shared pool, never on the
 * event loop; the answer is sent from the link's event loop, where its state lives.
 */
public final class ClassServer {
  /** Cached class files and misses, at most. */
  static final int MAX_ENTRIES = 4096;
  /** Cached class file bytes (and names), at most. */
  static final long MAX_BYTES = 32L * 1024 * 1024;
  /** What a cache entry costs beyond its bytes: name, hash, map node. */
  private static final int ENTRY_OVERHEAD = 128;
  private static final int MAX_NAME_LENGTH = 1024;

  private static final byte NOT_FOUND = 0;
  private static final byte BYTES = 1;
  private static final byte CACHED = 2;

  /** A class file, or {@link #MISSING}. */
  private record ClassFile(byte[] hash, byte[] bytes) {
    long weight(String name) {
      return ENTRY_OVERHEAD + 2L * name.length() + (bytes == null ? 0 : bytes.length);
    }
  }

  private static final ClassFile MISSING = new ClassFile(null, null);

  /** Reads class files for every profile: two threads, gone when idle. */
  private static final Executor READERS = readers();

  private final ClassLoader source;
  private final List<String> packages;
  private final Executor readers;
  // Guarded by itself; access order, eldest first.
  private final LinkedHashMap<String, ClassFile> cache = new LinkedHashMap<>(64, 0.75f, true);
  private long cachedBytes;

  /**
   * @param source where class files come from
   * @param packages the packages whose classes may be shipped (with subpackages), or null for
   *     any
   */
  public ClassServer(ClassLoader source, List<String> packages) {
    this(source, packages, READERS);
  }

  ClassServer(ClassLoader source, List<String> packages, Executor readers) {
    this.source = source;
    this.packages = packages == null ? null : List.copyOf(packages);
    this.readers = readers;
  }

  /** Whether {@code name} is a dotted Java package name such as {@code com.acme}. */
  public static boolean isPackageName(String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      return false;
    }
    for (String segment : name.split("\\.", -1)) {
      if (!isIdentifier(segment)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isIdentifier(String segment) {
    if (segment.isEmpty() || !Character.isJavaIdentifierStart(segment.codePointAt(0))) {
      return false;
    }
    return segment.codePoints().allMatch(Character::isJavaIdentifierPart);
  }

  /** Whether a daemon may have this class: a class name, inside the allow list if any. */
  boolean servable(String className) {
    if (!isPackageName(className)) {
      return false; // "../x", "META-INF/...", "a/b": not a class name
    }
    if (packages == null) {
      return true;
    }
    for (String p : packages) {
      if (className.startsWith(p) && className.length() > p.length()
          && className.charAt(p.length()) == '.') {
        return true;
      }
    }
    return false;
  }

  /** Answers a CLASS_REQUEST; called on the link's event loop. */
  void answer(DaemonLink link, long id, byte[] request) {
    String name = new String(request, StandardCharsets.UTF_8);
    if (!servable(name)) {
      send(link, id, name, MISSING);
      return;
    }
    ClassFile cached = cached(name);
    if (cached != null) {
      send(link, id, name, cached);
      return;
    }
    CompletableFuture.supplyAsync(() -> load(name), readers)
        .exceptionally(e -> MISSING)
        .thenAccept(file -> link.channel().eventLoop().execute(() -> send(link, id, name, file)));
  }

  private static void send(DaemonLink link, long id, String name, ClassFile file) {
    byte[] payload;
    if (file.bytes() == null) {
      payload = new byte[] {NOT_FOUND};
    } else if (!link.shippedClasses.add(name)) {
      payload = ByteBuffer.allocate(33).put(CACHED).put(file.hash()).array();
    } else {
      payload = ByteBuffer.allocate(33 + file.bytes().length)
          .put(BYTES).put(file.hash()).put(file.bytes()).array();
    }
    link.send(FrameType.CLASS_DATA, id, payload, payload.length);
  }

  /** Reads and hashes a class file, off the event loop, and caches it or its absence. */
  private ClassFile load(String className) {
    ClassFile file = cached(className);
    if (file != null) {
      return file; // another request loaded it meanwhile
    }
    file = read(className);
    synchronized (cache) {
      ClassFile previous = cache.put(className, file);
      cachedBytes += file.weight(className)
          - (previous == null ? 0 : previous.weight(className));
      Iterator<Map.Entry<String, ClassFile>> eldest = cache.entrySet().iterator();
      while ((cache.size() > MAX_ENTRIES || cachedBytes > MAX_BYTES) && eldest.hasNext()) {
        Map.Entry<String, ClassFile> e = eldest.next();
        cachedBytes -= e.getValue().weight(e.getKey());
        eldest.remove();
      }
    }
    return file;
  }

  private ClassFile cached(String className) {
    synchronized (cache) {
      return cache.get(className);
    }
  }

  private ClassFile read(String className) {
    String resource = className.replace('.', '/') + ".class";
    try (InputStream in = source.getResourceAsStream(resource)) {
      if (in == null) {
        return MISSING;
      }
      byte[] bytes = in.readAllBytes();
      return new ClassFile(MessageDigest.getInstance("SHA-256").digest(bytes), bytes);
    } catch (IOException | NoSuchAlgorithmException e) {
      return MISSING;
    }
  }

  /** Entries and bytes cached now, for tests. */
  long[] cacheSize() {
    synchronized (cache) {
      return new long[] {cache.size(), cachedBytes};
    }
  }

  private static Executor readers() {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), new DefaultThreadFactory("mirai4j-class-reader", true));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
