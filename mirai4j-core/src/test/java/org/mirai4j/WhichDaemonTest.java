package org.mirai4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mirai4j.internal.host.Profiles;
import org.mirai4j.testing.Await;

/** Which daemon ran a mirai, and the daemons in status() (issue 11, item 7; mirai #586). */
class WhichDaemonTest {
  private static final String NAME = "which-test";
  private static final Opts OPTS = Opts.compute(NAME);

  @AfterEach
  void reset() {
    Daemons.terminate(NAME);
  }

  private static Set<Long> processPids() {
    return Profiles.get(NAME).processes().stream().map(Process::pid)
        .collect(Collectors.toSet());
  }

  private static Task<Long> pidAfter(long millis) {
    return () -> {
      Thread.sleep(millis);
      return ProcessHandle.current().pid();
    };
  }

  @Test
  void aResolvedMiraiNamesTheDaemonThatRanIt() throws Exception {
    Daemons.builder().compute(NAME).n(2).start();
    Await.until(() -> Daemons.status(NAME).connections() == 2);
    Set<Long> pidsSeen = new HashSet<>();
    Set<String> hosts = new HashSet<>();
    for (int round = 0; round < 20 && pidsSeen.size() < 2; round++) {
      List<Mirai<Long>> two = List.of(Mirai.mirai(pidAfter(200), OPTS),
          Mirai.mirai(pidAfter(200), OPTS));
      for (Mirai<Long> m : two) {
        long pid = m.get(30, TimeUnit.SECONDS);
        DaemonInfo d = m.daemon().orElseThrow();
        assertThat(d.pid()).isEqualTo(pid);
        assertThat(d.host()).isNotBlank();
        assertThat(d.id()).isPositive();
        assertThat(d.connected()).isTrue();
        assertThat(d.tasksServed()).isPositive();
        pidsSeen.add(pid);
        hosts.add(d.host());
      }
    }
    assertThat(pidsSeen).hasSize(2).isEqualTo(processPids());
    assertThat(hosts).hasSize(1); // both daemons run on this machine

    // An error the task threw still names its daemon.
    Mirai<Object> failed = Mirai.mirai(() -> {
      throw new IllegalStateException("boom");
    }, OPTS);
    assertThat(failed.result().isError()).isTrue();
    assertThat(failed.daemon()).isPresent();
    assertThat(pidsSeen).contains(failed.daemon().orElseThrow().pid());
  }

  @Test
  void emptyWhileUnresolvedAndForATimeout() throws Exception {
    Daemons.builder().compute(NAME).n(1).start();
    Await.until(() -> Daemons.status(NAME).connections() == 1);
    Mirai<Long> slow = Mirai.mirai(pidAfter(2_000), OPTS.withTimeout(Duration.ofMillis(300)));
    assertThat(slow.daemon()).isEmpty(); // unresolved (it runs for 2 s)
    Result<Long> r = slow.result();
    assertThat(r.isError()).isTrue();
    assertThat(r.error()).isInstanceOf(ErrorValueException.class);
    assertThat(slow.daemon()).isEmpty();
    // Its daemon's late answer (the interrupt, or the value) does not make it name one.
    Await.until(() -> Daemons.status(NAME).info().executing() == 0);
    assertThat(Mirai.mirai(pidAfter(0), OPTS).get(30, TimeUnit.SECONDS)).isPositive();
    assertThat(slow.daemon()).isEmpty();

    Mirai<Long> canceled = Mirai.mirai(pidAfter(2_000), OPTS);
    canceled.cancel(true);
    assertThat(canceled.daemon()).isEmpty();
  }

  @Test
  void statusListsTheDaemonsWithWhatTheyServed() throws Exception {
    Daemons.builder().compute(NAME).n(2).start();
    Await.until(() -> Daemons.status(NAME).connections() == 2);
    int n = 12;
    List<Mirai<Long>> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add(Mirai.mirai(pidAfter(20), OPTS));
    }
    for (Mirai<Long> m : all) {
      m.get(30, TimeUnit.SECONDS);
    }
    Status status = Daemons.status(NAME);
    List<DaemonInfo> daemons = status.daemons();
    assertThat(daemons).hasSize(2);
    assertThat(daemons).extracting(DaemonInfo::id).doesNotHaveDuplicates().allMatch(id -> id > 0);
    assertThat(daemons.stream().map(DaemonInfo::pid).collect(Collectors.toSet()))
        .isEqualTo(processPids());
    assertThat(daemons).allMatch(DaemonInfo::connected).allMatch(d -> d.labels().isEmpty());
    assertThat(daemons.get(0).host()).isNotBlank().isEqualTo(daemons.get(1).host());
    assertThat(daemons.stream().mapToLong(DaemonInfo::tasksServed).sum()).isEqualTo(n);
    // Each mirai names one of them, and the tasks each is named for add up to what it served.
    for (DaemonInfo d : daemons) {
      long named = all.stream().filter(m -> m.daemon().orElseThrow().id() == d.id()).count();
      assertThat(named).isEqualTo(d.tasksServed());
    }
    assertThat(status.info().completed()).isEqualTo(n);
  }

  @Test
  void labelsShowForALabeledDaemon() throws Exception {
    try (Daemons daemons = Daemons.builder().compute(NAME).n(1).start()) {
      daemons.launchLocal(1, "gpu");
      Await.until(() -> Daemons.status(NAME).connections() == 2);
      List<DaemonInfo> listed = Daemons.status(NAME).daemons();
      assertThat(listed).extracting(DaemonInfo::labels)
          .containsExactlyInAnyOrder(List.of(), List.of("gpu"));
      DaemonInfo gpu = listed.stream().filter(d -> d.labels().contains("gpu")).findFirst()
          .orElseThrow();
      Mirai<Long> m = Mirai.mirai(pidAfter(0), OPTS.withRequires("gpu"));
      assertThat(m.get(30, TimeUnit.SECONDS)).isEqualTo(gpu.pid());
      DaemonInfo ran = m.daemon().orElseThrow();
      assertThat(ran.id()).isEqualTo(gpu.id());
      assertThat(ran.labels()).containsExactly("gpu");
      assertThat(ran.tasksServed()).isEqualTo(1);
      assertThat(processPids()).contains(gpu.pid());
    }
  }

  @Test
  void syncModeNamesNoDaemon() throws Exception {
    Daemons.builder().compute(NAME).sync(true).start();
    Mirai<Long> m = Mirai.mirai(pidAfter(0), OPTS);
    assertThat(m.get(30, TimeUnit.SECONDS)).isEqualTo(ProcessHandle.current().pid());
    assertThat(m.daemon()).isEmpty();
    assertThat(Daemons.status(NAME).daemons()).isEmpty();
  }

  @Test
  void statusRecordsKeepTheirOlderConstructorsAndAreImmutable() {
    Info info = new Info(0, null, null, null, null);
    assertThat(new Status(0, "tcp://h:1", info, null).daemons()).isEmpty();
    assertThat(new Status(0, "u", info, null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0).daemons())
        .isEmpty();
    List<DaemonInfo> list = new ArrayList<>(
        List.of(new DaemonInfo(1, "h", 2, new ArrayList<>(List.of("gpu")), true, 3)));
    Status s = new Status(0, "u", info, null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, list);
    list.clear();
    assertThat(s.daemons()).hasSize(1);
    assertThat(s.daemons().get(0).labels()).containsExactly("gpu");
  }
}
