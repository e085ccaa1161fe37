package org.mirai4j.examples;

import java.util.concurrent.TimeUnit;
import org.mirai4j.Daemons;
import org.mirai4j.Mirai;
import org.mirai4j.launch.RemoteConfig;

/**
 * A daemon over TLS, started by hand from the command the host prints (R: {@code
 * daemons(url = host_url(tls = TRUE))} with {@code launch_remote(1, remote_config())}).
 *
 * <p>Shows: a {@code tls+tcp://} URL needs no configuration: the profile generates a certificate
 * and key, and {@link Daemons#launchRemote} with {@link RemoteConfig#manual()} returns the command
 * that starts a daemon trusting exactly that certificate ({@code --tlscert=...}), with the
 * profile's secret in a here-document (never on a command line). Paste it into a shell: the
 * daemon dials in over TLS, evaluates a mirai, and exits when the host closes the profile.
 *
 * <p>Run, from the repository root, and paste the printed command into another terminal:
 *
 * <pre>
 * ./mvnw -q -pl examples -am package -DskipTests
 * java -cp "examples/target/classes:$(cat examples/target/classpath.txt)" org.mirai4j.examples.TlsDaemon [URL]
 * </pre>
 *
 * The URL defaults to {@code tls+tcp://127.0.0.1:0} (this machine, a free port); give
 * {@code tls+tcp://0.0.0.0:5555} to listen on every interface for a daemon on another machine
 * (the command then carries this machine's address; the daemon needs this example's class on its
 * class path, and a JDK 17+). The host waits up to 5 minutes for the daemon.
 */
public final class TlsDaemon {
  /** The line printed before the command, for readers and for the smoke test. */
  static final String RUN_THIS = "Run this in a shell:";

  private TlsDaemon() {}

  public static void main(String[] args) throws Exception {
    String url = args.length > 0 ? args[0] : "tls+tcp://127.0.0.1:0";
    try (Daemons daemons = Daemons.builder().url(url).n(0).start()) {
      System.out.println("host listening at " + daemons.url());
      System.out.println(RUN_THIS);
      System.out.println(daemons.launchRemote(1, RemoteConfig.manual()).get(0));
      System.out.println();
      System.out.println("waiting for the daemon to dial in ...");
      System.out.flush();
      int x = 21;
      long hostPid = ProcessHandle.current().pid();
      String answer = Mirai.mirai(() -> x * 2 + " from daemon pid "
          + ProcessHandle.current().pid() + " (host pid " + hostPid + ")")
          .get(5, TimeUnit.MINUTES);
      System.out.println("result: " + answer);
    }
  }
}
