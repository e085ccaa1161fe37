package org.mirai4j.testing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.mirai4j.Daemons;
import org.mirai4j.Mirai;
import org.mirai4j.Opts;
import org.mirai4j.internal.host.Profiles;

/**
 * A host in its own JVM, for tests that kill hosts: {@code java -cp <test class path>
 * org.mirai4j.testing.HostMain N URL SECRET} starts a profile {@value #NAME} at URL (port 0
 * picks one) with N local daemons and prints {@code URL <url>}, one {@code DAEMON_PID <pid>} per
 * local daemon and {@code READY}. Then it answers commands on stdin, one a line:
 *
 * <ul>
 *   <li>{@code await K}: waits until K daemons are connected, prints {@code CONNECTED K};
 *   <li>{@code pids}: runs 20 tasks of 50 ms, prints {@code PIDS p1 p2 …}, the daemons that ran
 *       them.
 * </ul>
 *
 * At the end of stdin (the test JVM gone) it resets the profile and exits.
 */
public final class HostMain {
  static final String NAME = "host-main";

  private HostMain() {}

  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[0]);
    Daemons daemons = Daemons.builder().compute(NAME).n(n).url(args[1]).secret(args[2]).start();
    System.out.println("URL " + daemons.url());
    for (Process p : Profiles.get(NAME).processes()) {
      System.out.println("DAEMON_PID " + p.pid());
    }
    System.out.println("READY");
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      String[] words = line.strip().split(" ");
      switch (words[0]) {
        case "await" -> {
          int k = Integer.parseInt(words[1]);
          Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
              .until(() -> Daemons.status(NAME).connections() == k);
          System.out.println("CONNECTED " + k);
        }
        case "pids" -> {
          List<Long> pids = Mirai.map(IntStream.range(0, 20).boxed().toList(), (Integer i) -> {
            Thread.sleep(50); // long enough that every daemon gets some
            return ProcessHandle.current().pid();
          }, Opts.compute(NAME)).collect();
          System.out.println("PIDS " + new TreeSet<>(pids).stream().map(String::valueOf)
              .collect(Collectors.joining(" ")));
        }
        default -> System.out.println("UNKNOWN " + line);
      }
      System.out.flush();
    }
    daemons.close();
    System.exit(0);
  }
}
