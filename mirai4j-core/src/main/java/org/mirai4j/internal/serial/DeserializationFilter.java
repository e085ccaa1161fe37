package org.mirai4j.internal.serial;

import java.io.ObjectInputFilter;
import java.util.ArrayList;
import java.util.List;

/**
 * What a stream from a peer may hold, on the host (results) and on a daemon (tasks, the
 * WELCOME's codecs) alike. Each stream gets its own {@link #forStream check}, which applies,
 * in order:
 *
 * <ol>
 *   <li>limits bounded by the stream's own size: {@code maxbytes} and {@code maxrefs} the
 *       stream's length, {@code maxarray} the stream's length (at least {@link #ARRAY_FLOOR}),
 *       since every element takes at least a byte; {@code maxdepth} {@link #DEFAULT_MAX_DEPTH},
 *       so the limit, not the stack, stops a deep graph (a 1 MiB stack, the JVM's default,
 *       overflowed at 700 to 1200 levels in tests, depending on the JIT's state). A {@code
 *       maxdepth=} or {@code maxrefs=} in the user's pattern replaces the default; {@code
 *       maxarray=} and {@code maxbytes=} can only tighten the size bound;
 *   <li>mirai4j's own carriers ({@link #ALWAYS_ALLOWED}), which every task and result needs;
 *   <li>the user's class patterns ({@link ObjectInputFilter.Config#createFilter} syntax), first
 *       match decides, so a user pattern may allow a class the default list denies;
 *   <li>the default deny list {@link #DEFAULT_DENY}: classes that start gadget chains or
 *       deserialize a nested stream, which no task has reason to carry;
 *   <li>the JVM-wide {@code jdk.serialFilter}, if one is set.
 * </ol>
 *
 * Anything else is allowed. A rejection is remembered with the class and the rule that refused
 * it, since the JDK's own exception names neither.
 */
public final class DeserializationFilter {
  /** Default {@code maxdepth}: deeper graphs risk the decoding thread's stack. */
  public static final long DEFAULT_MAX_DEPTH = 500;
  /** {@code maxarray} is never below this, whatever the stream's size. */
  public static final long ARRAY_FLOOR = 1024;
  /** The longest pattern accepted. */
  public static final int MAX_PATTERN_LENGTH = 16 * 1024;

  /** Classes allowed whatever the user's patterns: the carriers of tasks, values and errors. */
  static final List<String> ALWAYS_ALLOWED = List.of(
      "org.mirai4j.internal.serial.LargeArray",
      "org.mirai4j.internal.serial.JavaSerializer$Encoded", // custom codecs' values
      "org.mirai4j.internal.serial.RemoteError",
      "org.mirai4j.internal.map.ChunkTask", // a chunk of a map's items
      "org.mirai4j.internal.map.ChunkResult",
      "org.mirai4j.internal.serial.CustomCodec",
      "java.lang.invoke.SerializedLambda", // every lambda task
      "java.lang.StackTraceElement", // remote errors
      "java.lang.Object", // Object[] of captured arguments
      "java.lang.String",
      "java.util.ArrayList", // RemoteError's condition classes
      "java.util.CollSer"); // List.of(...)

  /**
   * Denied unless the user's pattern allows them: roots of known gadget chains (ysoserial and
   * successors) and classes whose methods deserialize a nested stream outside any filter.
   */
  public static final List<String> DEFAULT_DENY = List.of(
      "java.rmi.server.*", // UnicastRemoteObject, RemoteObjectInvocationHandler: JRMP callbacks
      "java.rmi.registry.*",
      "java.rmi.activation.*",
      "java.rmi.MarshalledObject", // a nested stream
      "sun.rmi.**",
      "java.security.SignedObject", // a nested stream
      "javax.crypto.SealedObject", // a nested stream
      "javax.management.BadAttributeValueExpException", // toString() trigger
      "javax.management.remote.**",
      "com.sun.jndi.**",
      "com.sun.rowset.JdbcRowSetImpl", // JNDI lookup
      "sun.reflect.annotation.AnnotationInvocationHandler", // CommonsCollections1, Jdk7u21
      "com.sun.org.apache.xalan.internal.xsltc.trax.**", // TemplatesImpl: defines its bytecode
      "org.apache.xalan.xsltc.trax.**",
      "org.apache.commons.collections.functors.*",
      "org.apache.commons.collections4.functors.*",
      "org.apache.commons.beanutils.BeanComparator",
      "org.apache.commons.fileupload.disk.DiskFileItem",
      "org.apache.wicket.util.upload.DiskFileItem",
      "org.codehaus.groovy.runtime.ConvertedClosure",
      "org.codehaus.groovy.runtime.MethodClosure",
      "org.springframework.core.SerializableTypeWrapper$*",
      "org.springframework.beans.factory.support.AutowireUtils$*",
      "org.springframework.transaction.jta.JtaTransactionManager",
      "com.mchange.v2.c3p0.impl.PoolBackedDataSourceBase",
      "com.sun.syndication.feed.impl.ObjectBean",
      "bsh.**",
      "org.mozilla.javascript.**",
      "org.python.core.**");

  private static final List<Rule> ALLOWED = rules(ALWAYS_ALLOWED, "");
  private static final List<Rule> DENIED = rules(DEFAULT_DENY, "!");
  private static final DeserializationFilter DEFAULTS = new DeserializationFilter(null);

  private final String pattern;
  private final List<Rule> user;
  private final long maxDepth;
  private final long maxRefs;
  private final long maxArray;
  private final long maxBytes;

  private record Rule(String pattern, ObjectInputFilter filter) {}

  /** What the class rules say of one class: allowed, rejected (by which rule), or neither. */
  private record Verdict(ObjectInputFilter.Status status, Reason reason, String pattern) {}

  private static final Verdict ALLOW = new Verdict(ObjectInputFilter.Status.ALLOWED, null, null);
  private static final Verdict NEITHER =
      new Verdict(ObjectInputFilter.Status.UNDECIDED, null, null);

  /**
   * The class rules' verdict per class, computed once: the rules look at nothing but the class,
   * and walking some 40 patterns for every object of every stream cost tens of microseconds a
   * round trip.
   */
  private final ClassValue<Verdict> verdicts = new ClassValue<>() {
    @Override
    protected Verdict computeValue(Class<?> c) {
      return verdict(c);
    }
  };

  private enum Reason { DEPTH, REFS, BYTES, ARRAY, USER, DEFAULT, JVM }

  private DeserializationFilter(String pattern) {
    this.pattern = pattern;
    long depth = DEFAULT_MAX_DEPTH;
    long refs = -1;
    long array = Long.MAX_VALUE;
    long bytes = Long.MAX_VALUE;
    List<String> classes = new ArrayList<>();
    if (pattern != null) {
      for (String token : pattern.split(";")) {
        token = token.trim();
        int eq = token.indexOf('=');
        if (token.isEmpty()) {
          continue;
        } else if (eq < 0) {
          classes.add(token);
          continue;
        }
        long value = Long.parseLong(token.substring(eq + 1).trim());
        switch (token.substring(0, eq).trim()) {
          case "maxdepth" -> depth = value;
          case "maxrefs" -> refs = value;
          case "maxarray" -> array = value;
          case "maxbytes" -> bytes = value;
          default -> throw new IllegalArgumentException("unknown limit in filter: " + token);
        }
      }
    }
    this.user = rules(classes, "");
    this.maxDepth = depth;
    this.maxRefs = refs;
    this.maxArray = array;
    this.maxBytes = bytes;
  }

  /** The built-in limits and deny list, without user patterns. */
  public static DeserializationFilter defaults() {
    return DEFAULTS;
  }

  /**
   * The built-in filter with the user's patterns first.
   *
   * @param pattern {@link ObjectInputFilter.Config#createFilter} syntax, or null for none
   * @throws IllegalArgumentException for a malformed pattern, naming it
   */
  public static DeserializationFilter of(String pattern) {
    if (pattern == null || pattern.isBlank()) {
      return DEFAULTS;
    }
    if (pattern.length() > MAX_PATTERN_LENGTH) {
      throw new IllegalArgumentException(
          "filter pattern longer than " + MAX_PATTERN_LENGTH + " characters: " + pattern.length());
    }
    try {
      ObjectInputFilter.Config.createFilter(pattern); // the JDK's own syntax check
      return new DeserializationFilter(pattern);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "malformed deserialization filter \"" + pattern + "\": " + e.getMessage(), e);
    }
  }

  private Verdict verdict(Class<?> c) {
    Class<?> component = c;
    while (component.isArray()) {
      component = component.getComponentType();
    }
    ObjectInputFilter.FilterInfo info = classOnly(c);
    if (component.isPrimitive() || decide(ALLOWED, info) == ObjectInputFilter.Status.ALLOWED) {
      return ALLOW;
    }
    for (Rule rule : user) {
      ObjectInputFilter.Status status = rule.filter().checkInput(info);
      if (status == ObjectInputFilter.Status.REJECTED) {
        return new Verdict(status, Reason.USER, rule.pattern());
      } else if (status == ObjectInputFilter.Status.ALLOWED) {
        return ALLOW;
      }
    }
    for (Rule rule : DENIED) {
      if (rule.filter().checkInput(info) == ObjectInputFilter.Status.REJECTED) {
        return new Verdict(ObjectInputFilter.Status.REJECTED, Reason.DEFAULT, rule.pattern());
      }
    }
    return NEITHER;
  }

  /** What a class pattern sees of a class: the class alone, no limits. */
  private static ObjectInputFilter.FilterInfo classOnly(Class<?> c) {
    return new ObjectInputFilter.FilterInfo() {
      @Override
      public Class<?> serialClass() {
        return c;
      }

      @Override
      public long arrayLength() {
        return -1;
      }

      @Override
      public long depth() {
        return 0;
      }

      @Override
      public long references() {
        return 0;
      }

      @Override
      public long streamBytes() {
        return 0;
      }
    };
  }

  /** The user's pattern, or null for none. */
  public String pattern() {
    return pattern;
  }

  /** A check for one stream of {@code streamBytes} bytes; it remembers why it rejected. */
  public Check forStream(long streamBytes) {
    return new Check(streamBytes);
  }

  private static List<Rule> rules(List<String> patterns, String prefix) {
    return patterns.stream()
        .map(p -> new Rule(p, ObjectInputFilter.Config.createFilter(prefix + p)))
        .toList();
  }

  private static ObjectInputFilter.Status decide(
      List<Rule> rules, ObjectInputFilter.FilterInfo info) {
    for (Rule rule : rules) {
      ObjectInputFilter.Status status = rule.filter().checkInput(info);
      if (status != ObjectInputFilter.Status.UNDECIDED) {
        return status;
      }
    }
    return ObjectInputFilter.Status.UNDECIDED;
  }

  /** The filter set on one stream. Not thread-safe: a stream is read by one thread. */
  public final class Check implements ObjectInputFilter {
    private final long bytes;
    private final long refs;
    private final long array;
    private Class<?> lastClass;
    private Reason reason;
    private Class<?> rejectedClass;
    private long rejectedValue;
    private long rejectedLimit;
    private String rejectedPattern;

    private Check(long streamBytes) {
      this.bytes = Math.min(maxBytes, streamBytes);
      this.refs = maxRefs >= 0 ? maxRefs : streamBytes;
      this.array = Math.min(maxArray, Math.max(ARRAY_FLOOR, streamBytes));
    }

    @Override
    public Status checkInput(FilterInfo info) {
      // Runs at the stream's depth, near the end of the stack: no string is built here (a
      // first string concatenation bootstraps and can overflow it); rejection() builds it.
      Class<?> c = info.serialClass();
      if (c != null) {
        lastClass = c;
      }
      if (info.depth() > maxDepth) {
        return reject(Reason.DEPTH, info.depth(), maxDepth, null);
      }
      if (info.references() > refs) {
        return reject(Reason.REFS, info.references(), refs, null);
      }
      if (info.streamBytes() > bytes) {
        return reject(Reason.BYTES, info.streamBytes(), bytes, null);
      }
      if (info.arrayLength() > array) {
        return reject(Reason.ARRAY, info.arrayLength(), array, null);
      }
      if (c == null) {
        return Status.UNDECIDED;
      }
      Verdict verdict = verdicts.get(c);
      if (verdict.status() == Status.ALLOWED) {
        return Status.ALLOWED;
      } else if (verdict.status() == Status.REJECTED) {
        return reject(verdict.reason(), 0, 0, verdict.pattern());
      }
      ObjectInputFilter jvmWide = ObjectInputFilter.Config.getSerialFilter();
      if (jvmWide != null && jvmWide.checkInput(info) == Status.REJECTED) {
        return reject(Reason.JVM, 0, 0, null);
      }
      return Status.ALLOWED;
    }

    private Status reject(Reason why, long value, long limit, String pattern) {
      if (reason == null) {
        reason = why;
        rejectedClass = lastClass;
        rejectedValue = value;
        rejectedLimit = limit;
        rejectedPattern = pattern;
      }
      return Status.REJECTED;
    }

    /** Why the stream was rejected, naming the class and the rule; null if it was not. */
    public String rejection() {
      if (reason == null) {
        return null;
      }
      String what = rejectedClass == null ? "the stream" : "class " + rejectedClass.getName();
      return what + switch (reason) {
        case DEPTH -> " rejected: depth " + rejectedValue + " exceeds maxdepth=" + rejectedLimit;
        case REFS -> " rejected: " + rejectedValue + " references exceed maxrefs=" + rejectedLimit;
        case BYTES -> " rejected: " + rejectedValue + " bytes exceed maxbytes=" + rejectedLimit;
        case ARRAY -> " rejected: array length " + rejectedValue + " exceeds maxarray="
            + rejectedLimit + " (bounded by the " + bytes + " bytes of the frame)";
        case USER -> " rejected by the profile's deserialization filter (pattern "
            + rejectedPattern + ")";
        case DEFAULT -> " rejected by mirai4j's default deny list (pattern " + rejectedPattern
            + "; a profile may allow it with Serialization.Builder.filter)";
        case JVM -> " rejected by the JVM-wide filter jdk.serialFilter";
      };
    }
  }
}
