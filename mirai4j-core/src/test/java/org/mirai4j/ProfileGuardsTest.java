package org.mirai4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** requireDaemons (R: require_daemons) and the refusal to start daemons inside a task. */
class ProfileGuardsTest {
  private static final String NAME = "guards-test";

  @AfterEach
  void reset() {
    Daemons.reset(NAME);
  }

  @Test
  void requireDaemonsThrowsSayingHowToSetThemAndReturnsTrueOnceSet() throws Exception {
    assertThatThrownBy(() -> Daemons.requireDaemons(NAME))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("No daemons set for the '" + NAME + "' compute profile. Use e.g. "
            + "Daemons.builder().compute(\"" + NAME + "\").n(6).start() to set 6 local daemons.");
    // mirai's example: a sync profile counts as set
    try (Daemons sync = Daemons.builder().compute(NAME).sync(true).start()) {
      assertThat(Daemons.requireDaemons(NAME)).isTrue();
      // no name: this thread's profile, the one withDaemons sets
      boolean required = Daemons.withDaemons(NAME, () -> Daemons.requireDaemons());
      assertThat(required).isTrue();
    }
    assertThatThrownBy(() -> Daemons.requireDaemons(NAME))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void requireDaemonsWithoutANameNamesNoProfile() {
    // the default profile is not set by any test of this class
    org.junit.jupiter.api.Assumptions.assumeFalse(Daemons.isSet());
    assertThatThrownBy(Daemons::requireDaemons).isInstanceOf(IllegalStateException.class)
        .hasMessage("No daemons set. Use e.g. Daemons.start(6) to set 6 local daemons.");
  }

  @Test
  void startingDaemonsInsideATaskOnADaemonFailsTheTaskAndStartsNone() throws Exception {
    Daemons.builder().compute(NAME).n(1).start();
    Result<String> r = Mirai.mirai(() -> {
      Daemons.builder().compute("nested").n(1).start();
      return "started";
    }, Opts.compute(NAME)).result();
    assertThat(r.isError()).isTrue();
    MiraiError error = (MiraiError) r.error();
    assertThat(error.remoteClassName()).isEqualTo(IllegalStateException.class.getName());
    assertThat(error).hasMessage("cannot start daemons inside a task (profile 'nested'): set them"
        + " up on the host before submitting, e.g. Daemons.start(n)");
    assertThat(Mirai.mirai(() -> Daemons.start(1) != null, Opts.compute(NAME)).result().error())
        .isInstanceOf(MiraiError.class).hasMessageContaining("cannot start daemons inside a task");
    // the daemon carries on, and no second daemon came from the task
    assertThat(Mirai.mirai(() -> "still here", Opts.compute(NAME)).get(30, TimeUnit.SECONDS))
        .isEqualTo("still here");
    assertThat(Daemons.info(NAME).cumulative()).isEqualTo(1);
  }

  @Test
  void startingDaemonsInsideASyncTaskFailsToo() throws Exception {
    Daemons.builder().compute(NAME).sync(true).start();
    Result<Daemons> r = Mirai.mirai(() -> Daemons.builder().compute("nested").sync(true).start(),
        Opts.compute(NAME)).result();
    assertThat(r.error()).isInstanceOf(MiraiError.class)
        .hasMessageContaining("cannot start daemons inside a task");
    assertThat(Daemons.isSet("nested")).isFalse();
  }
}
