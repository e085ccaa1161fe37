package org.mirai4j.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class that leaves behind a process it started (a descendant of this JVM still
 * alive) or a non-daemon thread that was not there before it ran. On for every test class of
 * mirai4j-core and mirai4j-cli: registered in {@code META-INF/services} and switched on by
 * {@code junit.jupiter.extensions.autodetection.enabled} in {@code junit-platform.properties}.
 *
 * <p>Leftovers get {@link #LINGER} to go by themselves (a daemon told to exit still has to
 * shut its JVM down; Netty's global executor ends its thread after a second idle). Processes
 * still alive after that are killed, so one leaky class does not fail the classes after it.
 */
public final class NoLeftoversExtension implements BeforeAllCallback, AfterAllCallback {
  /** How long leftovers may take to end by themselves after the class's last test. */
  static final Duration LINGER = Duration.ofSeconds(15);

  /** JUnit's own thread for {@code @Timeout}, started once per JVM by the first class timed. */
  private static final String JUNIT_TIMEOUT_WATCHER = "junit-jupiter-timeout-watcher";

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(NoLeftoversExtension.class);

  /** What ran before the class: live descendant pids and live threads. */
  private record Baseline(Set<Long> processes, Set<Thread> threads) {}

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getStore(NAMESPACE).put(context.getUniqueId(),
        new Baseline(descendants().stream().map(ProcessHandle::pid).collect(Collectors.toSet()),
            Thread.getAllStackTraces().keySet()));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Baseline before = context.getStore(NAMESPACE).remove(context.getUniqueId(), Baseline.class);
    if (before == null) {
      return;
    }
    try {
      Awaitility.await("leftovers of " + context.getDisplayName() + " gone").atMost(LINGER)
          .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
          .pollInSameThread() // Awaitility's own poller would be a new non-daemon thread
          .until(() -> newProcesses(before).isEmpty() && newThreads(before).isEmpty());
      return;
    } catch (ConditionTimeoutException e) {
      // report below
    }
    List<ProcessHandle> processes = newProcesses(before);
    List<Thread> threads = newThreads(before);
    if (processes.isEmpty() && threads.isEmpty()) {
      return;
    }
    StringBuilder report = new StringBuilder(context.getDisplayName())
        .append(" left behind, ").append(LINGER.toSeconds()).append(" s after its last test:");
    for (ProcessHandle p : processes) {
      report.append("\n  process ").append(p.pid()).append(": ")
          .append(p.info().commandLine().orElse("?"));
    }
    for (Thread t : threads) {
      StackTraceElement[] stack = t.getStackTrace();
      report.append("\n  non-daemon thread \"").append(t.getName()).append("\" at ")
          .append(stack.length == 0 ? "?" : stack[0]);
    }
    // Kill them (they are ours), so later classes start clean; children before parents.
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).destroyForcibly();
    }
    throw new AssertionError(report.toString());
  }

  private static List<ProcessHandle> descendants() {
    return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
  }

  private static List<ProcessHandle> newProcesses(Baseline before) {
    List<ProcessHandle> left = new ArrayList<>();
    for (ProcessHandle p : descendants()) {
      if (!before.processes().contains(p.pid())) {
        left.add(p);
      }
    }
    return left;
  }

  private static List<Thread> newThreads(Baseline before) {
    List<Thread> left = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive() && !t.isDaemon() && !before.threads().contains(t)
          && !t.getName().equals(JUNIT_TIMEOUT_WATCHER)) {
        left.add(t);
      }
    }
    return left;
  }
}
