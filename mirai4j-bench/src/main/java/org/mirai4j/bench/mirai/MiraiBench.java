package org.mirai4j.bench.mirai;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.mirai4j.Daemons;
import org.mirai4j.Info;
import org.mirai4j.Mirai;
import org.mirai4j.Opts;
import org.mirai4j.Task;
import org.mirai4j.bench.Mode;
import org.mirai4j.bench.Paired;
import org.mirai4j.bench.floor.FloorLink;
import org.mirai4j.bench.Stats;

/**
 * Shared pieces of the mirai4j measurements: bounded waits, the no-op task and the round-trip
 * loop. Every wait here is bounded so that a hang in mirai4j-core shows up as a
 * {@link TimeoutException} naming what was awaited instead of eating the harness timeout.
 */
final class MiraiBench {

    /** The longest any single mirai is waited for. */
    static final Duration GET_TIMEOUT = Duration.ofSeconds(30);

    /** A task that does nothing and returns null. */
    static final Task<Object> NOOP = () -> null;

    private MiraiBench() {
    }

    /**
     * Waits for a mirai's value, at most {@link #GET_TIMEOUT}.
     *
     * @param m the mirai
     * @param what what it is, for the timeout message
     * @return its value
     * @throws Exception its error, or a {@link TimeoutException} naming it
     */
    static <T> T get(Mirai<T> m, String what) throws Exception {
        return get(m, what, GET_TIMEOUT);
    }

    /**
     * Waits for a mirai's value, at most {@code timeout}.
     *
     * @param m the mirai
     * @param what what it is, for the timeout message
     * @param timeout the bound
     * @return its value
     * @throws Exception its error, or a {@link TimeoutException} naming it
     */
    static <T> T get(Mirai<T> m, String what, Duration timeout) throws Exception {
        try {
            return m.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            TimeoutException t = new TimeoutException(what + ": " + m + " not resolved within "
                + timeout.toMillis() + " ms");
            t.initCause(e);
            throw t;
        }
    }

    /**
     * Times {@code samples} round trips of {@link #NOOP} through a profile after {@code warmup}
     * untimed ones.
     *
     * @param opts the options naming the profile
     * @param warmup untimed round trips first
     * @param samples timed round trips
     * @return one duration per timed round trip, in ns
     * @throws Exception if a round trip fails or times out
     */
    static long[] roundTrips(Opts opts, int warmup, int samples) throws Exception {
        for (int i = 0; i < warmup; i++) {
            Object v = get(Mirai.mirai(NOOP, opts), "warm-up round trip " + i + " via " + opts.compute());
            if (v != null) {
                throw new IllegalStateException("no-op task returned " + v);
            }
        }
        long[] nanos = new long[samples];
        for (int i = 0; i < samples; i++) {
            long t0 = System.nanoTime();
            Object v = get(Mirai.mirai(NOOP, opts), "round trip " + i + " via " + opts.compute());
            nanos[i] = System.nanoTime() - t0;
            if (v != null) {
                throw new IllegalStateException("no-op task returned " + v);
            }
        }
        return nanos;
    }

    /**
     * One side of a paired measurement: a sampler that can be warmed up and must be closed.
     */
    interface Side extends Paired.BlockSampler, AutoCloseable {
        /**
         * Untimed samples before the first block.
         *
         * @param n how many
         * @throws Exception if one fails
         */
        void warmUp(int n) throws Exception;

        /** Releases what the side opened; never throws. */
        @Override
        void close();
    }

    /**
     * Opens a side.
     */
    @FunctionalInterface
    interface SideOpener {
        /**
         * @return the open side
         * @throws Exception if it cannot be opened
         */
        Side open() throws Exception;
    }

    /**
     * A JDK floor round trip as a side.
     *
     * @param link the open floor link
     * @return the side; closing it closes the link
     */
    static Side side(FloorLink link) {
        return new Side() {
            @Override
            public long[] block(int n) throws Exception {
                return link.block(n);
            }

            @Override
            public void warmUp(int n) throws Exception {
                link.warmUp(n);
            }

            @Override
            public void close() {
                link.close();
            }
        };
    }

    /**
     * No-op round trips through a started profile as a side.
     *
     * @param d the started profile; closing the side closes it
     * @return the side
     */
    static Side side(Daemons d) {
        Opts opts = Opts.compute(d.compute());
        return new Side() {
            @Override
            public long[] block(int n) throws Exception {
                return roundTrips(opts, 0, n);
            }

            @Override
            public void warmUp(int n) throws Exception {
                roundTrips(opts, n, 0);
            }

            @Override
            public void close() {
                closeQuietly(d);
            }
        };
    }

    /**
     * The pairing plan of the round-trip figures: 5 pairs of 1,000 + 1,000 samples quick (the
     * figure's 5k samples as before), 10 pairs of 10,000 + 10,000 full (100k as before).
     *
     * @param mode quick or full
     * @return the plan
     */
    static Paired.Plan roundTripPlan(Mode mode) {
        int perBlock = mode.pick(1_000, 10_000);
        return new Paired.Plan(mode.pick(5, 10), perBlock, perBlock);
    }

    /**
     * Starts a one-daemon profile and its floor, warms both up (the floor 2k quick, 20k full;
     * the profile 5k quick, 20k full), times no-op round trips through the profile in blocks
     * alternating with blocks of the floor ({@link #roundTripPlan}), and closes both.
     *
     * @param figure the figure's name; see {@link Paired#figures} for what is returned
     * @param profile the profile, not started
     * @param floorFigure the floor's figure name, e.g. {@code floor_tcp_rtt_us}
     * @param floor opens the floor side
     * @param mode quick or full
     * @return the median, p99 and paired figures
     * @throws Exception if the profile or floor fails to start or a round trip fails
     */
    static Map<String, Double> roundTripFigures(String figure, Daemons.Builder profile, String floorFigure,
                                                SideOpener floor, Mode mode) throws Exception {
        try (Side f = floor.open(); Side m = side(profile.start())) {
            f.warmUp(mode.pick(2_000, 20_000));
            m.warmUp(mode.pick(5_000, 20_000));
            return Paired.figures(figure, floorFigure, Paired.run(f, m, roundTripPlan(mode)));
        }
    }

    /**
     * Submits {@code n} no-op mirai, then waits for each in submission order.
     *
     * @param opts the options naming the profile
     * @param n how many
     * @return tasks per second, from the first submission to the last resolution
     * @throws Exception if a task fails, returns a value, or is not resolved in time
     */
    static double throughput(Opts opts, int n) throws Exception {
        List<Mirai<Object>> all = new ArrayList<>(n);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            all.add(Mirai.mirai(NOOP, opts));
        }
        for (int i = 0; i < n; i++) {
            Object v = get(all.get(i), "task " + i + " of " + n + " via " + opts.compute());
            if (v != null) {
                throw new IllegalStateException("no-op task returned " + v);
            }
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    /**
     * Polls a condition, parking between polls, until it holds or the deadline passes.
     *
     * @param condition what to wait for
     * @param park how long to park between polls
     * @param timeout how long at most
     * @param what the condition, for the timeout message
     * @throws TimeoutException if it does not hold in time
     * @throws InterruptedException if the thread is interrupted (the harness abandoned us)
     */
    static void awaitCondition(BooleanSupplier condition, Duration park, Duration timeout, String what)
        throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                throw new TimeoutException("not within " + timeout.toMillis() + " ms: " + what);
            }
            LockSupport.parkNanos(park.toNanos());
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting: " + what);
            }
        }
    }

    /**
     * Connections of a profile now, 0 if it is not set.
     *
     * @param compute the profile
     * @return its connected daemons
     */
    static int connections(String compute) {
        // info(), not status(): status() lists every daemon, O(connections) per call on the
        // profile's event loop, which polling at 10,000 daemons would make part of the figure.
        Info info = Daemons.info(compute);
        return info == null ? 0 : info.connections();
    }

    /**
     * Tasks executing on a dispatcher profile now, -1 if unknown.
     *
     * @param compute the profile
     * @return {@link Info#executing()}, or -1
     */
    static int executing(String compute) {
        Info info = Daemons.info(compute);
        return info == null || info.executing() == null ? -1 : info.executing();
    }

    /**
     * Closes a profile, never throwing (for finally blocks).
     *
     * @param d the profile, may be null
     */
    static void closeQuietly(Daemons d) {
        if (d == null) {
            return;
        }
        try {
            d.close();
        } catch (RuntimeException e) {
            System.err.println("[bench] closing " + d + " failed: " + e);
        }
    }
}
