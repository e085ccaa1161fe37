package org.mirai4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.mirai4j.internal.daemon.DaemonRunner;

/** Exit codes in words (R: nextcode). A real daemon's exit code is in LaunchOptionsTest. */
class ExitReasonTest {
  @Test
  void eachCodeNamesItsReasonAsMiraiAndTheDaemonDo() {
    assertThat(ExitReason.of(0)).isEqualTo(ExitReason.NORMAL);
    assertThat(ExitReason.of(1)).isEqualTo(ExitReason.IDLETIME);
    assertThat(ExitReason.of(2)).isEqualTo(ExitReason.WALLTIME);
    assertThat(ExitReason.of(3)).isEqualTo(ExitReason.MAXTASKS);
    assertThat(ExitReason.of(64)).isEqualTo(ExitReason.USAGE);
    assertThat(ExitReason.of(69)).isEqualTo(ExitReason.UNREACHABLE);
    assertThat(ExitReason.of(76)).isEqualTo(ExitReason.PROTOCOL);
    // the codes the daemon itself uses
    assertThat(ExitReason.NORMAL.code()).isEqualTo(DaemonRunner.EXIT_NORMAL);
    assertThat(ExitReason.IDLETIME.code()).isEqualTo(DaemonRunner.EXIT_IDLETIME);
    assertThat(ExitReason.WALLTIME.code()).isEqualTo(DaemonRunner.EXIT_WALLTIME);
    assertThat(ExitReason.MAXTASKS.code()).isEqualTo(DaemonRunner.EXIT_MAXTASKS);
    assertThat(ExitReason.USAGE.code()).isEqualTo(Daemon.EXIT_USAGE);
    assertThat(ExitReason.UNREACHABLE.code()).isEqualTo(Daemon.EXIT_UNAVAILABLE);
    assertThat(ExitReason.PROTOCOL.code()).isEqualTo(Daemon.EXIT_PROTOCOL);
  }

  @Test
  void describeReadsAsNextcodeForMiraisCodesAndNamesSignalsAndUnknownCodes() {
    assertThat(ExitReason.describe(0)).isEqualTo("0 | Daemon connection terminated");
    assertThat(ExitReason.describe(1)).isEqualTo("1 | Daemon idletime limit reached");
    assertThat(ExitReason.describe(2)).isEqualTo("2 | Daemon walltime limit reached");
    assertThat(ExitReason.describe(3)).isEqualTo("3 | Daemon task limit reached");
    assertThat(ExitReason.describe(137)).isEqualTo("137 | Daemon killed by signal 9");
    assertThat(ExitReason.describe(5)).isEqualTo("5 | Daemon exited with an unknown code");
    assertThat(Arrays.stream(ExitReason.values()).map(ExitReason::description))
        .doesNotContainNull().doesNotHaveDuplicates();
  }

  @Test
  void aCodeNoDaemonExitsWithIsRefusedByOfAndAbsentFromFind() {
    assertThatThrownBy(() -> ExitReason.of(137)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a daemon exit code: 137");
    assertThat(ExitReason.find(137)).isEmpty();
    assertThat(ExitReason.find(3)).contains(ExitReason.MAXTASKS);
  }

  @Test
  void theDaemonHelpListsEveryExitCode() {
    for (ExitReason reason : ExitReason.values()) {
      assertThat(Daemon.usage()).contains(reason.code() + " ");
    }
  }
}
