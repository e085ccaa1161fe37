package org.mirai4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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

/** Daemons.Builder.setup: a task each daemon runs as it joins (issue 11, item 2). */
class SetupTest {
  private static final String NAME = "setup-test";
  private static final Opts OPTS = Opts.compute(NAME);

  @AfterEach
  void reset() {
    Daemons.terminate(NAME);
  }

  private static Profile profile() {
    return Profiles.get(NAME);
  }

  /** What setup left in globals, tagged with the daemon's pid. */
  private static Task<String> readsSetup() {
    return () -> ProcessHandle.current().pid() + ":" + Mirai.globals().get("setup");
  }

  @ParameterizedTest(name = "dispatcher={0}")
  @ValueSource(booleans = {true, false})
  void globalsSetBySetupAreSeenOnEveryDaemonIncludingOneLaunchedLater(boolean dispatcher)
      throws Exception {
    Daemons daemons = Daemons.builder().compute(NAME).n(2).dispatcher(dispatcher)
        .setup(() -> Mirai.globals().put("setup", "ready")).start();

    // Plain tasks (with cleanup after each) still see it, on both daemons.
    Set<String> seen = new HashSet<>();
    for (int round = 0; round < 10 && seen.size() < 2; round++) {
      Mirai<String> a = Mirai.mirai(() -> {
        Thread.sleep(200);
        return readsSetup().call();
      }, OPTS);
      Mirai<String> b = Mirai.mirai(readsSetup(), OPTS);
      seen.add(a.get(30, TimeUnit.SECONDS));
      seen.add(b.get(30, TimeUnit.SECONDS));
    }
    assertThat(seen).hasSize(2).allMatch(s -> s.endsWith(":ready"));

    daemons.launchLocal(1);
    Await.until(() -> profile().connections() == 3);
    List<Object> all = Mirai.everywhere(readsSetup(), 3, NAME).collect();
    assertThat(new HashSet<>(all)).hasSize(3).allMatch(s -> ((String) s).endsWith(":ready"));
    assertThat(Daemons.status(NAME).setupFailed()).isZero();
    if (dispatcher) {
      // The setup tasks count in no task counter.
      Status status = Daemons.status(NAME);
      assertThat(status.tasks()).isEqualTo(
          status.info().awaiting() + status.info().executing() + status.info().completed());
    }
  }

  @ParameterizedTest(name = "dispatcher={0}")
  @ValueSource(booleans = {true, false})
  void aFailingSetupKeepsThatDaemonOutOfService(boolean dispatcher, @TempDir Path dir)
      throws Exception {
    String token = dir.resolve("token").toString();
    // The first daemon creates the token; every later one fails, finding it there.
    Daemons daemons = Daemons.builder().compute(NAME).n(1).dispatcher(dispatcher)
        .setup(() -> {
          Files.createFile(Path.of(token));
          return null;
        }).start();
    long good = profile().processes().get(0).pid();
    daemons.launchLocal(1);

    Await.until(() -> Daemons.status(NAME).setupFailed() == 1);
    Process bad = profile().processes().get(1);
    assertThat(bad.waitFor(30, TimeUnit.SECONDS)).as("told to exit").isTrue();
    assertThat(Daemons.status(NAME).connections()).isEqualTo(1);
    for (int i = 0; i < 6; i++) {
      assertThat(Mirai.mirai(() -> ProcessHandle.current().pid(), OPTS)
          .get(30, TimeUnit.SECONDS)).isEqualTo(good);
    }
    assertThat(Daemons.status(NAME).lost()).isZero();
  }

  @Test
  void aRelaunchedDaemonRunsSetupAgainAndKeepsItsLabels() throws Exception {
    Daemons daemons = Daemons.builder().compute(NAME).n(1).relaunch(true)
        .setup(() -> Mirai.globals().put("setup", "ready")).start();
    daemons.launchLocal(1, "gpu");
    Await.until(() -> profile().connections() == 2);
    Opts gpu = OPTS.withRequires("gpu");
    String first = Mirai.mirai(readsSetup(), gpu).get(30, TimeUnit.SECONDS);
    long firstPid = Long.parseLong(first.substring(0, first.indexOf(':')));
    assertThat(firstPid).isEqualTo(profile().processes().get(1).pid());

    ProcessHandle.of(firstPid).ifPresent(ProcessHandle::destroyForcibly);
    Await.until(() -> Daemons.status(NAME).lost() == 1); // else the task may go to the dying one
    String again = Mirai.mirai(readsSetup(), gpu).get(60, TimeUnit.SECONDS);
    assertThat(again).endsWith(":ready").doesNotStartWith(firstPid + ":");
    assertThat(Daemons.status(NAME).relaunched()).isEqualTo(1);
  }
}
