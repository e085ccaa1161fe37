package org.mirai4j.bench.mirai;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.mirai4j.Daemons;
import org.mirai4j.MapFunction;
import org.mirai4j.Mirai;
import org.mirai4j.Opts;
import org.mirai4j.bench.Measurement;
import org.mirai4j.bench.Mode;
import org.mirai4j.bench.Stats;

/**
 * {@code map_tiny_2_ips}: items per second of a {@link Mirai#map} of one-microsecond items over
 * 2 daemon JVMs behind the dispatcher (profile {@code Daemons.builder().compute("bench-map-tiny").n(2)}),
 * chunk size chosen by measurement: 1,000,000 items (quick: 100,000), from the call to the last
 * value collected in order. Each item spins for 1 µs on {@code System.nanoTime()} and returns its
 * int. One untimed warm-up map of a tenth the size, then one map (quick) or the median of 3
 * (full). Also {@code map_tiny_2_unchunked_ips}: the same items sent one task per item
 * ({@code Opts.chunk(1)}), 100,000 of them (quick: 10,000) since that path runs at task rate.
 *
 * <p>Run: {@code java -jar mirai4j-bench/target/mirai4j-bench.jar --only map_tiny_2_ips [--quick]}.
 *
 * <p>Baseline (2-core sandbox VM, OpenJDK 17.0.15, 2026-12, other sessions' builds running): full,
 * 1-min load 15–16: 369,000–436,000 items/s chunked, 10,600–14,700 unchunked; quick, load 12–16:
 * 63,000–81,000 chunked, 4,700–6,400 unchunked (load 24–27: 21,000–54,000 and 2,000–4,200).
 * A quick run takes 7–17 s.
 */
public final class MapTiny2 implements Measurement {

    /** The compute profile this measurement owns. */
    static final String COMPUTE = "bench-map-tiny";

    /** Spins about one microsecond, then returns the item. */
    static final MapFunction<Integer, Integer> ONE_MICROSECOND = x -> {
        long end = System.nanoTime() + 1_000;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
        return x;
    };

    @Override
    public String name() {
        return "map_tiny_2_ips";
    }

    @Override
    public String description() {
        return "Mirai.map of 1,000,000 one-microsecond items (quick: 100,000) over 2 daemons, chunked by"
            + " measurement, and 100,000 (quick: 10,000) unchunked; items/s";
    }

    @Override
    public Map<String, Double> run(Mode mode) throws Exception {
        int items = mode.pick(100_000, 1_000_000);
        int unchunkedItems = mode.pick(10_000, 100_000);
        int rounds = mode.pick(1, 3);
        Daemons d = null;
        try {
            d = Daemons.builder().compute(COMPUTE).n(2).start();
            Opts opts = Opts.compute(COMPUTE);
            itemsPerSecond(items / 10, opts);
            double[] ips = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                ips[i] = itemsPerSecond(items, opts);
            }
            Opts single = opts.withChunk(1);
            itemsPerSecond(unchunkedItems / 10, single);
            double unchunked = itemsPerSecond(unchunkedItems, single);
            Map<String, Double> r = new LinkedHashMap<>();
            r.put("map_tiny_2_ips", Stats.median(ips));
            r.put("map_tiny_2_unchunked_ips", unchunked);
            return r;
        } finally {
            MiraiBench.closeQuietly(d);
        }
    }

    private static double itemsPerSecond(int n, Opts opts) throws Exception {
        List<Integer> input = IntStream.range(0, n).boxed().toList();
        long t0 = System.nanoTime();
        List<Integer> out = Mirai.map(input, ONE_MICROSECOND, opts).collect();
        double seconds = (System.nanoTime() - t0) / 1e9;
        for (int i = 0; i < n; i++) {
            if (out.get(i) != i) {
                throw new IllegalStateException("item " + i + " came back as " + out.get(i));
            }
        }
        return n / seconds;
    }
}
