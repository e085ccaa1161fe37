package org.mirai4j.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.mirai4j.Collect;
import org.mirai4j.Daemons;
import org.mirai4j.Mirai;
import org.mirai4j.MiraiMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mirai4j demo}: the quick start. Starts local daemons, evaluates one mirai, maps over
 * items with a progress bar, prints a summary and closes the daemons.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    header = "Quick start: run a mirai and a parallel map on local daemons.",
    exitCodeOnInvalidInput = Main.EXIT_USAGE,
    description = {
      "Starts N local daemon JVMs (Daemons.start(N)), evaluates one mirai that reports the"
          + " daemon's pid, then Mirai.map over N items (50 ms of work each) collected with"
          + " Collect.PROGRESS (a progress bar on stderr), prints a summary and closes the"
          + " daemons.",
      ""
    })
public final class DemoCommand implements Callable<Integer> {
  /** Milliseconds of work per map item. */
  static final long WORK_MS = 50;

  @Spec CommandSpec spec;

  @Option(names = "--daemons", paramLabel = "N", defaultValue = "2",
      description = "how many local daemons (default: ${DEFAULT-VALUE})")
  int daemons;

  @Option(names = "--items", paramLabel = "N", defaultValue = "40",
      description = "how many map items (default: ${DEFAULT-VALUE})")
  int items;

  @Override
  public Integer call() throws Exception {
    if (daemons < 1) {
      throw new ParameterException(spec.commandLine(), "--daemons must be at least 1: " + daemons);
    }
    if (items < 0) {
      throw new ParameterException(spec.commandLine(), "--items must not be negative: " + items);
    }
    PrintWriter out = spec.commandLine().getOut();
    long hostPid = ProcessHandle.current().pid();

    out.printf("Starting %d local daemon%s ...%n", daemons, daemons == 1 ? "" : "s");
    out.flush();
    long t0 = System.nanoTime();
    boolean ok;
    try (Daemons d = Daemons.start(daemons)) {
      out.printf("  %d connected at %s in %.2f s%n",
          Daemons.info().connections(), d.url(), seconds(t0));

      int x = 21;
      Mirai<List<Long>> m = Mirai.mirai(() -> List.of(x * 2L, ProcessHandle.current().pid()));
      List<Long> v = m.get();
      out.printf("mirai #%d: %d * 2 = %d, evaluated in daemon pid %d (this process: pid %d)%n",
          m.id(), x, v.get(0), v.get(1), hostPid);

      out.printf("Mirai.map over %d items (%d ms of work each), Collect.PROGRESS:%n",
          items, WORK_MS);
      out.flush();
      List<Integer> xs = IntStream.range(0, items).boxed().toList();
      long t1 = System.nanoTime();
      MiraiMap<List<Long>> map = Mirai.map(xs, i -> {
        Thread.sleep(WORK_MS); // the "work"
        return List.of((long) i * i, ProcessHandle.current().pid());
      });
      List<List<Long>> results = map.collect(Collect.PROGRESS);
      double elapsed = seconds(t1);

      long sum = 0;
      Map<Long, Integer> byPid = new TreeMap<>();
      for (List<Long> r : results) {
        sum += r.get(0);
        byPid.merge(r.get(1), 1, Integer::sum);
      }
      long n = items;
      long expected = (n - 1) * n * (2 * n - 1) / 6;
      ok = sum == expected && results.size() == items && v.get(0) == 42L;
      out.printf("Results: %d values; sum of squares of 0..%d = %d (%s)%n",
          results.size(), items - 1, sum, sum == expected ? "correct" : "WRONG, expected " + expected);
      StringBuilder pids = new StringBuilder();
      byPid.forEach((pid, count) ->
          pids.append(pids.length() == 0 ? "" : ", ").append("pid ").append(pid)
              .append(": ").append(count));
      out.printf("  items per daemon: %s%n", pids.length() == 0 ? "-" : pids);
      double sequential = items * WORK_MS / 1000.0;
      out.printf("  elapsed %.2f s for %.2f s of work (%.1fx on %d daemons)%n",
          elapsed, sequential, elapsed > 0 ? sequential / elapsed : 0.0, daemons);
      out.flush();
    }
    out.println("Daemons closed.");
    out.flush();
    return ok ? 0 : 1;
  }

  private static double seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }
}
