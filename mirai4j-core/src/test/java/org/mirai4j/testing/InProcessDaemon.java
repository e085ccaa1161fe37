package org.mirai4j.testing;

import java.util.concurrent.CompletableFuture;
import org.mirai4j.Daemon;
import org.mirai4j.DaemonOptions;

/**
 * A daemon run on a thread of the test JVM ({@link Daemon#run}): real sockets and the real
 * daemon loop, without a JVM start per daemon.
 */
public final class InProcessDaemon {
  private InProcessDaemon() {}

  /** Starts a daemon thread; the future completes with its exit code or failure. */
  public static CompletableFuture<Integer> start(String url, DaemonOptions options) {
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      try {
        exit.complete(Daemon.run(url, options));
      } catch (Throwable t) {
        exit.completeExceptionally(t);
      }
    }, "test-daemon");
    thread.setDaemon(true);
    thread.start();
    return exit;
  }
}
