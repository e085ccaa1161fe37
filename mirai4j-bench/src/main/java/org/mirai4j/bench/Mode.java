package org.mirai4j.bench;

import java.time.Duration;

/**
 * How thoroughly a {@link Measurement} should run.
 *
 * <p>{@link #QUICK} is the smoke-test setting: the whole harness run, every registered measurement
 * included, must stay under one minute on a 2-core machine, so a quick measurement should take a
 * few seconds at most. {@link #FULL} is for numbers worth quoting: more warm-up, more samples,
 * bigger transfers.
 */
public enum Mode {
    /** Few samples; whole harness run under a minute. Selected by {@code --quick}. */
    QUICK,
    /** Enough samples for stable medians and p99s; the default. */
    FULL;

    /**
     * Picks the quick or the full value.
     *
     * @param quick value used in {@link #QUICK} mode
     * @param full value used in {@link #FULL} mode
     * @return {@code quick} or {@code full}
     */
    public int pick(int quick, int full) {
        return this == QUICK ? quick : full;
    }

    /**
     * Picks the quick or the full value.
     *
     * @param quick value used in {@link #QUICK} mode
     * @param full value used in {@link #FULL} mode
     * @return {@code quick} or {@code full}
     */
    public long pick(long quick, long full) {
        return this == QUICK ? quick : full;
    }

    /**
     * The longest the harness waits for one measurement before abandoning it.
     *
     * @return 60 s in quick mode, 10 min in full mode
     */
    public Duration timeout() {
        return this == QUICK ? Duration.ofSeconds(60) : Duration.ofMinutes(10);
    }

    /** @return true for {@link #QUICK} */
    public boolean isQuick() {
        return this == QUICK;
    }
}
