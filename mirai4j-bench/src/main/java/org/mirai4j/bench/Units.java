package org.mirai4j.bench;

import java.util.Locale;

/**
 * Derives a figure's unit from its name, and formats values for the table.
 *
 * <p>The unit is the last underscore-separated part of the name after dropping a trailing
 * percentile qualifier ({@code _p50}, {@code _p90}, {@code _p99}, {@code _p999}):
 * <table>
 *   <caption>Unit suffixes</caption>
 *   <tr><th>suffix</th><th>unit</th><th>meaning</th></tr>
 *   <tr><td>{@code _us}</td><td>µs</td><td>microseconds</td></tr>
 *   <tr><td>{@code _ms}</td><td>ms</td><td>milliseconds</td></tr>
 *   <tr><td>{@code _s}</td><td>s</td><td>seconds</td></tr>
 *   <tr><td>{@code _mb}</td><td>MiB</td><td>memory, 2<sup>20</sup> bytes (as /proc reports)</td></tr>
 *   <tr><td>{@code _kib}</td><td>KiB</td><td>memory, 2<sup>10</sup> bytes</td></tr>
 *   <tr><td>{@code _mbps}</td><td>MB/s</td><td>transfer rate, MB = 10<sup>6</sup> bytes</td></tr>
 *   <tr><td>{@code _tps}</td><td>tasks/s</td><td>throughput</td></tr>
 *   <tr><td>{@code _pct}</td><td>%</td><td>percentage</td></tr>
 *   <tr><td>{@code _x}</td><td>×</td><td>ratio</td></tr>
 * </table>
 * Anything else prints with no unit.
 */
public final class Units {

    private Units() {
    }

    /**
     * The display unit of a figure.
     *
     * @param figure a figure name such as {@code floor_tcp_rtt_us_p99}
     * @return the unit, or "" when the name has no known unit suffix
     */
    public static String of(String figure) {
        String name = figure.replaceFirst("_p\\d+$", "");
        int cut = name.lastIndexOf('_');
        String suffix = cut < 0 ? "" : name.substring(cut + 1);
        switch (suffix) {
            case "us":
                return "µs";
            case "ms":
                return "ms";
            case "s":
                return "s";
            case "mb":
                return "MiB";
            case "kib":
                return "KiB";
            case "mbps":
                return "MB/s";
            case "tps":
                return "tasks/s";
            case "pct":
                return "%";
            case "x":
                return "×";
            default:
                return "";
        }
    }

    /**
     * Formats a constant such as a target bound exactly, without trailing zeros.
     *
     * @param value a finite double
     * @return e.g. "2", "1.5", "25000"
     */
    public static String exact(double value) {
        if (!Double.isFinite(value)) {
            return "n/a";
        }
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /**
     * Formats a value with about three significant digits (more for large values, no exponent).
     *
     * @param value any double
     * @return e.g. "0.123", "1.23", "31.2", "2345", or "n/a" for NaN and infinities
     */
    public static String format(double value) {
        if (!Double.isFinite(value)) {
            return "n/a";
        }
        double abs = Math.abs(value);
        if (abs == 0) {
            return "0";
        }
        if (abs < 0.01) {
            return String.format(Locale.ROOT, "%.2g", value);
        }
        if (abs < 1) {
            return String.format(Locale.ROOT, "%.3f", value);
        }
        if (abs < 10) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        if (abs < 1000) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.0f", value);
    }
}
