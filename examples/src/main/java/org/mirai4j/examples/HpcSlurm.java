package org.mirai4j.examples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.mirai4j.AutoscaleGroup;
import org.mirai4j.DaemonInfo;
import org.mirai4j.Daemons;
import org.mirai4j.Mirai;
import org.mirai4j.MiraiMap;
import org.mirai4j.Opts;
import org.mirai4j.Status;
import org.mirai4j.launch.ClusterConfig;
import org.mirai4j.launch.RemoteConfig;
import org.mirai4j.launch.SshConfig;

/**
 * A Slurm cluster from a laptop: the host runs here, daemons are submitted as Slurm job arrays
 * through the cluster's login node over ssh, scaled with the backlog between 0 and {@code --max}
 * (several daemons per job), plus GPU-labelled daemons from a second launcher for the tasks that
 * require {@code gpu}. The README's "HPC" chapter shows a run.
 *
 * <p>Shows: {@link ClusterConfig#via(SshConfig)} (sbatch runs on the login node, the job script
 * and the secret on ssh's stdin), {@link ClusterConfig#withDaemonsPerJob(int)}, {@link
 * Daemons.Builder#autoscale(int, int, Duration)} with {@link Daemons.Builder#remote}, {@link
 * Daemons.Builder#autoscale(List, int, RemoteConfig)} for {@code gpu}, {@link Opts#requires},
 * {@link Mirai#daemon()} and {@link Status#autoscaled()}.
 *
 * <p>Needs: the compute nodes can dial the host URL directly (give {@code --url} an address of
 * this machine they reach, e.g. over the site VPN); the CLI jar ({@code
 * mirai4j-cli/target/mirai4j-cli.jar}) on the cluster at the path in {@code --cli}, on a file
 * system the nodes share; {@code ssh LOGIN} works without a password (keys or an agent). Task
 * classes (this example's lambdas) travel from the host on demand.
 *
 * <p>Run, from the repository root:
 *
 * <pre>
 * ./mvnw -q -pl examples -am package -DskipTests
 * java -cp "examples/target/classes:$(cat examples/target/classpath.txt)" org.mirai4j.examples.HpcSlurm \
 *     --login=ssh://me@login.cluster.example --url=tcp://10.8.0.5:5555 \
 *     --cli="java -jar $HOME/mirai4j-cli.jar" --max=100 --per-job=25 --tasks=2000
 * </pre>
 *
 * <p>Options (defaults in brackets): {@code --login=ssh://[user@]host[:port]} (required), {@code
 * --ssh-config=FILE} (passed as {@code ssh -F FILE}), {@code --url} [{@code tcp://0.0.0.0:5555}],
 * {@code --cli} [{@code java -jar ~/mirai4j-cli.jar}], {@code --max} [100], {@code --per-job}
 * [25], {@code --tasks} [2000], {@code --task-ms} [3000], {@code --idle-s} [15], {@code
 * --queue-min} [60] (how long a job may wait in the queue before it counts as failed), {@code
 * --gpu-max} [2], {@code --sbatch} [{@code #SBATCH --time=01:00:00}], {@code --gpu-sbatch}
 * [{@code #SBATCH --gres=gpu:1}] (lines added to the job scripts; {@code \n} separates lines),
 * {@code --out} [{@code mirai4j-%A_%a.out}] (job output files, on the cluster).
 */
public final class HpcSlurm {
  private HpcSlurm() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = options(args);
    String login = required(o, "login");
    String url = o.getOrDefault("url", "tcp://0.0.0.0:5555");
    String cli = o.getOrDefault("cli", "java -jar ~/mirai4j-cli.jar");
    int max = Integer.parseInt(o.getOrDefault("max", "100"));
    int perJob = Integer.parseInt(o.getOrDefault("per-job", "25"));
    int tasks = Integer.parseInt(o.getOrDefault("tasks", "2000"));
    long taskMs = Long.parseLong(o.getOrDefault("task-ms", "3000"));
    Duration idle = Duration.ofSeconds(Long.parseLong(o.getOrDefault("idle-s", "15")));
    Duration queueWait = Duration.ofMinutes(Long.parseLong(o.getOrDefault("queue-min", "60")));
    int gpuMax = Integer.parseInt(o.getOrDefault("gpu-max", "2"));
    String out = o.getOrDefault("out", "mirai4j-%A_%a.out");
    String sbatch = o.getOrDefault("sbatch", "#SBATCH --time=01:00:00").replace("\\n", "\n");
    String gpuSbatch = o.getOrDefault("gpu-sbatch", "#SBATCH --gres=gpu:1").replace("\\n", "\n");

    // The login node: sbatch runs there; the daemons dial this host directly.
    SshConfig ssh = RemoteConfig.ssh(List.of(login), false);
    if (o.containsKey("ssh-config")) {
      ssh = ssh.withSshOptions(List.of("-F", o.get("ssh-config")));
    }
    ClusterConfig cpu = RemoteConfig.cluster("sbatch",
            "#SBATCH --job-name=m4j-cpu\n#SBATCH --output=" + out + "\n" + sbatch)
        .withDaemonsPerJob(perJob).via(ssh).withDaemonCommand(cli);
    ClusterConfig gpu = RemoteConfig.cluster("sbatch",
            "#SBATCH --job-name=m4j-gpu\n#SBATCH --output=" + out + "\n" + gpuSbatch)
        .via(ssh).withDaemonCommand(cli);

    long t0 = System.nanoTime();
    try (Daemons daemons = Daemons.builder().url(url).remote(cpu)
        .autoscale(0, max, idle)              // unlabelled daemons: 0..max, leave after idle
        .autoscale(List.of("gpu"), gpuMax, gpu) // --labels=gpu daemons for Opts.requires("gpu")
        .launchTimeout(queueWait)             // a job may wait this long in the queue
        .start()) {
      System.out.printf("host at %s; autoscale 0..%d (%d per job) and gpu 0..%d via %s%n",
          daemons.url(), max, perJob, gpuMax, login);
      Thread monitor = monitor(t0);

      Mirai<String> onGpu = Mirai.mirai(
          () -> "gpu task ran on " + java.net.InetAddress.getLocalHost().getHostName(),
          Opts.requires("gpu"));
      onGpu.toCompletableFuture().thenAccept(value -> {
        DaemonInfo d = onGpu.daemon().orElseThrow();
        System.out.printf("[%5.1f s] %s (daemon %d, pid %d, labels %s)%n", seconds(t0), value,
            d.id(), d.pid(), d.labels());
      });
      MiraiMap<Long> map = Mirai.map(range(tasks), i -> {
        Thread.sleep(taskMs); // stands in for real work
        return ProcessHandle.current().pid();
      }, Opts.retries(2)); // run again elsewhere if a node is lost (preempted, killed) mid-task

      List<Long> pids = map.collect();
      Set<Long> ids = new HashSet<>();
      Set<String> hosts = new HashSet<>();
      for (Mirai<Long> m : map.mirai()) {
        m.daemon().ifPresent(info -> {
          ids.add(info.id());
          hosts.add(info.host());
        });
      }
      System.out.printf("[%5.1f s] %d tasks done on %d daemons, %d host(s)%n", seconds(t0),
          pids.size(), ids.size(), hosts.size());
      onGpu.get(5, TimeUnit.MINUTES);

      // the example watches them leave; mirai4j itself does not poll
      while (Daemons.status().connections() > 0 || Daemons.status().launching() > 0) {
        Thread.sleep(500);
      }
      monitor.interrupt();
      monitor.join();
      Status s = Daemons.status();
      System.out.printf("[%5.1f s] all scaled down: joined %d, lost %d%n", seconds(t0),
          s.joined(), s.lost());
      for (AutoscaleGroup g : s.autoscaled()) {
        System.out.printf("  labels %-7s launched %3d, left after idle %3d, failed launches %d%n",
            g.labels(), g.scaledUp(), g.scaledDown(), g.launchFailed());
      }
    }
  }

  /** Prints the profile's state every two seconds while it changes. */
  private static Thread monitor(long t0) {
    Thread t = new Thread(() -> {
      String last = "";
      int peak = 0;
      try {
        while (!Thread.currentThread().isInterrupted()) {
          Status s = Daemons.status();
          peak = Math.max(peak, s.connections());
          StringBuilder line = new StringBuilder();
          line.append(String.format("connected %3d (peak %3d), awaiting %4d, executing %3d",
              s.connections(), peak, s.info().awaiting(), s.info().executing()));
          for (AutoscaleGroup g : s.autoscaled()) {
            line.append(String.format(" | %s %d+%d launching", g.labels().isEmpty() ? "cpu"
                : String.join(",", g.labels()), g.connected(), g.launching()));
          }
          if (!line.toString().equals(last)) {
            System.out.printf("[%5.1f s] %s%n", seconds(t0), line);
            last = line.toString();
          }
          Thread.sleep(2000);
        }
      } catch (InterruptedException e) {
        // done
      }
    }, "monitor");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static List<Integer> range(int n) {
    List<Integer> items = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      items.add(i);
    }
    return items;
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> o = new HashMap<>();
    Set<String> known = Set.of("login", "ssh-config", "url", "cli", "max", "per-job", "tasks",
        "task-ms", "idle-s", "queue-min", "gpu-max", "sbatch", "gpu-sbatch", "out");
    for (String arg : args) {
      int eq = arg.indexOf('=');
      String key = arg.startsWith("--") && eq > 2 ? arg.substring(2, eq) : null;
      if (key == null || !known.contains(key)) {
        throw new IllegalArgumentException("unknown option " + arg + "; known: --" +
            String.join("=, --", known) + "=");
      }
      o.put(key, arg.substring(eq + 1));
    }
    return o;
  }

  private static String required(Map<String, String> o, String key) {
    String value = o.get(key);
    if (value == null) {
      throw new IllegalArgumentException("--" + key + "=... is required");
    }
    return value;
  }
}
