package org.mirai4j.internal.host;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.mirai4j.internal.dispatch.Scheduler;
import org.mirai4j.internal.transport.DaemonLink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scales a profile's daemons with its backlog (R: crew's controllers over mirai), for {@link
 * org.mirai4j.Daemons.Builder#autoscale}.
 *
 * <h2>Decision</h2>
 *
 * Wanted daemons: {@code min} raised to {@code awaiting + executing}, capped at {@code max}.
 * Those connected plus those launched but not yet connected (in flight) count against it; the
 * rest are launched at once, unless a launch failed lately (back-off). Decisions run on the
 * supervisor's launcher thread, never the event loop, and only on events: a backlog report from
 * the dispatcher, a daemon leaving, a local process exiting, a back-off or launch deadline
 * expiring. No polling.
 *
 * <h2>Failed launches and back-off</h2>
 *
 * A launch fails when its process exits before connecting, when it has not connected within
 * {@link #LAUNCH_TIMEOUT} (a local one is then killed; a remote one is written off, and counts
 * again if it connects after all), or when the launcher throws. After a failure no launch is
 * made for 100 ms, doubling per failure up to 30 s; a daemon that connects resets it.
 *
 * <h2>Shrinking</h2>
 *
 * Daemons launched while fewer than {@code min} of the autoscaler's persistent daemons are alive
 * are persistent; the others are launched with {@code idleTime(idle)}, so they leave by
 * themselves through the BYE/ACK exchange (a task sent as one says BYE is requeued by the
 * dispatcher): no task is lost, and nothing is killed. A daemon that left is not launched again
 * unless the backlog asks for it. Remote daemons carry no launch tag, so for them the split
 * between persistent and scaling daemons is a count: one leaving on purpose is taken to be a
 * scaling one while any is counted.
 */
final class Autoscaler {
  private static final Logger log = LoggerFactory.getLogger(Autoscaler.class);
  static final Duration LAUNCH_TIMEOUT = Duration.ofSeconds(60);

  /** Starts one daemon, persistent or scaling; returns its process, or null when remote. */
  interface Launcher {
    Process launch(boolean scaling);
  }

  private record Launch(Process process, boolean scaling, long at) {}

  private final String name;
  private final int min;
  private final int max;
  private final Launcher launcher;
  private final Supplier<Scheduler.Load> load;
  private final Supervisor supervisor;
  private final AtomicBoolean requested = new AtomicBoolean();

  // Guarded by this.
  private final List<Launch> inFlight = new ArrayList<>();
  private final Set<Long> persistentPids = new HashSet<>();
  private final Set<Long> scalingPids = new HashSet<>();
  /** Local daemons connected: one may connect before its launch is recorded. */
  private final Set<Long> connectedPids = new HashSet<>();
  private int persistentRemote;
  private int scalingRemote;
  private long scaledUp;
  private long scaledDown;
  private long failed;
  private final Backoff backoff = new Backoff();
  private long notBefore = System.nanoTime();
  /** When a timed re-evaluation is due (nanoTime), or 0 for none. */
  private long wakeAt;
  private boolean closed;

  Autoscaler(String name, int min, int max, Launcher launcher, Supplier<Scheduler.Load> load,
      Supervisor supervisor) {
    this.name = name;
    this.min = min;
    this.max = max;
    this.launcher = launcher;
    this.load = load;
    this.supervisor = supervisor;
  }

  /** Asks for a decision on the launcher thread; requests made before it runs coalesce. */
  void request() {
    if (requested.compareAndSet(false, true)) {
      supervisor.execute(() -> {
        requested.set(false);
        evaluate();
      });
    }
  }

  // ---- the dispatcher's events (event loop: cheap, no waiting) ----

  void joined(DaemonLink link, boolean local) {
    synchronized (this) {
      boolean matched = false;
      for (Iterator<Launch> it = inFlight.iterator(); it.hasNext(); ) {
        Launch launch = it.next();
        if (local ? launch.process() != null && launch.process().pid() == link.pid()
            : launch.process() == null) {
          it.remove();
          matched = true;
          break;
        }
      }
      if (local) {
        connectedPids.add(link.pid());
      }
      if (matched) {
        backoff.reset();
      }
    }
  }

  void left(DaemonLink link, boolean local, boolean onPurpose) {
    synchronized (this) {
      if (local) {
        connectedPids.remove(link.pid());
        if (onPurpose && scalingPids.contains(link.pid())) {
          scaledDown++;
        }
      } else if (onPurpose && scalingRemote > 0) {
        scalingRemote--;
        scaledDown++;
      } else if (persistentRemote > 0) {
        persistentRemote--;
      } else if (scalingRemote > 0) {
        scalingRemote--;
      }
    }
    request();
  }

  // ---- local processes (any thread) ----

  /** A local daemon process exited: before connecting, its launch failed. */
  void exited(Process process) {
    synchronized (this) {
      long pid = process.pid();
      persistentPids.remove(pid);
      scalingPids.remove(pid);
      connectedPids.remove(pid);
      for (Iterator<Launch> it = inFlight.iterator(); it.hasNext(); ) {
        if (it.next().process() == process) {
          it.remove();
          failedLocked("exited (" + org.mirai4j.ExitReason.describe(process.exitValue())
              + ") before connecting");
          break;
        }
      }
    }
    request();
  }

  private void failedLocked(String why) {
    failed++;
    long delayMs = backoff.next();
    notBefore = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs);
    log.info("profile {}: an autoscaled daemon {}: next launch in {} ms", name, why, delayMs);
  }

  // ---- decisions (launcher thread) ----

  private void evaluate() {
    Scheduler.Load now = load.get(); // waits on the loop: never while holding this
    List<Boolean> launches = new ArrayList<>();
    List<Process> overdue = new ArrayList<>();
    long wakeIn = -1;
    synchronized (this) {
      if (closed) {
        return;
      }
      long t = System.nanoTime();
      long deadline = LAUNCH_TIMEOUT.toNanos();
      for (Iterator<Launch> it = inFlight.iterator(); it.hasNext(); ) {
        Launch launch = it.next();
        if (t - launch.at() >= deadline) {
          it.remove();
          if (launch.process() != null) {
            overdue.add(launch.process());
          } else if (launch.scaling()) {
            scalingRemote--;
          } else {
            persistentRemote--;
          }
          failedLocked("did not connect within " + LAUNCH_TIMEOUT.toSeconds() + " s");
        }
      }
      int want = Math.max(min, Math.min(max, now.awaiting() + now.executing()));
      int missing = want - now.connections() - inFlight.size();
      if (missing > 0) {
        if (t - notBefore < 0) {
          wakeIn = notBefore - t;
        } else {
          int persistent = persistentPids.size() + persistentRemote;
          for (int i = 0; i < missing; i++) {
            boolean scaling = persistent >= min;
            if (!scaling) {
              persistent++;
            }
            launches.add(scaling);
          }
        }
      }
      for (Launch launch : inFlight) {
        long due = launch.at() + deadline - t;
        wakeIn = wakeIn < 0 ? due : Math.min(wakeIn, due);
      }
    }
    for (Process p : overdue) {
      p.destroyForcibly(); // its exit is no second failure: it left inFlight above
    }
    for (boolean scaling : launches) {
      launchOne(scaling);
    }
    if (!launches.isEmpty()) {
      long due = Math.max(0, LAUNCH_TIMEOUT.toNanos());
      wakeIn = wakeIn < 0 ? due : Math.min(wakeIn, due);
    }
    if (wakeIn >= 0) {
      wakeUpIn(wakeIn);
    }
  }

  private void launchOne(boolean scaling) {
    Process process;
    try {
      process = launcher.launch(scaling);
    } catch (RuntimeException e) {
      synchronized (this) {
        failedLocked("could not be launched (" + e.getMessage() + ")");
      }
      wakeUpIn(0);
      return;
    }
    boolean exitedAlready = false;
    synchronized (this) {
      scaledUp++;
      if (process == null) {
        inFlight.add(new Launch(null, scaling, System.nanoTime()));
        if (scaling) {
          scalingRemote++;
        } else {
          persistentRemote++;
        }
      } else {
        (scaling ? scalingPids : persistentPids).add(process.pid());
        if (!connectedPids.contains(process.pid())) {
          inFlight.add(new Launch(process, scaling, System.nanoTime()));
          exitedAlready = !process.isAlive();
        }
      }
    }
    log.debug("profile {}: autoscaling launched a {} daemon", name,
        scaling ? "scaling" : "persistent");
    if (exitedAlready) {
      exited(process); // its exit may have been reported before it was recorded
    }
  }

  /** Schedules a decision {@code nanos} from now unless one is due by then. */
  private void wakeUpIn(long nanos) {
    long at = System.nanoTime() + nanos;
    synchronized (this) {
      if (wakeAt != 0 && wakeAt - at <= 0) {
        return;
      }
      wakeAt = at;
    }
    supervisor.later(TimeUnit.NANOSECONDS.toMillis(nanos) + 1, () -> {
      synchronized (this) {
        if (wakeAt == at) {
          wakeAt = 0;
        }
      }
      evaluate();
    });
  }

  // ---- state ----

  synchronized int launching() {
    return inFlight.size();
  }

  synchronized long scaledUp() {
    return scaledUp;
  }

  synchronized long scaledDown() {
    return scaledDown;
  }

  synchronized long failed() {
    return failed;
  }

  synchronized void close() {
    closed = true;
  }
}
