package org.mirai4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mirai4j.internal.host.Profile;
import org.mirai4j.internal.host.Profiles;
import org.mirai4j.testing.Await;

/** Daemon labels and Opts.requires, with real daemon JVMs (issue 11, item 3). */
class LabelsTest {
  private static final String NAME = "labels-test";
  private static final Opts OPTS = Opts.compute(NAME);

  @AfterEach
  void reset() {
    Daemons.terminate(NAME);
  }

  private static Daemons start(int n, boolean dispatcher) {
    return Daemons.builder().compute(NAME).n(n).dispatcher(dispatcher).start();
  }

  private static Profile profile() {
    return Profiles.get(NAME);
  }

  private static long pidOf(int process) {
    return profile().processes().get(process).pid();
  }

  private static Task<Long> pid() {
    return () -> ProcessHandle.current().pid();
  }

  private static Task<Long> pidAfter(long millis) {
    return () -> {
      Thread.sleep(millis);
      return ProcessHandle.current().pid();
    };
  }

  @Test
  void labelsRoundTripThroughTheCommandLine() {
    DaemonOptions options = DaemonOptions.builder().labels("gpu", "bigmem").build();
    assertThat(options.toArgs()).contains("--labels=gpu,bigmem");
    assertThat(DaemonOptions.fromArgs(options.toArgs()).labels()).containsExactly("gpu", "bigmem");
    assertThat(DaemonOptions.fromArgs(List.of("--labels=gpu")).labels()).containsExactly("gpu");
    assertThat(DaemonOptions.defaults().labels()).isEmpty();
    assertThat(DaemonOptions.defaults().toArgs()).noneMatch(a -> a.startsWith("--labels"));
    assertThat(Daemon.usage()).contains("--labels=A,B");
  }

  @Test
  void badLabelsAreRefusedNamingTheValue() {
    assertThatThrownBy(() -> DaemonOptions.builder().labels("a,b"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a,b'");
    assertThatThrownBy(() -> DaemonOptions.builder().labels(""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("''");
    assertThatThrownBy(() -> DaemonOptions.fromArgs(List.of("--labels=gpu,")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("''");
    assertThatThrownBy(() -> Opts.requires("x,y")).hasMessageContaining("'x,y'");
    assertThatThrownBy(() -> OPTS.withRequires(" ")).hasMessageContaining("' '");
  }

  @Test
  void optsKeepTheirOtherFieldsWithRequires() {
    Opts opts = Opts.timeout(Duration.ofSeconds(3)).withCompute("c").withRetries(2)
        .withRequires("gpu");
    assertThat(opts.requires()).containsExactly("gpu");
    assertThat(opts.timeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(opts.compute()).isEqualTo("c");
    assertThat(opts.retries()).isEqualTo(2);
    assertThat(opts.withTimeout(Duration.ofSeconds(1)).requires()).containsExactly("gpu");
    assertThat(Opts.defaults().requires()).isEmpty();
  }

  @ParameterizedTest(name = "dispatcher={0}")
  @ValueSource(booleans = {true, false})
  void aTaskRequiringALabelRunsOnlyOnTheDaemonHoldingIt(boolean dispatcher) throws Exception {
    Daemons daemons = start(1, dispatcher);
    daemons.launchLocal(1, "gpu");
    Await.until(() -> profile().connections() == 2);
    long plainPid = pidOf(0);
    long gpuPid = pidOf(1);

    List<Mirai<Long>> gpu = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      gpu.add(Mirai.mirai(pidAfter(50), OPTS.withRequires("gpu")));
    }
    for (Mirai<Long> m : gpu) {
      assertThat(m.get(30, TimeUnit.SECONDS)).isEqualTo(gpuPid);
    }

    // Plain tasks still go to both daemons.
    Set<Long> pids = new HashSet<>();
    for (int round = 0; round < 5 && pids.size() < 2; round++) {
      List<Mirai<Long>> plain = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        plain.add(Mirai.mirai(pidAfter(300), OPTS));
      }
      for (Mirai<Long> m : plain) {
        pids.add(m.get(30, TimeUnit.SECONDS));
      }
    }
    assertThat(pids).containsExactlyInAnyOrder(plainPid, gpuPid);
  }

  @ParameterizedTest(name = "dispatcher={0}")
  @ValueSource(booleans = {true, false})
  void tasksWithTheSameRequirementRunInSubmissionOrder(boolean dispatcher, @TempDir Path dir)
      throws Exception {
    Daemons daemons = start(1, dispatcher);
    daemons.launchLocal(1, "gpu");
    Await.until(() -> profile().connections() == 2);
    String file = dir.resolve("order").toString();
    List<Mirai<?>> all = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      int index = i;
      all.add(Mirai.mirai(() -> {
        Files.writeString(Path.of(file), index + "\n", StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
        return null;
      }, OPTS.withRequires("gpu")));
      all.add(Mirai.mirai(pid(), OPTS)); // plain tasks in between
    }
    for (Mirai<?> m : all) {
      m.get(30, TimeUnit.SECONDS);
    }
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      expected.add(String.valueOf(i));
    }
    assertThat(Files.readAllLines(Path.of(file))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "dispatcher={0}")
  @ValueSource(booleans = {true, false})
  void aTaskRequiringAMissingLabelWaitsWithoutBlockingOthersUntilADaemonWithItJoins(
      boolean dispatcher) throws Exception {
    Daemons daemons = start(1, dispatcher);
    Mirai<Long> waiting = Mirai.mirai(pid(), OPTS.withRequires("bigmem"));

    // Later plain tasks are not held up behind it.
    for (int i = 0; i < 3; i++) {
      assertThat(Mirai.mirai(pid(), OPTS).get(30, TimeUnit.SECONDS)).isEqualTo(pidOf(0));
    }
    assertThat(waiting.unresolved()).isTrue();
    assertThat(Daemons.status(NAME).waitingForLabels()).isEqualTo(1);

    daemons.launchLocal(1, "bigmem");
    assertThat(waiting.get(30, TimeUnit.SECONDS)).isEqualTo(pidOf(1));
    assertThat(Daemons.status(NAME).waitingForLabels()).isZero();
  }

  @ParameterizedTest(name = "dispatcher={0}")
  @ValueSource(booleans = {true, false})
  void aTaskWaitingForLabelsTimesOut(boolean dispatcher) throws Exception {
    start(1, dispatcher);
    Mirai<Long> waiting = Mirai.mirai(pid(),
        OPTS.withRequires("nowhere").withTimeout(Duration.ofMillis(300)));
    Throwable error = waiting.result().error();
    assertThat(error).isInstanceOf(ErrorValueException.class);
    assertThat(((ErrorValueException) error).value()).isEqualTo(ErrorValue.TIMED_OUT);
    assertThat(Daemons.status(NAME).waitingForLabels()).isZero();
    assertThat(Mirai.mirai(pid(), OPTS).get(30, TimeUnit.SECONDS)).isEqualTo(pidOf(0));
    if (dispatcher) {
      Info info = Daemons.info(NAME);
      assertThat(info.awaiting()).isZero();
      assertThat(info.completed()).isEqualTo(2);
    }
  }

  @Test
  void everywhereIgnoresLabels() throws Exception {
    Daemons daemons = start(1, true);
    daemons.launchLocal(1, "gpu");
    Await.until(() -> profile().connections() == 2);
    Set<Object> pids = new HashSet<>(Mirai.everywhere(pid(), 1, NAME).collect());
    assertThat(pids).containsExactlyInAnyOrder(pidOf(0), pidOf(1));
  }
}
