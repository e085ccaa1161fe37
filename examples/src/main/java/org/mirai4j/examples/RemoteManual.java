package org.mirai4j.examples;

import java.util.List;
import org.mirai4j.Daemons;
import org.mirai4j.Mirai;
import org.mirai4j.launch.RemoteConfig;

/**
 * Daemons on other machines, started by hand (R: {@code daemons(url = host_url())} with
 * {@code launch_remote(2, remote_config())}).
 *
 * <p>Shows: a host listening on all interfaces at a free port with no local daemons
 * ({@code Daemons.builder().url("tcp://0.0.0.0:0").n(0).start()}), then
 * {@link Daemons#launchRemote} with {@link RemoteConfig#manual()}, which starts nothing and
 * returns the shell commands to run on the target machines. Each command carries what the daemon
 * needs: URL, options and the profile's secret, so keep them private. The default command runs
 * this JVM's java with its class path; with {@link RemoteConfig#withDaemonCommand} it runs the
 * all-in-one CLI jar ({@code mirai4j-cli/target/mirai4j-cli.jar}) copied to the remote instead.
 * A daemon can only run tasks whose classes are on its class path (lambdas are not shipped as
 * code), so put your application's jar next to the CLI jar, as the second form does.
 *
 * <p>The host binds {@code 0.0.0.0}; in the printed commands replace that with an address of
 * this machine the remote can reach (or use {@code Urls.hostUrl(false, port)} for the URL).
 *
 * <p>Run, from the repository root (add {@code --wait} to keep the host up until a daemon has
 * dialed in and evaluated a task: paste a printed command into another terminal):
 *
 * <pre>
 * ./mvnw -q -pl examples -am package -DskipTests
 * java -cp "examples/target/classes:$(cat examples/target/classpath.txt)" org.mirai4j.examples.RemoteManual [--wait]
 * </pre>
 */
public final class RemoteManual {
  private RemoteManual() {}

  public static void main(String[] args) throws Exception {
    boolean wait = List.of(args).contains("--wait");
    try (Daemons daemons = Daemons.builder().url("tcp://0.0.0.0:0").n(0).start()) {
      System.out.println("host listening at " + daemons.url());

      System.out.println("\nRun on each machine (this JVM's java and class path):");
      for (String command : daemons.launchRemote(2, RemoteConfig.manual())) {
        System.out.println("  " + command);
      }

      System.out.println("\nOr, with the CLI jar and your application's jar copied to /opt:");
      RemoteConfig cli = RemoteConfig.manual()
          .withDaemonCommand("java -cp /opt/mirai4j-cli.jar:/opt/app.jar org.mirai4j.cli.Main");
      for (String command : daemons.launchRemote(2, cli)) {
        System.out.println("  " + command);
      }

      if (wait) {
        System.out.println("\nWaiting for a daemon to dial in (Ctrl-C to stop) ...");
        // The task's class (this example) must be on the daemon's class path.
        // Queued until a daemon connects.
        String where = Mirai.mirai(() -> "evaluated on "
            + java.net.InetAddress.getLocalHost().getHostName()
            + ", pid " + ProcessHandle.current().pid()).get();
        System.out.println(where);
      }
    }
  }
}
