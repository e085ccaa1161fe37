package org.mirai4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.mirai4j.launch.RemoteConfig;
import org.mirai4j.launch.Urls;

/**
 * Compiles against API.md exactly as an outside acceptance test would: each signature, with the
 * checked exceptions it declares and no more, and runs the calls that need no daemons.
 */
class ApiContractTest {
  @Test
  void everySignatureOfTheContractCompilesAndTheStaticOnesAnswer() {
    Task<Integer> task = () -> 1;
    MapFunction<Integer, Integer> fn = x -> x;
    Opts opts = Opts.timeout(Duration.ofSeconds(1)).withCompute("api").withTimeout(Duration.ofSeconds(2));
    assertThat(Opts.compute("api").compute()).isEqualTo("api");
    assertThat(Opts.retries(1).withRetries(2).retries()).isEqualTo(2);
    assertThat(Opts.chunk(8).withChunk(16).chunk()).isEqualTo(16);
    assertThat(Opts.defaults().chunk()).isNull();
    assertThat(MiraiMap.DEFAULT_NAME).isEqualTo("mirai_map");
    assertThat(opts.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(Mirai.race(List.of())).isEqualTo(-1);
    boolean on = Mirai.onDaemon();
    java.util.Map<String, Object> globals = Mirai.globals();
    RandomGenerator random = Mirai.random();
    assertThat(on).isFalse();
    assertThat(globals).isNotNull();
    assertThat(random).isNotNull();

    assertThat(ErrorValue.TIMED_OUT.code()).isEqualTo(5);
    assertThat(ErrorValue.CONNECTION_RESET.code()).isEqualTo(19);
    assertThat(ErrorValue.CANCELED.code()).isEqualTo(20);
    assertThat(new ErrorValueException(ErrorValue.CANCELED).value()).isEqualTo(ErrorValue.CANCELED);
    Result<Integer> r = Result.ofValue(1);
    assertThat(r.isError()).isFalse();
    assertThat(r.value()).isEqualTo(1);
    assertThat(r.error()).isNull();
    assertThat(Collect.valueOf("PROGRESS")).isEqualTo(Collect.PROGRESS);
    assertThat(AutoExit.valueOf("AFTER_TASK")).isEqualTo(AutoExit.AFTER_TASK);

    Info info = new Info(1, null, null, null, null);
    Memory memory = new Memory(0, 0, null);
    Status status = new Status(1, "tcp://h:1", info, memory);
    assertThat(status.connections()).isEqualTo(1);
    assertThat(status.daemons()).isEmpty();
    DaemonInfo daemonInfo = new DaemonInfo(1, "h", 2, List.of("gpu"), true, 0);
    assertThat(daemonInfo.labels()).containsExactly("gpu");
    assertThat(Daemons.info("api-never-set")).isNull();
    assertThat(Daemons.status("api-never-set").connections()).isZero();
    assertThat(Daemons.isSet("api-never-set")).isFalse();
    assertThat(Daemons.reset("api-never-set")).isFalse();
    Daemons.terminate("api-never-set");

    DaemonOptions options = DaemonOptions.builder().dispatcher(true).asyncDial(false)
        .autoExit(AutoExit.IMMEDIATE).cleanup(true).output(false).idleTime(Duration.ofSeconds(1))
        .wallTime(Duration.ofSeconds(1)).maxTasks(3).tlsCert("pem").seed(1).build();
    assertThat(options.maxTasks()).isEqualTo(3);
    Supplier<char[]> password = () -> new char[0];
    Daemons.Builder builder = Daemons.builder().n(0).url("tcp://127.0.0.1:0")
        .remote(RemoteConfig.manual()).dispatcher(true).daemonOptions(options).sync(false)
        .seed(1).memory(1_000_000).serialization(Serialization.builder()
            .register(StringBuilder.class, sb -> sb.toString().getBytes(),
                bytes -> new StringBuilder(new String(bytes))).build())
        .tls("pem").tlsPassword(password).secret("s").compute("api")
        .heartbeat(Duration.ofSeconds(2)).retries(1).relaunch(false);
    assertThat(builder).isNotNull();

    RemoteConfig ssh = RemoteConfig.ssh(List.of("ssh://user@host:22"), false);
    RemoteConfig cluster = RemoteConfig.cluster("sbatch", "#SBATCH --mem=1");
    RemoteConfig command = RemoteConfig.command("sh", List.of("-c", "."), true);
    RemoteConfig withCommand = ssh.withDaemonCommand("java -jar /opt/mirai4j.jar");
    assertThat(List.of(cluster, command, withCommand)).hasSize(3);
    assertThat(Urls.hostUrl(true, 5555)).startsWith("tls+tcp://");
    assertThat(Urls.hostUrls(false, 0)).isNotEmpty();
    assertThat(Urls.localUrl(false, 0)).startsWith("ipc://");

    // mirai parity, missing pieces: nextcode, require_daemons, register_serial, remote_config(args = list)
    ExitReason reason = ExitReason.of(3);
    assertThat(reason.code()).isEqualTo(3);
    assertThat(reason.description()).isEqualTo("task limit reached");
    assertThat(ExitReason.find(3)).contains(ExitReason.MAXTASKS);
    assertThat(ExitReason.describe(1)).isEqualTo("1 | Daemon idletime limit reached");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Daemons.requireDaemons("api-never-set"))
        .isInstanceOf(IllegalStateException.class);
    Serialization.registerDefault(StringBuilder.class, sb -> sb.toString().getBytes(),
        bytes -> new StringBuilder(new String(bytes)));
    assertThat(Serialization.registered().types()).contains(StringBuilder.class);
    assertThat(Serialization.unregisterDefault(StringBuilder.class)).isTrue();
    org.mirai4j.launch.CommandConfig each = RemoteConfig.commands("ssh",
        List.of(List.of("node1", "."), List.of("node2", ".")), true);
    List<List<String>> argLists = each.args();
    assertThat(each.withArgs(List.of(List.of("node3", "."))).args()).hasSize(1);
    assertThat(argLists).hasSize(2);
  }

  /** Signatures that need daemons: compiled, not run. */
  @SuppressWarnings("unused")
  private static void signaturesThatNeedDaemons(Task<Integer> task, MapFunction<Integer, Integer> fn,
      Opts opts) throws Exception {
    Mirai<Integer> m = Mirai.mirai(task);
    Mirai<Integer> m2 = Mirai.mirai(task, opts);
    Optional<Mirai<Integer>> t1 = Mirai.tryMirai(task);
    Optional<Mirai<Integer>> t2 = Mirai.tryMirai(task, opts);
    MiraiMap<Integer> map = Mirai.map(List.of(1), fn);
    MiraiMap<Integer> map2 = Mirai.map(List.of(1), fn, opts);
    MiraiMap<Object> everywhere = Mirai.everywhere(task);
    MiraiMap<Object> everywhere2 = Mirai.everywhere(task, 1, "api");
    long id = m.id();
    boolean unresolved = m.unresolved();
    Integer value = m.get();
    Result<Integer> result = m.result();
    boolean canceled = m.cancel(true);
    CompletableFuture<Integer> cf = m.toCompletableFuture();
    Optional<DaemonInfo> ranOn = m.daemon();
    List<DaemonInfo> daemons = Daemons.status().daemons();
    List<Mirai<Integer>> all = map.mirai();
    List<Integer> values = map.collect(Collect.PROGRESS, Collect.STOP);
    List<Result<Integer>> results = map.results();
    int size = map.size();
    int resolved = map.resolved();
    int canceledItems = map.cancel();
    CompletableFuture<List<Integer>> allValues = map.toCompletableFuture();
    List<Result<Integer>> progressResults = map.named("squares").results(Collect.PROGRESS);
    String barName = map.name();
    Daemons d = Daemons.start(1);
    String url = d.url();
    String compute = d.compute();
    List<String> local = d.launchLocal(1);
    List<String> remote = d.launchRemote(1, RemoteConfig.manual());
    java.util.concurrent.ExecutorService executor = d.executor();
    List<String> labelled = d.launchLocal(1, "gpu");
    List<String> ownOptions = d.launchLocal(1, DaemonOptions.builder().maxTasks(1).build());
    List<String> ownRemote = d.launchRemote(1, RemoteConfig.manual(), DaemonOptions.defaults());
    boolean required = Daemons.requireDaemons();
    Opts needs = Opts.requires("gpu").withRequires("gpu", "bigmem");
    Daemons.Builder scaled = Daemons.builder().autoscale(0, 4, Duration.ofMinutes(1))
        .setup(() -> Mirai.globals().put("k", 1));
    Daemons.Builder scaledGpu = Daemons.builder().autoscale(0, 4, Duration.ofMinutes(1))
        .autoscale(List.of("gpu"), 2, RemoteConfig.manual()).autoscale(List.of("bigmem"), 1)
        .launchTimeout(Duration.ofHours(2));
    List<AutoscaleGroup> groups = Daemons.status().autoscaled();
    AutoscaleGroup g = groups.get(0);
    List<String> groupLabels = g.labels();
    long groupFigures = g.min() + g.max() + g.connected() + g.launching() + g.scaledUp()
        + g.scaledDown() + g.launchFailed();
    org.mirai4j.launch.ClusterConfig perJob = ((org.mirai4j.launch.ClusterConfig)
        RemoteConfig.cluster("sbatch", "")).withDaemonsPerJob(2)
        .via((org.mirai4j.launch.SshConfig) RemoteConfig.ssh(List.of("ssh://login"), false));
    d.close();
    Integer in = Daemons.withDaemons("api", () -> 1);
    int code = Daemon.run("tcp://127.0.0.1:1", DaemonOptions.builder().build());
    MiraiError error = null;
    String remoteClass = error.remoteClassName();
    List<String> classes = error.conditionClasses();
    Optional<Throwable> original = error.original();
  }
}
