package org.mirai4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mirai4j.launch.RemoteConfig;

/**
 * Sync mode with everywhere() and a seed, and everywhere() leaving the seeded streams alone (R:
 * tests.R, "reproducible RNG tests" and the sync = TRUE block), with real daemon JVMs.
 */
class SeedAndSyncTest {
  private static final String NAME = "seed-sync-test";
  private static final Opts OPTS = Opts.compute(NAME);

  @AfterEach
  void reset() {
    Daemons.terminate(NAME);
  }

  @Test
  void syncModeRunsEverywhereWhoseGlobalsOutliveCleanupAndLaunchesNothing() throws Exception {
    Daemons sync = Daemons.builder().compute(NAME).sync(true).start();
    assertThat(Mirai.everywhere(() -> Mirai.globals().put("foo", "bar"), 1, NAME).collect())
        .hasSize(1);
    assertThat(Mirai.mirai(() -> Mirai.globals().get("foo"), OPTS).get()).isEqualTo("bar");
    // what an ordinary mirai leaves, cleanup removes, as on a daemon
    Mirai.mirai(() -> Mirai.globals().put("tmp", 1), OPTS).get();
    assertThat(Mirai.mirai(() -> Mirai.globals().containsKey("tmp"), OPTS).get()).isFalse();
    assertThatThrownBy(() -> sync.launchLocal(1)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("sync");
    assertThatThrownBy(() -> sync.launchRemote(1, RemoteConfig.manual()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("sync");
    assertThatThrownBy(() -> sync.launchLocal(1, DaemonOptions.defaults()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("sync");
  }

  @Test
  void syncModeWithASeedGivesTheValuesDaemonsGiveWithThatSeed() throws Exception {
    List<Long> daemons = draws(Daemons.builder().compute(NAME).n(1).seed(42), false);
    List<Long> sync = draws(Daemons.builder().compute(NAME).sync(true).seed(42), false);
    List<Long> syncAgain = draws(Daemons.builder().compute(NAME).sync(true).seed(42), false);
    List<Long> other = draws(Daemons.builder().compute(NAME).sync(true).seed(43), false);
    assertThat(sync).isEqualTo(daemons).isEqualTo(syncAgain);
    assertThat(other).isNotEqualTo(sync);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"dispatcher", "direct", "sync"})
  void everywhereBetweenSeededMiraiTakesNoStreamFromThem(String mode) throws Exception {
    List<Long> plain = draws(builder(mode), false);
    List<Long> withEverywhere = draws(builder(mode), true);
    assertThat(withEverywhere).isEqualTo(plain);
    assertThat(plain).doesNotHaveDuplicates();
  }

  private static Daemons.Builder builder(String mode) {
    Daemons.Builder b = Daemons.builder().compute(NAME).seed(1234);
    return switch (mode) {
      case "dispatcher" -> b.n(2);
      case "direct" -> b.n(2).dispatcher(false);
      case "sync" -> b.sync(true);
      default -> throw new IllegalArgumentException(mode);
    };
  }

  /** Six seeded draws in six mirai, with an everywhere() after the third if asked. */
  private static List<Long> draws(Daemons.Builder builder, boolean everywhere) throws Exception {
    try (Daemons daemons = builder.start()) {
      List<Long> values = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        if (everywhere && i == 3) {
          // it draws too, but from each daemon's own stream
          Mirai.everywhere(() -> Mirai.random().nextLong(), 1, NAME).collect();
        }
        values.add(Mirai.mirai(() -> Mirai.random().nextLong(), OPTS).get(30, TimeUnit.SECONDS));
      }
      return values;
    }
  }
}
