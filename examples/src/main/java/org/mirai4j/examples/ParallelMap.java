package org.mirai4j.examples;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;
import org.mirai4j.Collect;
import org.mirai4j.Daemons;
import org.mirai4j.Mirai;
import org.mirai4j.MiraiError;
import org.mirai4j.MiraiMap;
import org.mirai4j.Result;

/**
 * Parallel map (R: {@code mirai_map()} and {@code collect_mirai()}).
 *
 * <p>Shows: {@link Mirai#map} over a list with a function that captures a value;
 * {@link MiraiMap#collect(Collect...)} with {@link Collect#PROGRESS} (a progress bar on
 * stderr); {@link Collect#STOP}, which at the first failure cancels the remaining items and
 * throws an {@link ExecutionException} whose message names the failed item's index; and
 * {@link MiraiMap#results()}, which returns every item's outcome as a value instead.
 *
 * <p>Run, from the repository root:
 *
 * <pre>
 * ./mvnw -q -pl examples -am package -DskipTests
 * java -cp "examples/target/classes:$(cat examples/target/classpath.txt)" org.mirai4j.examples.ParallelMap
 * </pre>
 */
public final class ParallelMap {
  private ParallelMap() {}

  public static void main(String[] args) throws Exception {
    try (Daemons daemons = Daemons.start(4)) {
      // 1. A map with a progress bar. 'offset' is captured and sent along with the function.
      int offset = 100;
      List<Integer> items = IntStream.range(0, 40).boxed().toList();
      MiraiMap<Integer> map = Mirai.map(items, i -> {
        Thread.sleep(100);                               // stands for real work
        return i + offset;
      });
      List<Integer> values = map.collect(Collect.PROGRESS);
      System.out.println("values: " + values);

      // 2. STOP: item 5 fails; the rest are canceled and collect() throws at once.
      MiraiMap<Integer> failing = Mirai.map(items, i -> {
        if (i == 5) {
          throw new IllegalStateException("item " + i + " is bad");
        }
        Thread.sleep(200);
        return i;
      });
      try {
        failing.collect(Collect.PROGRESS, Collect.STOP);
      } catch (ExecutionException e) {
        System.out.println("STOP: " + e.getMessage());
        if (e.getCause() instanceof MiraiError err) {
          System.out.println("  cause: " + err.remoteClassName() + ": " + err.getMessage());
        }
      }

      // 3. results(): every outcome as a value, failures included.
      List<Result<Integer>> results = Mirai.map(List.of(1, 0, 4), d -> 12 / d).results();
      for (int i = 0; i < results.size(); i++) {
        Result<Integer> r = results.get(i);
        System.out.println("item " + i + ": "
            + (r.isError() ? "error " + r.error() : "value " + r.value()));
      }
    }
  }
}
