package org.mirai4j.bench.jmh;

import java.util.Locale;

/**
 * Prints the bytes of each {@link Shapes shape} under each {@link Codecs codec}: the first
 * message on a connection and the second (where a codec caches class descriptors per
 * connection, the second is what every later task costs).
 *
 * <p>Run: {@code java -cp mirai4j-bench/target/mirai4j-bench.jar org.mirai4j.bench.jmh.SerializerSizes}.
 */
public final class SerializerSizes {

    private SerializerSizes() {
    }

    /**
     * Prints the table.
     *
     * @param args ignored
     * @throws Exception if a codec fails to round-trip a shape
     */
    public static void main(String[] args) throws Exception {
        System.out.printf(Locale.ROOT, "%-18s", "shape");
        for (String c : Codecs.NAMES) {
            System.out.printf(Locale.ROOT, " %22s", c + " (1st / later)");
        }
        System.out.println();
        for (String shape : Shapes.NAMES) {
            System.out.printf(Locale.ROOT, "%-18s", shape);
            for (String codec : Codecs.NAMES) {
                int[] sizes = sizes(codec, shape);
                System.out.printf(Locale.ROOT, " %22s", sizes[0] + " / " + sizes[1]);
            }
            System.out.println();
        }
    }

    /**
     * The bytes of the first and the second message of a shape on a new connection.
     *
     * @param codec the codec
     * @param shape the shape
     * @return {first, second}
     * @throws Exception if the value does not survive a round trip
     */
    static int[] sizes(String codec, String shape) throws Exception {
        Codecs.Connection c = Codecs.connection(codec);
        Object v = Shapes.make(shape);
        byte[] first = c.encode(v);
        if (!Shapes.same(v, c.decode(first))) {
            throw new IllegalStateException(codec + " did not round-trip " + shape);
        }
        byte[] second = c.encode(v);
        if (!Shapes.same(v, c.decode(second))) {
            throw new IllegalStateException(codec + " did not round-trip " + shape + " twice");
        }
        return new int[] {first.length, second.length};
    }
}
