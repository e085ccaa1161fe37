package org.mirai4j.cli.remote;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mirai4j.Daemons;
import org.mirai4j.Mirai;
import org.mirai4j.Opts;
import org.mirai4j.cli.remote.RemoteIt.Answer;
import org.mirai4j.cli.remote.RemoteIt.Shape;
import org.mirai4j.launch.RemoteConfig;

/**
 * The host side of {@link NetnsTlsIT}, run by it inside network namespace {@code m4jA}
 * ({@code ip netns exec m4jA java -cp <test class path> NetnsHostMain <daemon command>}): listens
 * at {@code tls+tcp://10.200.0.1:0}, launches one daemon in {@code m4jB} with
 * {@code ip netns exec m4jB <daemon command> daemon URL …}, runs a host-only lambda there and prints
 * what happened, one {@code KEY value} line each. Exit code 0 when all went well.
 */
public final class NetnsHostMain {
  static final String NAME = "it-netns";

  private NetnsHostMain() {}

  public static void main(String[] args) {
    try {
      System.exit(run(args[0]));
    } catch (Throwable t) {
      t.printStackTrace(System.out);
      System.exit(1);
    }
  }

  static int run(String daemonCommand) throws Exception {
    long t0 = System.nanoTime();
    System.out.println("HOST_PID " + ProcessHandle.current().pid());
    System.out.println("HOST_NETNS " + Files.readSymbolicLink(Path.of("/proc/self/ns/net")));
    Daemons daemons = Daemons.builder().compute(NAME).url("tls+tcp://10.200.0.1:0").start();
    System.out.println("URL " + daemons.url());

    List<String> commands = daemons.launchRemote(1,
        RemoteConfig.command("ip", List.of("netns", "exec", "m4jB", "."), false).withDaemonCommand(daemonCommand));
    String command = commands.get(0);
    System.out.println("COMMAND_PREFIX " + command.substring(0, command.indexOf(" daemon ")));
    System.out.println("TLSCERT_INLINE " + (command.contains("--tlscert=") && command.contains("BEGIN CERTIFICATE")));

    await("daemon in m4jB connected").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
        .until(() -> Daemons.status(NAME).connections() == 1);
    System.out.printf("CONNECTED_AFTER %.2f s%n", (System.nanoTime() - t0) / 1e9);

    Shape shape = new Shape("netns", 6, 7);
    Answer a = Mirai.mirai(() -> new Answer(
            shape.name() + "@" + Files.readSymbolicLink(Path.of("/proc/self/ns/net")),
            shape.area(), ProcessHandle.current().pid()),
        Opts.compute(NAME)).get(60, TimeUnit.SECONDS);
    System.out.println("DAEMON_PID " + a.pid());
    System.out.println("DAEMON_NETNS " + a.label().substring(a.label().indexOf('@') + 1));
    System.out.println("RESULT " + a.value());
    System.out.printf("RESULT_AFTER %.2f s%n", (System.nanoTime() - t0) / 1e9);

    Daemons.reset(NAME);
    await("daemon exited").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> ProcessHandle.of(a.pid()).map(p -> !p.isAlive()).orElse(true));
    System.out.printf("DAEMON_EXITED_AFTER %.2f s%n", (System.nanoTime() - t0) / 1e9);
    return 0;
  }
}
