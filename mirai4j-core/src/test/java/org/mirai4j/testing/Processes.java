package org.mirai4j.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Real faults on real processes: signals, and how long a process takes to go. */
public final class Processes {
  private Processes() {}

  /** Sends a signal ({@code "STOP"}, {@code "CONT"}, {@code "KILL"}) with the kill command. */
  public static void signal(long pid, String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
          .redirectErrorStream(true).start();
      assertThat(kill.waitFor(10, TimeUnit.SECONDS)).as("kill -%s %d finished", signal, pid).isTrue();
      String out = new String(kill.getInputStream().readAllBytes());
      assertThat(kill.exitValue()).as("kill -%s %d: %s", signal, pid, out).isZero();
    } catch (IOException e) {
      throw new AssertionError("cannot run kill -" + signal + " " + pid, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted sending " + signal + " to " + pid, e);
    }
  }

  /**
   * Whether a process has exited: gone from /proc, or a zombie (exited, not yet reaped, as an
   * orphan whose new parent does not reap may stay).
   */
  public static boolean exited(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // pid (comm) state ...: comm may hold spaces and parentheses, so read after the last ')'
      return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
    } catch (NoSuchFileException e) {
      return true;
    } catch (IOException e) {
      return !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
  }

  /**
   * Watches processes from {@code startNanos} until each has exited, polling every millisecond
   * (a measurement, so as fine as is cheap), and returns each one's time to exit in order;
   * {@code null} for one still running after {@code atMost}.
   */
  public static Duration[] timeToExit(List<Long> pids, long startNanos, Duration atMost) {
    Duration[] took = new Duration[pids.size()];
    int left = pids.size();
    long deadline = startNanos + atMost.toNanos();
    while (left > 0 && System.nanoTime() - deadline < 0) {
      for (int i = 0; i < pids.size(); i++) {
        if (took[i] == null && exited(pids.get(i))) {
          took[i] = Duration.ofNanos(System.nanoTime() - startNanos);
          left--;
        }
      }
      LockSupport.parkNanos(1_000_000);
    }
    return took;
  }
}
