package org.mirai4j.bench.jmh;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.StreamCorruptedException;
import java.io.UncheckedIOException;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A sketch of a compact encoding for what tasks carry, with class descriptors cached per
 * connection: a serializable lambda goes as its {@link SerializedLambda} fields, but the nine
 * names that describe it (capturing class, interface, method, signatures, implementation) are
 * sent once per connection and then as a small number; captured values, records, doubles,
 * strings, {@code double[]} and lists are written by tag; anything else falls back to Java
 * serialization inside the frame.
 *
 * <p>Wire format (big-endian; varints are unsigned LEB128):
 * <pre>
 *  value  = tag byte, then
 *    0 null | 1 int (zig-zag varint) | 2 long (8) | 3 double (8) | 4 string (varint n, UTF-8)
 *    5 double[] (varint n, n × 8) | 6 list (varint n, n values) | 7 record (descriptor, components)
 *    8 lambda (descriptor, varint k, k captured values) | 9 boolean (1)
 *    10 Java serialization (varint n, n bytes)
 *  descriptor = varint id; id == table size: a new entry follows (a record: class name; a
 *    lambda: its nine names and the implementation kind), both ends append it
 * </pre>
 *
 * <p>Security: names pass {@code allow} before any class is loaded; a lambda is rebuilt only
 * by its capturing class's own {@code $deserializeLambda$} (which rebuilds only lambdas that
 * class defines); every length is checked against the bytes left before anything is allocated.
 * The fallback is plain Java serialization and would need core's filter.
 *
 * <p>Not thread-safe: one {@link Connection} per connection, messages decoded in the order they
 * were encoded (as frames on one socket are).
 */
public final class CompactLambdaCodec {

    private static final byte NULL = 0;
    private static final byte INT = 1;
    private static final byte LONG = 2;
    private static final byte DOUBLE = 3;
    private static final byte STRING = 4;
    private static final byte DOUBLES = 5;
    private static final byte LIST = 6;
    private static final byte RECORD = 7;
    private static final byte LAMBDA = 8;
    private static final byte BOOLEAN = 9;
    private static final byte JAVA = 10;

    private CompactLambdaCodec() {
    }

    /** Both ends of one connection: the sender's and the receiver's descriptor tables. */
    public static final class Connection implements Codecs.Connection {
        private final Sender sender = new Sender();
        private final Receiver receiver;

        /** A connection whose receiver loads any class. */
        public Connection() {
            this(name -> true);
        }

        /**
         * A connection whose receiver loads only classes whose names pass {@code allow}.
         *
         * @param allow the class filter
         */
        public Connection(Predicate<String> allow) {
            this.receiver = new Receiver(allow);
        }

        @Override
        public byte[] encode(Object value) {
            return sender.encode(value);
        }

        @Override
        public Object decode(byte[] bytes) {
            try {
                return receiver.decode(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A lambda's description: the constant part of its {@link SerializedLambda}. */
    private record LambdaDescriptor(String capturingClass, String interfaceClass, String interfaceMethod,
                                    String interfaceSignature, int implKind, String implClass,
                                    String implMethod, String implSignature, String instantiatedType) {
        static LambdaDescriptor of(SerializedLambda s) {
            return new LambdaDescriptor(s.getCapturingClass(), s.getFunctionalInterfaceClass(),
                s.getFunctionalInterfaceMethodName(), s.getFunctionalInterfaceMethodSignature(),
                s.getImplMethodKind(), s.getImplClass(), s.getImplMethodName(), s.getImplMethodSignature(),
                s.getInstantiatedMethodType());
        }

        String[] names() {
            return new String[] {capturingClass, interfaceClass, interfaceMethod, interfaceSignature, implClass,
                implMethod, implSignature, instantiatedType};
        }
    }

    /** The sending end. */
    static final class Sender {
        private final Map<Class<?>, Integer> lambdaIds = new IdentityHashMap<>();
        private final Map<Class<?>, Integer> recordIds = new IdentityHashMap<>();
        private final Map<Class<?>, Method> writeReplace = new IdentityHashMap<>();
        private final Map<Class<?>, RecordComponent[]> components = new IdentityHashMap<>();
        private int next;

        byte[] encode(Object value) {
            Out out = new Out(64);
            write(out, value);
            return out.toBytes();
        }

        private void write(Out out, Object v) {
            if (v == null) {
                out.put(NULL);
            } else if (v instanceof Integer i) {
                out.put(INT);
                out.varint(Integer.toUnsignedLong((i << 1) ^ (i >> 31)));
            } else if (v instanceof Long l) {
                out.put(LONG);
                out.putLong(l);
            } else if (v instanceof Double d) {
                out.put(DOUBLE);
                out.putLong(Double.doubleToRawLongBits(d));
            } else if (v instanceof Boolean b) {
                out.put(BOOLEAN);
                out.put((byte) (b ? 1 : 0));
            } else if (v instanceof String s) {
                out.put(STRING);
                byte[] utf = s.getBytes(StandardCharsets.UTF_8);
                out.varint(utf.length);
                out.put(utf, 0, utf.length);
            } else if (v instanceof double[] a) {
                out.put(DOUBLES);
                out.varint(a.length);
                out.putDoubles(a);
            } else if (v instanceof ArrayList<?> list) {
                out.put(LIST);
                out.varint(list.size());
                for (Object e : list) {
                    write(out, e);
                }
            } else if (v.getClass().isRecord()) {
                writeRecord(out, v);
            } else if (v instanceof Serializable && v.getClass().isSynthetic() && lambda(v) != null) {
                SerializedLambda s = lambda(v);
                out.put(LAMBDA);
                Integer id = lambdaIds.get(v.getClass());
                if (id == null) {
                    lambdaIds.put(v.getClass(), next);
                    out.varint(next++);
                    LambdaDescriptor d = LambdaDescriptor.of(s);
                    for (String name : d.names()) {
                        out.string(name);
                    }
                    out.varint(d.implKind());
                } else {
                    out.varint(id);
                }
                out.varint(s.getCapturedArgCount());
                for (int i = 0; i < s.getCapturedArgCount(); i++) {
                    write(out, s.getCapturedArg(i));
                }
            } else {
                out.put(JAVA);
                byte[] bytes = javaSerialize(v);
                out.varint(bytes.length);
                out.put(bytes, 0, bytes.length);
            }
        }

        private void writeRecord(Out out, Object v) {
            Class<?> c = v.getClass();
            out.put(RECORD);
            Integer id = recordIds.get(c);
            if (id == null) {
                recordIds.put(c, next);
                out.varint(next++);
                out.string(c.getName());
            } else {
                out.varint(id);
            }
            RecordComponent[] rc = components.computeIfAbsent(c, k -> {
                RecordComponent[] all = k.getRecordComponents();
                for (RecordComponent r : all) {
                    r.getAccessor().setAccessible(true);
                }
                return all;
            });
            try {
                for (RecordComponent r : rc) {
                    write(out, r.getAccessor().invoke(v));
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read record " + c.getName(), e);
            }
        }

        /** The lambda's SerializedLambda through its generated writeReplace, or null. */
        private SerializedLambda lambda(Object v) {
            Method m = writeReplace.computeIfAbsent(v.getClass(), c -> {
                try {
                    Method w = c.getDeclaredMethod("writeReplace");
                    w.setAccessible(true);
                    return w;
                } catch (NoSuchMethodException e) {
                    return null;
                }
            });
            if (m == null) {
                return null;
            }
            try {
                Object r = m.invoke(v);
                return r instanceof SerializedLambda s ? s : null;
            } catch (ReflectiveOperationException e) {
                return null;
            }
        }
    }

    /** The receiving end. */
    static final class Receiver {
        private final Predicate<String> allow;
        private final List<Object> table = new ArrayList<>(); // Constructor of a record, or Lambda
        private final Map<String, Method> deserializeLambda = new HashMap<>();

        Receiver(Predicate<String> allow) {
            this.allow = allow;
        }

        /** A cached lambda: its descriptor and its capturing class. */
        private record Lambda(LambdaDescriptor d, Class<?> capturing) {
        }

        /** A cached record class: its canonical constructor and arity. */
        private record RecordClass(Constructor<?> ctor, int arity) {
        }

        Object decode(byte[] bytes) throws IOException {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            Object v = read(in);
            if (in.hasRemaining()) {
                throw new StreamCorruptedException(in.remaining() + " bytes after the value");
            }
            return v;
        }

        private Object read(ByteBuffer in) throws IOException {
            byte tag = in.get();
            switch (tag) {
                case NULL:
                    return null;
                case INT: {
                    int z = (int) varint(in);
                    return (z >>> 1) ^ -(z & 1);
                }
                case LONG:
                    return in.getLong();
                case DOUBLE:
                    return Double.longBitsToDouble(in.getLong());
                case BOOLEAN:
                    return in.get() != 0;
                case STRING:
                    return string(in);
                case DOUBLES: {
                    int n = length(in, 8);
                    double[] a = new double[n];
                    in.asDoubleBuffer().get(a);
                    in.position(in.position() + 8 * n);
                    return a;
                }
                case LIST: {
                    int n = length(in, 1);
                    ArrayList<Object> list = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        list.add(read(in));
                    }
                    return list;
                }
                case RECORD:
                    return readRecord(in);
                case LAMBDA:
                    return readLambda(in);
                case JAVA: {
                    int n = length(in, 1);
                    Object v = javaDeserialize(in.array(), in.position(), n);
                    in.position(in.position() + n);
                    return v;
                }
                default:
                    throw new StreamCorruptedException("unknown tag " + tag);
            }
        }

        private Object readRecord(ByteBuffer in) throws IOException {
            int id = (int) varint(in);
            RecordClass rc;
            if (id == table.size()) {
                Class<?> c = load(string(in));
                if (!c.isRecord()) {
                    throw new StreamCorruptedException(c.getName() + " is not a record");
                }
                Class<?>[] types = Arrays.stream(c.getRecordComponents()).map(RecordComponent::getType)
                    .toArray(Class<?>[]::new);
                try {
                    Constructor<?> ctor = c.getDeclaredConstructor(types);
                    ctor.setAccessible(true);
                    rc = new RecordClass(ctor, types.length);
                } catch (NoSuchMethodException e) {
                    throw new StreamCorruptedException("no canonical constructor in " + c.getName());
                }
                table.add(rc);
            } else if (id < table.size() && table.get(id) instanceof RecordClass known) {
                rc = known;
            } else {
                throw new StreamCorruptedException("bad record descriptor " + id);
            }
            Object[] args = new Object[rc.arity()];
            for (int i = 0; i < args.length; i++) {
                args[i] = read(in);
            }
            try {
                return rc.ctor().newInstance(args);
            } catch (ReflectiveOperationException | IllegalArgumentException e) {
                throw new StreamCorruptedException("cannot build " + rc.ctor().getDeclaringClass().getName() + ": " + e);
            }
        }

        private Object readLambda(ByteBuffer in) throws IOException {
            int id = (int) varint(in);
            Lambda l;
            if (id == table.size()) {
                String[] n = new String[8];
                for (int i = 0; i < n.length; i++) {
                    n[i] = string(in);
                }
                int kind = (int) varint(in);
                LambdaDescriptor d = new LambdaDescriptor(n[0], n[1], n[2], n[3], kind, n[4], n[5], n[6], n[7]);
                l = new Lambda(d, load(d.capturingClass().replace('/', '.')));
                table.add(l);
            } else if (id < table.size() && table.get(id) instanceof Lambda known) {
                l = known;
            } else {
                throw new StreamCorruptedException("bad lambda descriptor " + id);
            }
            int k = length(in, 1);
            Object[] captured = new Object[k];
            for (int i = 0; i < k; i++) {
                captured[i] = read(in);
            }
            LambdaDescriptor d = l.d();
            SerializedLambda s = new SerializedLambda(l.capturing(), d.interfaceClass(), d.interfaceMethod(),
                d.interfaceSignature(), d.implKind(), d.implClass(), d.implMethod(), d.implSignature(),
                d.instantiatedType(), captured);
            Method m = deserializeLambda.computeIfAbsent(d.capturingClass(), name -> {
                try {
                    Method found = l.capturing().getDeclaredMethod("$deserializeLambda$", SerializedLambda.class);
                    found.setAccessible(true);
                    return found;
                } catch (NoSuchMethodException e) {
                    return null;
                }
            });
            if (m == null) {
                throw new StreamCorruptedException(d.capturingClass() + " has no serializable lambdas");
            }
            try {
                return m.invoke(null, s);
            } catch (ReflectiveOperationException e) {
                throw new StreamCorruptedException("cannot rebuild a lambda of " + d.capturingClass() + ": " + e);
            }
        }

        private Class<?> load(String name) throws IOException {
            if (!allow.test(name)) {
                throw new java.io.InvalidClassException(name, "rejected by the class filter");
            }
            try {
                return Class.forName(name, false, CompactLambdaCodec.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new java.io.InvalidClassException(name, "not found");
            }
        }

        /** A count of items of at least {@code minBytes} each, checked against what is left. */
        private static int length(ByteBuffer in, int minBytes) throws IOException {
            long n = varint(in);
            if (n > in.remaining() / minBytes) {
                throw new StreamCorruptedException("length " + n + " over the " + in.remaining() + " bytes left");
            }
            return (int) n;
        }

        private static String string(ByteBuffer in) throws IOException {
            int n = length(in, 1);
            String s = new String(in.array(), in.position(), n, StandardCharsets.UTF_8);
            in.position(in.position() + n);
            return s;
        }

        private static long varint(ByteBuffer in) throws IOException {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = in.get();
                v |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    return v;
                }
            }
            throw new StreamCorruptedException("varint too long");
        }
    }

    /** A growable big-endian byte buffer. */
    private static final class Out {
        private byte[] buf;
        private int n;

        Out(int capacity) {
            buf = new byte[capacity];
        }

        private void room(int more) {
            if (n + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + more));
            }
        }

        void put(byte b) {
            room(1);
            buf[n++] = b;
        }

        void put(byte[] b, int off, int len) {
            room(len);
            System.arraycopy(b, off, buf, n, len);
            n += len;
        }

        void putLong(long v) {
            room(8);
            ByteBuffer.wrap(buf, n, 8).putLong(v);
            n += 8;
        }

        void putDoubles(double[] a) {
            room(8 * a.length);
            ByteBuffer.wrap(buf, n, 8 * a.length).asDoubleBuffer().put(a);
            n += 8 * a.length;
        }

        void varint(long v) {
            room(10);
            while ((v & ~0x7fL) != 0) {
                buf[n++] = (byte) ((v & 0x7f) | 0x80);
                v >>>= 7;
            }
            buf[n++] = (byte) v;
        }

        void string(String s) {
            byte[] utf = s.getBytes(StandardCharsets.UTF_8);
            varint(utf.length);
            put(utf, 0, utf.length);
        }

        byte[] toBytes() {
            return Arrays.copyOf(buf, n);
        }
    }

    private static byte[] javaSerialize(Object v) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Object javaDeserialize(byte[] b, int off, int len) throws IOException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(b, off, len))) {
            return in.readObject();
        } catch (ClassNotFoundException e) {
            throw new java.io.InvalidClassException(e.getMessage(), "not found");
        }
    }
}
