package org.mirai4j.internal.host;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongPredicate;
import org.mirai4j.DaemonOptions;
import org.mirai4j.internal.transport.DaemonLink;
import org.mirai4j.launch.RemoteConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a profile's daemons: replaces a stuck local daemon, and with relaunch on starts a lost
 * daemon again through the launcher that started it.
 *
 * <h2>What counts as lost</h2>
 *
 * A local daemon process that exits without having announced its exit (crash, kill, lost
 * connection), and a remote daemon whose connection ends unannounced. A daemon that leaves on
 * purpose (maxtasks, idletime, walltime: it announces its last result or BYE first) is not
 * relaunched, nor is any daemon once the profile is reset or closed. Daemons dialed in by hand
 * are never relaunched while no remote launch was made; once one was, the host cannot tell them
 * from remotely launched ones and they count towards the remote target.
 *
 * <h2>Remote daemons</h2>
 *
 * The host cannot tell which remote launcher started a daemon (the handshake carries no launch
 * tag), so it keeps counts: the remote target (daemons launched remotely, less those that left on
 * purpose), those connected and those launched but not yet connected. A lost remote daemon is
 * launched again while connected plus pending stays below the target. With one remote launcher
 * this is exact; with several, relaunches go to them in proportion to how many each started.
 *
 * <h2>Back-off</h2>
 *
 * Relaunches of each kind (local, remote) wait 100 ms, doubling per relaunch up to 30 s, and
 * back to 100 ms once a daemon lost had lived (local) or stayed connected (remote) for 10 s, so
 * a daemon that crashes at start cannot spin. Forks run on a single launcher thread, never on
 * the event loop.
 */
final class Supervisor {
  private static final Logger log = LoggerFactory.getLogger(Supervisor.class);
  static final Duration STABLE = Duration.ofSeconds(10);

  private final String name;
  private final boolean relaunch;
  private final LongPredicate isLocal;
  /** Starts one local daemon with these options (those of the one it replaces, labels too). */
  private final Consumer<DaemonOptions> launchOneLocal;
  private final Consumer<RemoteLaunch> launchOneRemote;
  private final ScheduledThreadPoolExecutor launcher;
  private final AtomicLong relaunched = new AtomicLong();

  // Guarded by this.
  private final Set<Long> leftOnPurpose = new HashSet<>();
  private final Set<Long> replacing = new HashSet<>();
  private final Map<DaemonLink, Long> remoteJoinedAt = new HashMap<>();
  private final List<RemoteLaunch> remoteShares = new ArrayList<>();
  private int remoteTurn;
  private int remoteTarget;
  private int remotePending;
  private final Backoff localBackoff = new Backoff();
  private final Backoff remoteBackoff = new Backoff();
  private boolean closed;
  /** With autoscaling, it alone decides launches: set once, before any daemon starts. */
  private volatile Autoscaler autoscaler;

  Supervisor(String name, boolean relaunch, LongPredicate isLocal,
      Consumer<DaemonOptions> launchOneLocal,
      Consumer<RemoteLaunch> launchOneRemote) {
    this.name = name;
    this.relaunch = relaunch;
    this.isLocal = isLocal;
    this.launchOneLocal = launchOneLocal;
    this.launchOneRemote = launchOneRemote;
    this.launcher = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "mirai4j-" + name + "-launcher");
      t.setDaemon(true);
      return t;
    });
    launcher.setRemoveOnCancelPolicy(true);
  }

  void autoscaler(Autoscaler autoscaler) {
    this.autoscaler = autoscaler;
  }

  long relaunched() {
    return relaunched.get();
  }

  // ---- local processes (any thread) ----

  /**
   * A local daemon process this profile started has exited; a replacement has its {@code
   * options}, labels included, so tasks requiring them find a daemon again.
   */
  void localExited(Process process, long livedNanos, DaemonOptions options) {
    long pid = process.pid();
    Autoscaler scaler = autoscaler;
    if (scaler != null) {
      synchronized (this) {
        leftOnPurpose.remove(pid);
        replacing.remove(pid);
      }
      scaler.exited(process); // it replaces the daemon if the backlog or min asks for one
      return;
    }
    long delay;
    synchronized (this) {
      if (closed || leftOnPurpose.remove(pid)) {
        return;
      }
      if (replacing.remove(pid)) {
        delay = 0;
      } else if (!relaunch) {
        return;
      } else {
        if (livedNanos >= STABLE.toNanos()) {
          localBackoff.reset();
        }
        delay = localBackoff.next();
      }
    }
    log.info("profile {}: local daemon {} exited ({}): relaunching it in {} ms",
        name, pid, org.mirai4j.ExitReason.describe(process.exitValue()), delay);
    later(delay, () -> {
      launchOneLocal.accept(options);
      relaunched.incrementAndGet();
      log.debug("profile {}: relaunched a local daemon in place of {}", name, pid);
    });
  }

  /** A stuck local daemon is about to be killed: its exit starts a replacement at once. */
  synchronized void replacing(long pid) {
    replacing.add(pid);
  }

  // ---- remote launches (any thread) ----

  /** {@code n} daemons were launched through a remote configuration, with these options. */
  synchronized void remoteLaunched(RemoteLaunch remote, int n) {
    if (!relaunch) {
      return;
    }
    remoteTarget += n;
    remotePending += n;
    for (int i = 0; i < n; i++) {
      remoteShares.add(remote);
    }
  }

  // ---- the dispatcher's events, relayed by Profile (event loop) ----

  /** A daemon joined. */
  void joined(DaemonLink link) {
    if (isLocal.test(link.pid())) {
      return;
    }
    synchronized (this) {
      remoteJoinedAt.put(link, System.nanoTime());
      if (remotePending > 0) {
        remotePending--;
      }
    }
  }

  /** A daemon left: on purpose (it announced its exit) or lost. */
  void left(DaemonLink link, boolean onPurpose) {
    if (isLocal.test(link.pid())) {
      if (onPurpose) {
        synchronized (this) {
          leftOnPurpose.add(link.pid());
        }
      }
      return; // its process's exit decides
    }
    RemoteLaunch remote;
    long delay;
    synchronized (this) {
      Long joinedAt = remoteJoinedAt.remove(link);
      if (!relaunch || closed || joinedAt == null || remoteTarget == 0) {
        return;
      }
      if (onPurpose) {
        remoteTarget--;
        return;
      }
      if (remoteJoinedAt.size() + remotePending >= remoteTarget) {
        return; // others dialed in meanwhile: the target is met
      }
      if (System.nanoTime() - joinedAt >= STABLE.toNanos()) {
        remoteBackoff.reset();
      }
      delay = remoteBackoff.next();
      remotePending++;
      remote = remoteShares.get(remoteTurn++ % remoteShares.size());
    }
    log.info("profile {}: remote {} lost: relaunching it in {} ms", name, link, delay);
    later(delay, () -> {
      launchOneRemote.accept(remote);
      relaunched.incrementAndGet();
      log.debug("profile {}: relaunched a remote daemon in place of {}", name, link);
    });
  }

  /** Runs work on the launcher thread after {@code delayMs}, unless closed by then. */
  void later(long delayMs, Runnable work) {
    try {
      launcher.schedule(() -> {
        synchronized (this) {
          if (closed) {
            return;
          }
        }
        try {
          work.run();
        } catch (RuntimeException e) {
          log.warn("profile {}: launch failed: {}", name, e.getMessage());
        }
      }, delayMs, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closing
    }
  }

  /** Runs work on the launcher thread (forks, kills): never on the event loop. */
  void execute(Runnable work) {
    try {
      launcher.execute(work);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closing
    }
  }

  /**
   * A remote launch as made, so a daemon lost is launched again the same way.
   *
   * @param remote the launcher
   * @param options the daemon options of that launch (the profile's, or the launch's own)
   */
  record RemoteLaunch(RemoteConfig remote, DaemonOptions options) {}

  /** No relaunch from now on; pending ones are dropped. */
  void close() {
    synchronized (this) {
      closed = true;
    }
    launcher.shutdownNow();
  }
}
