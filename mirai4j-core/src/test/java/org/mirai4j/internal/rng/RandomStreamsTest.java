package org.mirai4j.internal.rng;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RandomStreamsTest {
  @Test
  void everyStreamOfASeedDrawsItsOwnFirstValue() {
    RandomStreams streams = RandomStreams.seeded(42);
    Set<Long> first = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      first.add(RandomStreams.generator(streams.nextState()).nextLong());
    }
    assertThat(first).hasSize(100_000);
  }

  @Test
  void theSameSeedGivesTheSameStreams() {
    RandomStreams a = RandomStreams.seeded(7);
    RandomStreams b = RandomStreams.seeded(7);
    for (int i = 0; i < 100; i++) {
      assertThat(RandomStreams.generator(a.nextState()).nextLong())
          .isEqualTo(RandomStreams.generator(b.nextState()).nextLong());
    }
  }
}
