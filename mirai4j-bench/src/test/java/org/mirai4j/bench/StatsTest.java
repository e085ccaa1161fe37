package org.mirai4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void medianAndP99InMicroseconds() {
        long[] nanos = LongStream.rangeClosed(1, 100).map(i -> i * 1_000).toArray();
        assertThat(Stats.medianUs(nanos)).isEqualTo(50.0);
        assertThat(Stats.p99Us(nanos)).isEqualTo(99.0);
        assertThat(Stats.percentileUs(nanos, 100)).isEqualTo(100.0);
        assertThat(Stats.meanUs(nanos)).isEqualTo(50.5);
    }

    @Test
    void doesNotModifyInput() {
        long[] nanos = {3_000, 1_000, 2_000};
        assertThat(Stats.medianUs(nanos)).isEqualTo(2.0);
        assertThat(nanos).containsExactly(3_000, 1_000, 2_000);
    }

    @Test
    void medianOfDoubles() {
        assertThat(Stats.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(Stats.median(new double[] {5})).isEqualTo(5);
    }

    @Test
    void rejectsEmpty() {
        assertThatThrownBy(() -> Stats.medianUs(new long[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ownRssIsPlausible() {
        assertThat(ProcessRss.selfRssMb()).isBetween(1.0, 100_000.0);
    }
}
