package org.mirai4j.examples;

import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.mirai4j.Daemons;
import org.mirai4j.Mirai;

/**
 * Monte Carlo with a seed (R: {@code daemons(4, seed = 42)} with {@code mirai_map()} and
 * {@code runif()}): estimates π from random points in the unit square, and gets the very same
 * estimate with 1 daemon and with 4.
 *
 * <p>Shows: {@link Daemons.Builder#seed(long)}, which gives each mirai its own random stream in
 * submission order, and {@link Mirai#random()}, the stream of the evaluation it is called in. So
 * the result depends on the seed and the items alone, not on how many daemons there are or which
 * one ran which item; without a seed each daemon has its own unseeded stream and the estimates
 * differ from run to run.
 *
 * <p>Run, from the repository root:
 *
 * <pre>
 * ./mvnw -q -pl examples -am package -DskipTests
 * java -cp "examples/target/classes:$(cat examples/target/classpath.txt)" org.mirai4j.examples.MonteCarloPi
 * </pre>
 *
 * It prints one estimate per daemon count and {@code same answer: true}, and exits with 1 if the
 * estimates differ.
 */
public final class MonteCarloPi {
  /** The seed of the profile's random streams. */
  static final long SEED = 42;
  /** Work items (mirai), and random points each. */
  static final int CHUNKS = 16;
  static final int POINTS_PER_CHUNK = 250_000;

  private MonteCarloPi() {}

  public static void main(String[] args) throws Exception {
    double withOne = estimate(1);
    double withFour = estimate(4);
    System.out.println("same answer: " + (withOne == withFour));
    if (withOne != withFour) {
      System.exit(1);
    }
  }

  /** π estimated on {@code n} local daemons with the profile seeded by {@link #SEED}. */
  static double estimate(int n) throws Exception {
    try (Daemons daemons = Daemons.builder().n(n).seed(SEED).start()) {
      List<Integer> chunks = IntStream.range(0, CHUNKS).boxed().toList();
      List<Long> inside = Mirai.map(chunks, (Integer chunk) -> {
        RandomGenerator random = Mirai.random();   // this mirai's own seeded stream
        long hits = 0;
        for (int i = 0; i < POINTS_PER_CHUNK; i++) {
          double x = random.nextDouble();
          double y = random.nextDouble();
          if (x * x + y * y <= 1) {
            hits++;
          }
        }
        return hits;
      }).collect();
      long hits = inside.stream().mapToLong(Long::longValue).sum();
      double pi = 4.0 * hits / ((long) CHUNKS * POINTS_PER_CHUNK);
      System.out.printf("%d daemon%s: pi ~ %.6f (%d of %d points inside)%n", n, n == 1 ? "" : "s",
          pi, hits, (long) CHUNKS * POINTS_PER_CHUNK);
      return pi;
    }
  }
}
