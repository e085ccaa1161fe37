package org.mirai4j.bench.jmh;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.ClosureSerializer;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.fory.Fory;
import org.apache.fory.config.Language;
import org.mirai4j.internal.serial.Bytes;
import org.mirai4j.internal.serial.JavaSerializer;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * The serializer candidates of issue 9, each set up as one connection would hold it: an
 * encoder on one end and a decoder on the other, every message encoded into a fresh byte array
 * (one frame per task) and decoded from it.
 */
public final class Codecs {

    /** The candidates' names, as {@link #connection(String)} takes them. */
    public static final List<String> NAMES = List.of("java", "fory", "kryo", "compact");

    private Codecs() {
    }

    /**
     * Both ends of one connection for one codec.
     */
    public interface Connection {
        /**
         * Encodes a message on the sending end.
         *
         * @param value the message
         * @return its bytes, a fresh array
         */
        byte[] encode(Object value);

        /**
         * Decodes a message on the receiving end.
         *
         * @param bytes what {@link #encode} produced
         * @return the value
         */
        Object decode(byte[] bytes);
    }

    /**
     * A new connection of the named codec.
     *
     * @param name one of {@link #NAMES}
     * @return its two ends
     * @throws IllegalArgumentException for another name
     */
    public static Connection connection(String name) {
        switch (name) {
            case "java":
                return java();
            case "fory":
                return fory();
            case "kryo":
                return kryo();
            case "compact":
                return new CompactLambdaCodec.Connection();
            default:
                throw new IllegalArgumentException("unknown codec " + name + "; known: " + NAMES);
        }
    }

    /** mirai4j-core's own {@link JavaSerializer}: default filter, bounded reads, fresh stream per message. */
    static Connection java() {
        JavaSerializer sender = new JavaSerializer();
        JavaSerializer receiver = new JavaSerializer();
        return new Connection() {
            @Override
            public byte[] encode(Object value) {
                try {
                    Bytes b = sender.encode(value, 0);
                    return b.length() == b.array().length ? b.array()
                        : java.util.Arrays.copyOf(b.array(), b.length());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public Object decode(byte[] bytes) {
                try {
                    return receiver.decode(bytes, 0, bytes.length, Codecs.class.getClassLoader());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    /**
     * Apache Fory, Java mode, no class registration required, JIT code generation on (its
     * default), reference tracking off (tasks and results are trees). One instance per end.
     */
    static Connection fory() {
        Fory sender = newFory();
        Fory receiver = newFory();
        return new Connection() {
            @Override
            public byte[] encode(Object value) {
                return sender.serialize(value);
            }

            @Override
            public Object decode(byte[] bytes) {
                return receiver.deserialize(bytes);
            }
        };
    }

    private static Fory newFory() {
        return Fory.builder()
            .withLanguage(Language.JAVA)
            .requireClassRegistration(false)
            .withCodegen(true)
            .withRefTracking(false)
            .build();
    }

    /**
     * Kryo 5, registration not required, objenesis for classes without a no-argument
     * constructor (records' StackTraceElement, exceptions), {@link ClosureSerializer} for
     * serializable lambdas. One instance per end; a fresh {@link Output} per message.
     */
    static Connection kryo() {
        Kryo sender = newKryo();
        Kryo receiver = newKryo();
        return new Connection() {
            @Override
            public byte[] encode(Object value) {
                Output out = new Output(256, -1);
                sender.writeClassAndObject(out, value);
                return out.toBytes();
            }

            @Override
            public Object decode(byte[] bytes) {
                return receiver.readClassAndObject(new Input(bytes));
            }
        };
    }

    private static Kryo newKryo() {
        // ClosureSerializer warns, once per instance, that it falls back to the capturing class's
        // $deserializeLambda$ (java.lang.invoke is not open): the fallback works, the noise goes.
        com.esotericsoftware.minlog.Log.set(com.esotericsoftware.minlog.Log.LEVEL_ERROR);
        Kryo kryo = new Kryo();
        kryo.setRegistrationRequired(false);
        kryo.setReferences(false);
        kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
        kryo.register(Object[].class);
        kryo.register(Class.class);
        kryo.register(ClosureSerializer.Closure.class, new ClosureSerializer());
        // java.lang is not open to field access on Java 17: StackTraceElement (in every error
        // result) needs a serializer of its own.
        kryo.register(StackTraceElement.class, new Serializer<StackTraceElement>() {
            @Override
            public void write(Kryo k, Output out, StackTraceElement e) {
                out.writeString(e.getClassLoaderName());
                out.writeString(e.getModuleName());
                out.writeString(e.getModuleVersion());
                out.writeString(e.getClassName());
                out.writeString(e.getMethodName());
                out.writeString(e.getFileName());
                out.writeInt(e.getLineNumber(), false);
            }

            @Override
            public StackTraceElement read(Kryo k, Input in, Class<? extends StackTraceElement> type) {
                return new StackTraceElement(in.readString(), in.readString(), in.readString(), in.readString(),
                    in.readString(), in.readString(), in.readInt(false));
            }
        });
        return kryo;
    }
}
