package org.mirai4j.internal.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChunkSizerTest {
  @Test
  void startsAtOneItemAndGrowsAtMostFourFoldPerMeasuredSize() {
    ChunkSizer sizer = new ChunkSizer(0);
    assertThat(sizer.next(1_000_000, 2)).isEqualTo(1);
    sizer.measured(1, 1_000, 10); // 1 µs per item: 5,000 per chunk would be the aim
    assertThat(sizer.next(1_000_000, 2)).isEqualTo(4);
    sizer.measured(4, 4_000, 40);
    assertThat(sizer.next(1_000_000, 2)).isEqualTo(16);
  }

  @Test
  void aimsAtTheTargetDurationWithinTheByteBoundAndKeepsChunksPerDaemonForTheTail() {
    ChunkSizer sizer = new ChunkSizer(0);
    for (int i = 0; i < ChunkSizer.WINDOW; i++) {
      sizer.measured(100_000, 100_000_000, 1_000); // 1 µs and 0.01 bytes per item
    }
    assertThat(sizer.next(10_000_000, 2))
        .isEqualTo((int) (ChunkSizer.TARGET_NANOS / 1_000));
    assertThat(sizer.next(8_000, 2)).isEqualTo(8_000 / (ChunkSizer.CHUNKS_PER_DAEMON * 2));
    assertThat(sizer.next(3, 2)).isEqualTo(1);

    ChunkSizer heavy = new ChunkSizer(0);
    for (int i = 0; i < ChunkSizer.WINDOW; i++) {
      heavy.measured(100_000, 100_000_000, 100_000L * 1_024); // 1 KiB per item
    }
    assertThat(heavy.next(10_000_000, 2)).isEqualTo((int) (ChunkSizer.MAX_BYTES / 1_024));
  }

  @Test
  void oneChunkPreemptedForLongDoesNotSetTheSize() {
    ChunkSizer sizer = new ChunkSizer(0);
    for (int i = 0; i < 10; i++) {
      sizer.measured(10_000, 10_000_000, 100); // 1 µs per item
    }
    sizer.measured(10_000, 600_000_000, 100); // 60 µs per item: descheduled
    assertThat(sizer.next(10_000_000, 2)).isEqualTo(5_000);
  }

  @Test
  void slowItemsGoOnePerTaskAndAFixedSizeIsKept() {
    ChunkSizer sizer = new ChunkSizer(0);
    assertThat(sizer.oneItemPerTask()).isFalse();
    sizer.measured(1, 20_000_000, 10);
    assertThat(sizer.oneItemPerTask()).isTrue();
    assertThat(sizer.next(1_000, 2)).isEqualTo(1);

    ChunkSizer fixed = new ChunkSizer(50);
    assertThat(fixed.fixed()).isTrue();
    assertThat(fixed.next(1_000, 2)).isEqualTo(50);
    assertThat(fixed.next(7, 2)).isEqualTo(7);
    assertThatThrownBy(() -> fixed.next(0, 2)).hasMessageContaining("0");
    assertThatThrownBy(() -> new ChunkSizer(-1)).hasMessageContaining("-1");
  }
}
