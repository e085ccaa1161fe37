package org.mirai4j.internal.host;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.mirai4j.AutoscaleGroup;
import org.mirai4j.internal.dispatch.Scheduler;
import org.mirai4j.internal.transport.DaemonLink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scales a profile's daemons with its backlog (R: crew's controllers over mirai), for {@link
 * org.mirai4j.Daemons.Builder#autoscale}, one {@link Pool} per label set it launches for.
 *
 * <h2>Pools</h2>
 *
 * The first pool is the profile's own: its daemons carry the labels of the profile's daemon
 * options (usually none), it keeps {@code min} and it comes from the profile's launcher. Each
 * further pool is a label set with a launcher of its own ({@code autoscale(labels, max,
 * launcher)}), {@code min} 0. A queued task belongs to the first pool whose labels cover what it
 * requires, the profile's pool first (a task requiring nothing always belongs there); a task no
 * pool covers belongs to none and launches nothing (it waits, shown by {@code
 * waitingForLabels}). A connected daemon belongs to the pool whose label set equals its own,
 * whoever launched it; others belong to none.
 *
 * <h2>Decision</h2>
 *
 * Per pool, wanted daemons: {@code min} raised to the pool's queued tasks plus the tasks its
 * daemons hold, capped at {@code max}. Its daemons connected plus those launched but not yet
 * connected (in flight) count against it; the rest are launched at once, unless a launch of that
 * pool failed lately (back-off, per pool: a broken GPU launcher does not hold up the others). A
 * remote pool launches what it misses in one call (so a cluster launcher submits one job array
 * for them, several daemons per job if so configured); a local pool one process at a time.
 * Decisions run on the supervisor's launcher thread, never the event loop, and only on events: a
 * backlog report from the dispatcher, a daemon leaving, a local process exiting, a back-off or
 * launch deadline expiring. No polling.
 *
 * <h2>Failed launches and back-off</h2>
 *
 * A launch fails when its process exits before connecting, when it has not connected within
 * the launch timeout ({@link #LAUNCH_TIMEOUT} unless the profile sets one: a batch queue may
 * hold a job far longer) (a local one is then killed; a remote one is written off, not
 * cancelled, and counts again if it connects after all), or when the launcher throws. After a failure that pool makes
 * no launch for 100 ms, doubling per failure up to 30 s; a daemon of it that connects resets it.
 *
 * <h2>Shrinking</h2>
 *
 * Daemons launched while fewer than {@code min} of the pool's persistent daemons are alive are
 * persistent; the others are launched with {@code idleTime(idle)}, so they leave by themselves
 * through the BYE/ACK exchange (a task sent as one says BYE is requeued by the dispatcher): no
 * task is lost, and nothing is killed. A daemon that left is not launched again unless the
 * backlog asks for it. Remote daemons carry no launch tag, so for them the split between
 * persistent and scaling daemons is a count: one leaving on purpose is taken to be a scaling one
 * while any is counted.
 */
final class Autoscaler {
  private static final Logger log = LoggerFactory.getLogger(Autoscaler.class);
  static final Duration LAUNCH_TIMEOUT = Duration.ofSeconds(60);

  /** Starts daemons of one pool, persistent or scaling. */
  interface Launcher {
    /**
     * Starts {@code n} daemons; returns their processes when local, an empty list when remote
     * (the caller asks a local launcher for one at a time).
     */
    List<Process> launch(int n, boolean scaling);
  }

  /**
   * What one pool launches: daemons carrying {@code labels}, at least {@code min} and at most
   * {@code max}, through {@code launcher}; {@code remote} when its daemons are not processes of
   * this JVM.
   */
  record PoolSpec(List<String> labels, int min, int max, boolean remote, Launcher launcher) {}

  private record Launch(Process process, boolean scaling, long at) {}

  /** One label set's launches and counts; guarded by the autoscaler. */
  private static final class Pool {
    final PoolSpec spec;
    final Set<String> labels;
    final List<Launch> inFlight = new ArrayList<>();
    final Set<Long> persistentPids = new HashSet<>();
    final Set<Long> scalingPids = new HashSet<>();
    int persistentRemote;
    int scalingRemote;
    /** Daemons connected whose label set equals this pool's. */
    int connected;
    long scaledUp;
    long scaledDown;
    long failed;
    final Backoff backoff = new Backoff();
    long notBefore = System.nanoTime();

    Pool(PoolSpec spec) {
      this.spec = spec;
      this.labels = Set.copyOf(spec.labels());
    }

    String describe() {
      return labels.isEmpty() ? "" : " " + spec.labels();
    }
  }

  private final String name;
  private final List<Pool> pools = new ArrayList<>();
  private final Supplier<Scheduler.Demand> demand;
  private final Supervisor supervisor;
  private final Duration launchTimeout;
  private final AtomicBoolean requested = new AtomicBoolean();

  // Guarded by this.
  /** Local daemons connected: one may connect before its launch is recorded. */
  private final Set<Long> connectedPids = new HashSet<>();
  /** When a timed re-evaluation is due (nanoTime), or 0 for none. */
  private long wakeAt;
  private boolean closed;

  /**
   * @param pools the profile's own pool first, then one per label set, label sets distinct
   */
  Autoscaler(String name, List<PoolSpec> pools, Supplier<Scheduler.Demand> demand,
      Supervisor supervisor, Duration launchTimeout) {
    this.name = name;
    this.launchTimeout = launchTimeout == null ? LAUNCH_TIMEOUT : launchTimeout;
    for (PoolSpec spec : pools) {
      this.pools.add(new Pool(spec));
    }
    this.demand = demand;
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

  /** The pool whose label set is exactly {@code labels}, or null. */
  private Pool byLabels(List<String> labels) {
    Set<String> set = Set.copyOf(labels);
    for (Pool pool : pools) {
      if (pool.labels.equals(set)) {
        return pool;
      }
    }
    return null;
  }

  /** The pool a task requiring {@code requires} belongs to (see the class comment), or null. */
  private Pool covering(List<String> requires) {
    for (Pool pool : pools) {
      if (pool.labels.containsAll(requires)) {
        return pool;
      }
    }
    return null;
  }

  // ---- the dispatcher's events (event loop: cheap, no waiting) ----

  void joined(DaemonLink link, boolean local) {
    synchronized (this) {
      Pool own = byLabels(link.labels());
      if (own != null) {
        own.connected++;
      }
      Pool matched = null;
      for (Pool pool : pools) {
        if (!local && pool != own) {
          continue; // a remote daemon is taken to be one of its label set's launches
        }
        for (Iterator<Launch> it = pool.inFlight.iterator(); it.hasNext(); ) {
          Launch launch = it.next();
          if (local ? launch.process() != null && launch.process().pid() == link.pid()
              : launch.process() == null) {
            it.remove();
            matched = pool;
            break;
          }
        }
        if (matched != null) {
          break;
        }
      }
      if (local) {
        connectedPids.add(link.pid());
      }
      if (matched != null) {
        matched.backoff.reset();
      }
    }
  }

  void left(DaemonLink link, boolean local, boolean onPurpose) {
    synchronized (this) {
      Pool own = byLabels(link.labels());
      if (own != null) {
        own.connected--;
      }
      if (local) {
        connectedPids.remove(link.pid());
        for (Pool pool : pools) {
          if (onPurpose && pool.scalingPids.contains(link.pid())) {
            pool.scaledDown++;
          }
        }
      } else if (own != null) {
        if (onPurpose && own.scalingRemote > 0) {
          own.scalingRemote--;
          own.scaledDown++;
        } else if (own.persistentRemote > 0) {
          own.persistentRemote--;
        } else if (own.scalingRemote > 0) {
          own.scalingRemote--;
        }
      }
    }
    request();
  }

  // ---- local processes (any thread) ----

  /** A local daemon process exited: before connecting, its launch failed. */
  void exited(Process process) {
    synchronized (this) {
      long pid = process.pid();
      connectedPids.remove(pid);
      for (Pool pool : pools) {
        pool.persistentPids.remove(pid);
        pool.scalingPids.remove(pid);
        for (Iterator<Launch> it = pool.inFlight.iterator(); it.hasNext(); ) {
          if (it.next().process() == process) {
            it.remove();
            failedLocked(pool, "exited ("
                + org.mirai4j.ExitReason.describe(process.exitValue()) + ") before connecting");
            break;
          }
        }
      }
    }
    request();
  }

  private void failedLocked(Pool pool, String why) {
    pool.failed++;
    long delayMs = pool.backoff.next();
    pool.notBefore = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs);
    log.info("profile {}: an autoscaled daemon{} {}: next launch in {} ms", name,
        pool.describe(), why, delayMs);
  }

  // ---- decisions (launcher thread) ----

  /** Launches to make for one pool. */
  private record Plan(Pool pool, int persistent, int scaling) {}

  private void evaluate() {
    Scheduler.Demand now = demand.get(); // waits on the loop: never while holding this
    int[] wanted = new int[pools.size()];
    int[] busy = new int[pools.size()];
    synchronized (this) {
      // queued tasks to their pools: those requiring nothing to the profile's own
      int labelled = 0;
      for (Map.Entry<List<String>, Integer> e : now.awaitingByRequires().entrySet()) {
        labelled += e.getValue();
        Pool pool = covering(e.getKey());
        if (pool != null) {
          wanted[pools.indexOf(pool)] += e.getValue();
        }
      }
      wanted[0] += now.awaiting() - labelled;
      for (Scheduler.DaemonLoad daemon : now.daemons()) {
        Pool pool = byLabels(daemon.labels());
        if (pool != null) {
          busy[pools.indexOf(pool)] += daemon.tasks();
        }
      }
    }
    List<Plan> plans = new ArrayList<>();
    List<Process> overdue = new ArrayList<>();
    long wakeIn = -1;
    synchronized (this) {
      if (closed) {
        return;
      }
      long t = System.nanoTime();
      long deadline = launchTimeout.toNanos();
      for (int p = 0; p < pools.size(); p++) {
        Pool pool = pools.get(p);
        for (Iterator<Launch> it = pool.inFlight.iterator(); it.hasNext(); ) {
          Launch launch = it.next();
          if (t - launch.at() >= deadline) {
            it.remove();
            if (launch.process() != null) {
              overdue.add(launch.process());
            } else if (launch.scaling()) {
              pool.scalingRemote--;
            } else {
              pool.persistentRemote--;
            }
            failedLocked(pool, "did not connect within " + launchTimeout);
          }
        }
        int min = pool.spec.min();
        int want = Math.max(min, Math.min(pool.spec.max(), wanted[p] + busy[p]));
        int missing = want - Math.max(0, pool.connected) - pool.inFlight.size();
        if (missing > 0) {
          if (t - pool.notBefore < 0) {
            long due = pool.notBefore - t;
            wakeIn = wakeIn < 0 ? due : Math.min(wakeIn, due);
          } else {
            int persistent = pool.persistentPids.size() + pool.persistentRemote;
            int keep = Math.min(missing, Math.max(0, min - persistent));
            plans.add(new Plan(pool, keep, missing - keep));
          }
        }
        for (Launch launch : pool.inFlight) {
          long due = launch.at() + deadline - t;
          wakeIn = wakeIn < 0 ? due : Math.min(wakeIn, due);
        }
      }
    }
    for (Process p : overdue) {
      p.destroyForcibly(); // its exit is no second failure: it left inFlight above
    }
    for (Plan plan : plans) {
      launch(plan.pool(), plan.persistent(), false);
      launch(plan.pool(), plan.scaling(), true);
    }
    if (!plans.isEmpty()) {
      long due = launchTimeout.toNanos();
      wakeIn = wakeIn < 0 ? due : Math.min(wakeIn, due);
    }
    if (wakeIn >= 0) {
      wakeUpIn(wakeIn);
    }
  }

  /** Launches {@code n} daemons of {@code pool}: remote in one call, local one by one. */
  private void launch(Pool pool, int n, boolean scaling) {
    if (n <= 0) {
      return;
    }
    if (pool.spec.remote()) {
      launchSome(pool, n, scaling);
    } else {
      for (int i = 0; i < n && launchSome(pool, 1, scaling); i++) {
        // one process at a time, so a failing one leaves the others accounted for
      }
    }
  }

  /** Launches {@code n} daemons through the pool's launcher; false when it threw. */
  private boolean launchSome(Pool pool, int n, boolean scaling) {
    List<Process> processes;
    try {
      processes = pool.spec.launcher().launch(n, scaling);
    } catch (RuntimeException e) {
      synchronized (this) {
        failedLocked(pool, "could not be launched (" + e.getMessage() + ")");
      }
      wakeUpIn(0);
      return false;
    }
    List<Process> exitedAlready = new ArrayList<>();
    synchronized (this) {
      pool.scaledUp += n;
      long at = System.nanoTime();
      if (processes.isEmpty()) {
        for (int i = 0; i < n; i++) {
          pool.inFlight.add(new Launch(null, scaling, at));
        }
        if (scaling) {
          pool.scalingRemote += n;
        } else {
          pool.persistentRemote += n;
        }
      } else {
        for (Process process : processes) {
          (scaling ? pool.scalingPids : pool.persistentPids).add(process.pid());
          if (!connectedPids.contains(process.pid())) {
            pool.inFlight.add(new Launch(process, scaling, at));
            if (!process.isAlive()) {
              exitedAlready.add(process);
            }
          }
        }
      }
    }
    log.debug("profile {}: autoscaling launched {} {} daemon(s){}", name, n,
        scaling ? "scaling" : "persistent", pool.describe());
    for (Process process : exitedAlready) {
      exited(process); // its exit may have been reported before it was recorded
    }
    return true;
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
    int n = 0;
    for (Pool pool : pools) {
      n += pool.inFlight.size();
    }
    return n;
  }

  synchronized long scaledUp() {
    long n = 0;
    for (Pool pool : pools) {
      n += pool.scaledUp;
    }
    return n;
  }

  synchronized long scaledDown() {
    long n = 0;
    for (Pool pool : pools) {
      n += pool.scaledDown;
    }
    return n;
  }

  synchronized long failed() {
    long n = 0;
    for (Pool pool : pools) {
      n += pool.failed;
    }
    return n;
  }

  /** Each pool's figures, the profile's own first. */
  synchronized List<AutoscaleGroup> groups() {
    List<AutoscaleGroup> out = new ArrayList<>(pools.size());
    for (Pool pool : pools) {
      out.add(new AutoscaleGroup(pool.spec.labels(), pool.spec.min(), pool.spec.max(),
          Math.max(0, pool.connected), pool.inFlight.size(), pool.scaledUp, pool.scaledDown,
          pool.failed));
    }
    return out;
  }

  synchronized void close() {
    closed = true;
  }
}
