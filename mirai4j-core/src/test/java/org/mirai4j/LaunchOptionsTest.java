package org.mirai4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mirai4j.internal.host.Profiles;
import org.mirai4j.launch.RemoteConfig;
import org.mirai4j.testing.Await;

/**
 * Daemon options per launch (R: launch_local(n, ...), launch_remote(n, remote, ...)) and one
 * argument list per launch of the command launcher (R: remote_config(args = list(...))), with
 * real daemon JVMs.
 */
class LaunchOptionsTest {
  private static final String NAME = "launch-options-test";
  private static final Opts OPTS = Opts.compute(NAME);
  private static final DaemonOptions PROFILE_OPTIONS =
      DaemonOptions.builder().idleTime(Duration.ofMinutes(10)).build();

  @AfterEach
  void reset() {
    Daemons.terminate(NAME);
  }

  private static Daemons start(int n) {
    return Daemons.builder().compute(NAME).n(n).daemonOptions(PROFILE_OPTIONS).start();
  }

  private static List<Process> processes() {
    return Profiles.get(NAME).processes();
  }

  @Test
  void launchLocalWithOptionsGivesThoseDaemonsTheirOwnOptionsInPlaceOfTheProfiles()
      throws Exception {
    Daemons daemons = start(1);
    List<String> commands = daemons.launchLocal(1,
        DaemonOptions.builder().maxTasks(1).labels("once").build());
    // replaced, not merged (as mirai's ...): no --idletime from the profile
    assertThat(commands).singleElement().asString().contains("--maxtasks=1")
        .contains("--labels=once").doesNotContain("--idletime");
    assertThat(daemons.launchLocal(0, "other")).isEmpty();
    Await.until(() -> Daemons.status(NAME).connections() == 2);
    Process once = processes().get(1);

    long ranOn = Mirai.mirai(() -> ProcessHandle.current().pid(), OPTS.withRequires("once"))
        .get(30, TimeUnit.SECONDS);
    assertThat(ranOn).isEqualTo(once.pid());
    assertThat(once.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(ExitReason.of(once.exitValue())).isEqualTo(ExitReason.MAXTASKS);
    // the profile's own daemon, with the profile's options, is still there
    assertThat(processes().get(0).isAlive()).isTrue();
    assertThat(Mirai.mirai(() -> "first", OPTS).get(30, TimeUnit.SECONDS)).isEqualTo("first");
  }

  @Test
  void aRelaunchedDaemonGetsTheOptionsOfItsOwnLaunch() throws Exception {
    Daemons daemons = Daemons.builder().compute(NAME).daemonOptions(PROFILE_OPTIONS)
        .relaunch(true).start();
    daemons.launchLocal(1, DaemonOptions.builder().cleanup(false).labels("kept").build());
    Await.until(() -> Daemons.status(NAME).connections() == 1);
    processes().get(0).destroyForcibly();
    Await.until(() -> Daemons.status(NAME).relaunched() == 1
        && Daemons.status(NAME).connections() == 1);

    assertThat(Daemons.status(NAME).daemons()).filteredOn(DaemonInfo::connected)
        .singleElement().extracting(DaemonInfo::labels).isEqualTo(List.of("kept"));
    // cleanup(false) came back too: what one task leaves, the next one sees
    Opts kept = OPTS.withRequires("kept");
    Mirai.mirai(() -> Mirai.globals().put("left", "behind"), kept).get(30, TimeUnit.SECONDS);
    assertThat(Mirai.mirai(() -> Mirai.globals().get("left"), kept).get(30, TimeUnit.SECONDS))
        .isEqualTo("behind");
  }

  @Test
  void resetWaitsOnlyForDaemonsWhoseOwnLaunchSaysTheyExitWithTheHost() throws Exception {
    Daemons daemons = start(1);
    daemons.launchLocal(1, DaemonOptions.builder().autoExit(AutoExit.NEVER).build());
    Await.until(() -> Daemons.status(NAME).connections() == 2);
    Process exits = processes().get(0);
    Process persistent = processes().get(1);
    try {
      Daemons.reset(NAME);
      assertThat(exits.waitFor(30, TimeUnit.SECONDS)).isTrue();
      // not killed by reset: AutoExit.NEVER outlives the profile, as in mirai
      assertThat(persistent.isAlive()).isTrue();
    } finally {
      persistent.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void launchRemoteWithOptionsPutsThoseOptionsInTheCommands() {
    Daemons daemons = start(0);
    List<String> profile = daemons.launchRemote(1, RemoteConfig.manual());
    List<String> own = daemons.launchRemote(1, RemoteConfig.manual(),
        DaemonOptions.builder().maxTasks(5).build());
    assertThat(profile).singleElement().asString().contains("--idletime=600000");
    assertThat(own).singleElement().asString().contains("--maxtasks=5")
        .doesNotContain("--idletime");
  }

  @Test
  void eachArgumentListOfTheCommandLauncherStartsOneRealDaemonWithTheLaunchsOptions()
      throws Exception {
    Daemons daemons = start(0);
    RemoteConfig remote = RemoteConfig.commands("env",
        List.of(List.of("M4J_LIST=a", "."), List.of("M4J_LIST=b", ".")), false);
    assertThatThrownBy(() -> daemons.launchRemote(3, remote))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("n must equal the number of argument lists (2), or either must be 1: n = 3");

    List<String> lines = daemons.launchRemote(2, remote,
        DaemonOptions.builder().labels("remote").build());
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("env M4J_LIST=a ").contains("--labels=remote");
    assertThat(lines.get(1)).startsWith("env M4J_LIST=b ");
    Await.until(() -> Daemons.status(NAME).connections() == 2);
    assertThat(Mirai.everywhere(() -> System.getenv("M4J_LIST"), 2, NAME).collect())
        .containsExactlyInAnyOrder("a", "b");
    assertThat(Daemons.status(NAME).daemons())
        .allSatisfy(d -> assertThat(d.labels()).containsExactly("remote"));
  }

  @Test
  void aLostDaemonOfAnArgumentListIsRelaunchedWithThatOneListOnly() throws Exception {
    Daemons daemons = Daemons.builder().compute(NAME).relaunch(true).start();
    // n = 1 with two lists: one daemon per list, as mirai
    daemons.launchRemote(1, RemoteConfig.commands("env",
        List.of(List.of("M4J_LIST=a", "."), List.of("M4J_LIST=b", ".")), false));
    Await.until(() -> Daemons.status(NAME).connections() == 2);
    Map<String, Long> pids = everywherePids();
    assertThat(pids.keySet()).containsExactlyInAnyOrder("a", "b");

    ProcessHandle.of(pids.get("a")).orElseThrow().destroyForcibly();
    Await.until(() -> Daemons.status(NAME).relaunched() == 1
        && Daemons.status(NAME).connections() == 2);
    Map<String, Long> after = everywherePids();
    assertThat(after.keySet()).containsExactlyInAnyOrder("a", "b");
    assertThat(after.get("a")).isNotEqualTo(pids.get("a"));
    assertThat(after.get("b")).isEqualTo(pids.get("b"));
    assertThat(Daemons.info(NAME).cumulative()).isEqualTo(3);
  }

  private static Map<String, Long> everywherePids() throws Exception {
    return Mirai.everywhere(() -> System.getenv("M4J_LIST") + "=" + ProcessHandle.current().pid(),
            1, NAME).collect().stream().map(String::valueOf)
        .collect(Collectors.toMap(s -> s.split("=")[0], s -> Long.parseLong(s.split("=")[1])));
  }
}
