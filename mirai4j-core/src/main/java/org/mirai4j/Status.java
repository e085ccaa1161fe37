package org.mirai4j;

import java.util.List;

/**
 * The state of a compute profile (R: {@code status()}).
 *
 * @param connections daemons connected now (0 when the profile is not set)
 * @param url the URL daemons dial, with the port actually bound; null when the profile is not
 *     set
 * @param info the counters
 * @param memory queued task memory, or null without a dispatcher
 * @param rejected connection attempts refused for failing the handshake
 * @param joined daemons that ever connected (with a dispatcher also {@code info.cumulative()})
 * @param lost daemons whose connection ended without their announcing an exit (crashed,
 *     killed, unreachable, or killed by the host for ignoring a cancel); not those that left on
 *     maxtasks, idletime or walltime, nor any at reset
 * @param relaunched daemons started again in place of lost or stuck ones
 *     ({@link Daemons.Builder#relaunch(boolean)}, {@link Daemons.Builder#cancelGrace})
 * @param tasks tasks ever submitted ({@code awaiting + executing + completed} with a dispatcher)
 * @param waitingForLabels queued tasks ({@link Opts#requires(String...)}) whose labels no
 *     connected daemon holds: they wait for one that does to join, or for their timeout
 * @param setupFailed daemons whose {@link Daemons.Builder#setup(Task) setup} task failed: each
 *     was kept out of service, its error logged at WARN, and told to exit
 * @param launching with {@link Daemons.Builder#autoscale autoscale}: daemons launched and not yet
 *     connected (they count towards {@code max}); else 0
 * @param scaledUp with autoscale: daemons it ever launched (those keeping {@code min} too); else
 *     0
 * @param scaledDown with autoscale: daemons above {@code min} that left after their idle time;
 *     else 0
 * @param launchFailed with autoscale: launches that failed (the process exited before
 *     connecting, or it did not connect within the launch timeout, {@link
 *     Daemons.Builder#launchTimeout} 60 s by default, or the launcher threw), each followed by a
 *     back-off; else 0
 * @param daemons the connected daemons, in the order they joined, each with its id, host, pid,
 *     labels and tasks served, taken in the same snapshot as the counters; daemons that left
 *     are not listed (so their tasks served are not in any entry). Empty in sync mode, before
 *     the profile listens, and in statuses built by the constructors without this component
 * @param autoscaled with autoscale: each set of daemons it launches, the profile's own first,
 *     then one per label set given to {@link Daemons.Builder#autoscale(List, int,
 *     org.mirai4j.launch.RemoteConfig)} in that order ({@code launching} … {@code launchFailed}
 *     above are their sums); else empty
 */
public record Status(int connections, String url, Info info, Memory memory, long rejected,
    long joined, long lost, long relaunched, long tasks, long waitingForLabels,
    long setupFailed, long launching, long scaledUp, long scaledDown, long launchFailed,
    List<DaemonInfo> daemons, List<AutoscaleGroup> autoscaled) {
  /** Copies {@code daemons} and {@code autoscaled} (null: none): the record stays immutable. */
  public Status {
    daemons = daemons == null ? List.of() : List.copyOf(daemons);
    autoscaled = autoscaled == null ? List.of() : List.copyOf(autoscaled);
  }

  /** A status without the autoscaled sets. */
  public Status(int connections, String url, Info info, Memory memory, long rejected,
      long joined, long lost, long relaunched, long tasks, long waitingForLabels,
      long setupFailed, long launching, long scaledUp, long scaledDown, long launchFailed,
      List<DaemonInfo> daemons) {
    this(connections, url, info, memory, rejected, joined, lost, relaunched, tasks,
        waitingForLabels, setupFailed, launching, scaledUp, scaledDown, launchFailed, daemons,
        List.of());
  }

  /** A status without the daemon list. */
  public Status(int connections, String url, Info info, Memory memory, long rejected,
      long joined, long lost, long relaunched, long tasks, long waitingForLabels,
      long setupFailed, long launching, long scaledUp, long scaledDown, long launchFailed) {
    this(connections, url, info, memory, rejected, joined, lost, relaunched, tasks,
        waitingForLabels, setupFailed, launching, scaledUp, scaledDown, launchFailed, List.of());
  }

  /** A status without the rejected count, as in the first version of this record. */
  public Status(int connections, String url, Info info, Memory memory) {
    this(connections, url, info, memory, 0);
  }

  /** A status with the rejected count only, as in the second version of this record. */
  public Status(int connections, String url, Info info, Memory memory, long rejected) {
    this(connections, url, info, memory, rejected, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }
}
