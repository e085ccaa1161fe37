package org.mirai4j.examples;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import org.mirai4j.Daemons;
import org.mirai4j.ErrorValue;
import org.mirai4j.ErrorValueException;
import org.mirai4j.Mirai;
import org.mirai4j.MiraiError;
import org.mirai4j.Opts;
import org.mirai4j.Result;

/**
 * What happens when a task fails, takes too long or is no longer wanted.
 *
 * <p>Shows: a task that throws resolves to a {@link MiraiError} carrying the remote exception's
 * class ({@link MiraiError#remoteClassName()}), its class hierarchy
 * ({@link MiraiError#conditionClasses()}), message and the daemon's stack trace;
 * {@link Mirai#result()} returns the same failure as a value instead of throwing; a task over
 * its {@link Opts#timeout} resolves to an {@link ErrorValueException} with
 * {@link ErrorValue#TIMED_OUT}; {@link Mirai#cancel(boolean)} (R: {@code stop_mirai()}) stops
 * a running task, after which {@code get()} throws {@link CancellationException}.
 *
 * <p>Run, from the repository root:
 *
 * <pre>
 * ./mvnw -q -pl examples -am package -DskipTests
 * java -cp "examples/target/classes:$(cat examples/target/classpath.txt)" org.mirai4j.examples.ErrorHandling
 * </pre>
 */
public final class ErrorHandling {
  private ErrorHandling() {}

  public static void main(String[] args) throws Exception {
    try (Daemons daemons = Daemons.start(2)) {
      // 1. The task throws: get() throws ExecutionException, its cause a MiraiError.
      int zero = 0;
      Mirai<Integer> bad = Mirai.mirai(() -> 1 / zero);
      try {
        bad.get();
      } catch (ExecutionException e) {
        MiraiError err = (MiraiError) e.getCause();
        System.out.println("remote class:      " + err.remoteClassName());
        System.out.println("condition classes: " + err.conditionClasses());
        System.out.println("message:           " + err.getMessage());
        System.out.println("remote stack trace (top frames):");
        StackTraceElement[] frames = err.getStackTrace();
        for (int i = 0; i < Math.min(3, frames.length); i++) {
          System.out.println("    at " + frames[i]);
        }
      }

      // 1b. The same failure as a value: no exception handling needed.
      Result<Integer> r = bad.result();
      System.out.println("result(): isError=" + r.isError() + ", error=" + r.error());

      // 2. A timeout: the mirai resolves to ErrorValue.TIMED_OUT (the daemon moves on).
      Mirai<String> slow = Mirai.mirai(() -> {
        Thread.sleep(10_000);
        return "too late";
      }, Opts.timeout(Duration.ofMillis(300)));
      try {
        slow.get();
      } catch (ExecutionException e) {
        ErrorValueException ev = (ErrorValueException) e.getCause();
        System.out.println("timeout: " + ev.value().name() + " (code " + ev.value().code() + ")");
      }

      // 3. Cancel a running task.
      Mirai<String> endless = Mirai.mirai(() -> {
        Thread.sleep(60_000);
        return "never";
      });
      boolean canceled = endless.cancel(true);
      System.out.println("cancel() returned " + canceled + ", unresolved=" + endless.unresolved());
      try {
        endless.get();
      } catch (CancellationException e) {
        System.out.println("get() after cancel: CancellationException");
      }

      // The daemons are still usable afterwards.
      System.out.println("afterwards: " + Mirai.mirai(() -> "daemons still fine").get());
    }
  }
}
