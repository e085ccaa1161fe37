package org.mirai4j.bench;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;

/**
 * A minimal JSON writer for the harness output: one flat object of numbers.
 */
public final class Json {

    private Json() {
    }

    /**
     * Renders {@code {"name": number, ...}} with one entry per line, in map order. Non-finite
     * values (which JSON cannot represent) are left out; numbers keep 6 significant digits.
     *
     * @param figures name → value
     * @return the JSON text, ending in a newline
     */
    public static String flatObject(Map<String, Double> figures) {
        StringBuilder sb = new StringBuilder("{");
        String sep = "\n  ";
        for (Map.Entry<String, Double> e : figures.entrySet()) {
            Double v = e.getValue();
            if (v == null || !Double.isFinite(v)) {
                continue;
            }
            sb.append(sep);
            quote(sb, e.getKey());
            sb.append(": ").append(number(v));
            sep = ",\n  ";
        }
        sb.append(figures.isEmpty() ? "}\n" : "\n}\n");
        return sb.toString();
    }

    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }
}
