package org.mirai4j.bench.jmh;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.mirai4j.Task;
import org.mirai4j.internal.serial.RemoteError;

/**
 * The shapes tasks and results have on the wire, for {@link SerializerShapesBenchmark}.
 */
public final class Shapes {

    /** The shapes' names, as {@link #make(String)} takes them. */
    public static final List<String> NAMES = List.of("noop_lambda", "capturing_lambda", "record",
        "double_list_1000", "double_array_10m", "result_exception");

    /**
     * A small value record, as a task might take or return.
     *
     * @param id an id
     * @param weight a weight
     * @param label a label
     */
    public record Sample(int id, double weight, String label) implements Serializable {
    }

    private Shapes() {
    }

    /**
     * Builds a shape.
     *
     * @param name one of {@link #NAMES}
     * @return a new value of that shape
     */
    public static Object make(String name) {
        switch (name) {
            case "noop_lambda":
                return (Task<Object>) () -> null;
            case "capturing_lambda":
                return capturing(7, 2.5, "mirai");
            case "record":
                return new Sample(42, 0.75, "mirai4j");
            case "double_list_1000": {
                List<Double> list = new ArrayList<>(1_000);
                for (int i = 0; i < 1_000; i++) {
                    list.add(i * 0.5);
                }
                return list;
            }
            case "double_array_10m": {
                double[] a = new double[10_000_000];
                Arrays.setAll(a, i -> i * 0.25);
                return a;
            }
            case "result_exception":
                // What a daemon sends back for a failed task: the error as data (core's RemoteError).
                return RemoteError.of(failure());
            default:
                throw new IllegalArgumentException("unknown shape " + name + "; known: " + NAMES);
        }
    }

    /** A task capturing three values: an int, a double and a String. */
    static Task<Object> capturing(int n, double x, String s) {
        return () -> n * x + s.length();
    }

    private static Exception failure() {
        try {
            throw new IOException("disk full");
        } catch (IOException e) {
            return new IllegalStateException("task failed while writing its result", e);
        }
    }

    /**
     * Whether a decoded value is what was encoded: lambdas give the same result, arrays the same
     * elements, errors the same class, message and stack.
     *
     * @param expected the original
     * @param actual the decoded copy
     * @return true if they match
     * @throws Exception if a lambda fails when called
     */
    public static boolean same(Object expected, Object actual) throws Exception {
        if (expected instanceof Task<?> t) {
            return actual instanceof Task<?> u && Objects.equals(t.call(), u.call());
        }
        if (expected instanceof double[] a) {
            return actual instanceof double[] b && Arrays.equals(a, b);
        }
        if (expected instanceof RemoteError e) {
            return actual instanceof RemoteError f && e.className().equals(f.className())
                && Objects.equals(e.message(), f.message()) && e.conditionClasses().equals(f.conditionClasses())
                && Arrays.equals(e.stackTrace(), f.stackTrace()) && same(e.cause(), f.cause());
        }
        return Objects.equals(expected, actual);
    }
}
