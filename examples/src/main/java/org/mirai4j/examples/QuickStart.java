package org.mirai4j.examples;

import java.util.List;
import java.util.stream.IntStream;
import org.mirai4j.Collect;
import org.mirai4j.Daemons;
import org.mirai4j.Mirai;

/**
 * Quick start: start local daemons, evaluate one task in a daemon JVM, then map a function over
 * a list in parallel with a progress bar (the same as {@code ./mirai4j demo}).
 *
 * <p>Shows: {@link Daemons#start(int)} in try-with-resources (closing it is R's
 * {@code daemons(0)}), {@link Mirai#mirai} with a captured value, {@link Mirai#get()}, and
 * {@link Mirai#map} with {@link Collect#PROGRESS}.
 *
 * <p>Run, from the repository root:
 *
 * <pre>
 * ./mvnw -q -pl examples -am package -DskipTests
 * java -cp "examples/target/classes:$(cat examples/target/classpath.txt)" org.mirai4j.examples.QuickStart
 * </pre>
 */
public final class QuickStart {
  private QuickStart() {}

  public static void main(String[] args) throws Exception {
    try (Daemons daemons = Daemons.start(2)) {           // 2 daemon JVMs dial in
      System.out.println("daemons at " + daemons.url());

      int x = 21;                                        // captured values travel with the task
      Mirai<String> m = Mirai.mirai(
          () -> (x * 2) + " from daemon pid " + ProcessHandle.current().pid());
      System.out.println("mirai: " + m.get() + " (host pid " + ProcessHandle.current().pid() + ")");

      List<Integer> items = IntStream.rangeClosed(1, 20).boxed().toList();
      List<Integer> squares = Mirai.map(items, i -> {
        Thread.sleep(50);                                // stands for real work
        return i * i;
      }).collect(Collect.PROGRESS);                      // progress bar on stderr
      System.out.println("squares: " + squares);
    }                                                    // daemons exit here
  }
}
