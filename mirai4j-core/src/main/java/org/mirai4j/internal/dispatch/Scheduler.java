package org.mirai4j.internal.dispatch;

import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;
import org.mirai4j.DaemonInfo;
import org.mirai4j.ErrorValue;
import org.mirai4j.Info;
import org.mirai4j.internal.protocol.FrameType;
import org.mirai4j.internal.protocol.Payloads;
import org.mirai4j.internal.rng.RandomStreams;
import org.mirai4j.internal.transport.DaemonLink;
import org.mirai4j.internal.transport.HostFrame;
import org.mirai4j.internal.transport.LinkEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands tasks to daemons. Every method but the public entry points runs on the event loop, so
 * the queue, the links and the counters need no locks.
 *
 * <p>With the dispatcher ({@code fifo}): one FIFO queue, each daemon takes the head the moment
 * it is free, one task in flight per daemon. Without it: round-robin at submission, several
 * tasks may wait on one daemon (mirai's direct mode); the queue holds tasks only while no
 * daemon is connected, or while every connected daemon's channel is full (its outbound buffer
 * past Netty's high-water mark), so a burst of large tasks waits here and not in Netty.
 *
 * <h2>Faults</h2>
 *
 * A daemon lost while running a task resolves it to CONNECTION_RESET, unless the task has
 * retries left: then it goes back to the head of the queue. Tasks a lost daemon held but had
 * not started always go back. A canceled task that keeps running for the cancel grace marks its
 * daemon stuck: it takes no new task until it reports the canceled one done, what was sent to it
 * behind that task goes to other daemons, and the {@link Membership} is told (a local daemon is
 * then killed and replaced).
 *
 * <h2>Labels</h2>
 *
 * A task may require labels ({@code Opts.requires}); only a daemon whose handshake named them
 * all takes it. With the dispatcher a free daemon takes the first queued entry it can run: the
 * queue stays one FIFO, and tasks no connected daemon can run are passed over (their timeouts
 * run) instead of holding up the tasks behind them. Cost: while no queued task has requirements
 * (the common case, counted in {@code constrained}) dispatch looks at the head only, as before;
 * otherwise each free daemon scans from the head past the labeled tasks it cannot run, up to the
 * first task without requirements or everywhere() group (always takeable, or a barrier), so a
 * dispatch costs O(1 + labeled tasks waiting ahead of it). Without the dispatcher the queue holds
 * tasks only while no daemon can take them, and each pump walks it the same way. everywhere()
 * ignores labels.
 *
 * <h2>Setup</h2>
 *
 * With a {@link Setup}, each daemon is sent the setup task as it connects and takes nothing else
 * until its RESULT arrives: a value makes it ready; an error (or interrupt) counts in {@code
 * setupFailed}, retires it on purpose (not relaunched, its process exits), tells the {@link
 * Membership} (which logs the error) and the daemon is told to EXIT. The setup task counts in
 * no task counter.
 */
public final class Scheduler implements LinkEvents {
  private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

  /** The default cancel grace: how long a canceled task may ignore its interrupt. */
  public static final Duration CANCEL_GRACE = Duration.ofSeconds(3);

  /** What the profile is told about daemons coming and going; all on the event loop. */
  public interface Membership {
    /** A daemon connected. */
    void joined(DaemonLink link);

    /**
     * A daemon left: on purpose (it announced its exit: maxtasks, idletime, walltime), or lost
     * (its connection ended unannounced). Not called when the profile is closing.
     */
    void left(DaemonLink link, boolean onPurpose);

    /** A daemon still runs a task the cancel grace after its cancel. */
    void stuck(DaemonLink link);

    /**
     * A daemon's setup task failed ({@code result}: the RESULT payload, status byte first); it
     * is out of service and told to exit. For logging: the scheduler has already retired it.
     */
    default void setupFailed(DaemonLink link, byte[] result) {}

    /**
     * Tasks wait for a daemon: called after a submission or a requeue leaves {@code awaiting}
     * above 0 (so on every rise, including from 0), for autoscaling. Must stay cheap: hand any
     * work to another thread.
     */
    default void backlog(int awaiting) {}
  }

  /** What autoscaling weighs: daemons connected, tasks waiting and running. */
  public record Load(int connections, int awaiting, int executing) {}

  /**
   * What label-aware autoscaling weighs: tasks queued ({@code awaiting}, everywhere() copies
   * included), those of them that require labels counted by their requirement, and each
   * connected daemon's labels with the tasks it holds.
   */
  public record Demand(int awaiting, Map<List<String>, Integer> awaitingByRequires,
      List<DaemonLoad> daemons) {}

  /** A connected daemon's labels and the tasks sent to it and not yet answered. */
  public record DaemonLoad(List<String> labels, int tasks) {}

  /**
   * The task every daemon runs as it joins, before any other: a TASK payload flagged
   * {@link Payloads#TASK_EVERYWHERE} (its globals survive cleanup), sent as is to each daemon
   * under a fresh id from {@code ids}.
   */
  public record Setup(byte[] frame, int length, LongSupplier ids) {}

  private final boolean fifo;
  private final EventLoop loop;
  private final MemoryGate memory;
  private final RandomStreams daemonStreams = RandomStreams.unseeded();
  private final byte[] codecBytes;
  private final IntConsumer connectionsChanged;
  private final Membership membership;
  private final Duration cancelGrace;
  private final ClassServer classes;
  private final Setup setup;

  private final ArrayDeque<Object> queue = new ArrayDeque<>();
  private final Set<EverywhereGroup> queuedGroups = new LinkedHashSet<>();
  private final ArrayDeque<DaemonLink> idle = new ArrayDeque<>();
  private final List<DaemonLink> links = new ArrayList<>();
  /** Daemons still running a canceled task past the grace: they get nothing new. */
  private final Set<DaemonLink> stuck = new HashSet<>();
  /** Daemons with a canceled task not yet proven stopped (one watch per daemon). */
  private final Map<DaemonLink, Suspicion> suspects = new HashMap<>();
  /** Daemons running the setup task, with its id: they take no task until it succeeds. */
  private final Map<DaemonLink, Long> settingUp = new HashMap<>();
  /** Queued tasks that require labels: while 0, dispatch looks at the queue's head only. */
  private int constrained;
  /** The queued tasks of {@code constrained} by their requirement (for autoscaling). */
  private final Map<List<String>, int[]> constrainedBy = new HashMap<>();
  private int roundRobin;
  private boolean closed;
  private int setupFailed;

  private int joined;
  private int lost;
  private int tasks;
  private int awaiting;
  private int executing;
  private int completed;
  private final AtomicLong rejected = new AtomicLong();

  /**
   * A daemon was sent a cancel and has not answered since: {@code task} may still run. Any
   * RESULT from it clears this (it answers in order, so it moved past the canceled task).
   */
  private static final class Suspicion {
    final long task;
    boolean watching;

    Suspicion(long task) {
      this.task = task;
    }
  }

  /**
   * Counters beyond {@link Info}: daemons joined and lost, tasks ever submitted, queued tasks
   * whose labels no connected daemon holds, daemons whose setup failed.
   */
  public record Counts(Info info, int joined, int lost, int tasks, long waitingForLabels,
      long setupFailed, List<DaemonInfo> daemons) {}

  /**
   * @param fifo dispatcher on
   * @param loop the event loop all of this runs on
   * @param memory the gate of queued bytes
   * @param codecBytes the serialization config for each daemon's WELCOME (custom codecs,
   *     deserialization filter)
   * @param connectionsChanged told the new count whenever it changes (on the loop)
   * @param membership told of daemons joining, leaving and stuck
   * @param cancelGrace how long a canceled task may run on before its daemon counts as stuck
   * @param classes answers the daemons' class requests
   */
  public Scheduler(boolean fifo, EventLoop loop, MemoryGate memory, byte[] codecBytes,
      IntConsumer connectionsChanged, Membership membership, Duration cancelGrace,
      ClassServer classes) {
    this(fifo, loop, memory, codecBytes, connectionsChanged, membership, cancelGrace, classes,
        null);
  }

  /**
   * As the constructor above, with a setup task each daemon runs as it joins (null: none).
   */
  public Scheduler(boolean fifo, EventLoop loop, MemoryGate memory, byte[] codecBytes,
      IntConsumer connectionsChanged, Membership membership, Duration cancelGrace,
      ClassServer classes, Setup setup) {
    this.setup = setup;
    this.membership = membership;
    this.cancelGrace = cancelGrace;
    this.classes = classes;
    this.fifo = fifo;
    this.loop = loop;
    this.memory = memory;
    this.codecBytes = codecBytes;
    this.connectionsChanged = connectionsChanged;
  }

  // ---- entry points, any thread ----

  /** Submits a task. */
  public void submit(PendingTask task) {
    loop.execute(() -> enqueue(task));
  }

  /**
   * Submits everywhere() tasks: one per distinct daemon, and a sync point.
   *
   * @param min the daemons to wait for even if fewer are connected when a daemon is lost
   */
  public void submitEverywhere(List<PendingTask> tasks, int min) {
    loop.execute(() -> enqueueGroup(new EverywhereGroup(tasks, min)));
  }

  /** The task's future was completed from outside (cancel, timeout): stop its work. */
  public void canceled(PendingTask task) {
    if (loop.inEventLoop()) {
      cancel(task);
    } else {
      loop.execute(() -> cancel(task));
    }
  }

  /**
   * A consistent snapshot of the counters (cumulative: daemons ever connected, as mirai). O(1):
   * unlike {@link #counts()} it builds no per-daemon list (at 10,000 daemons that list was most
   * of the cost of a call, on the event loop).
   */
  public Info info() {
    return onLoop(this::infoOnLoop);
  }

  private Info infoOnLoop() {
    return fifo
        ? new Info(links.size(), joined, awaiting, executing, completed)
        : new Info(links.size(), null, null, null, null);
  }

  /** A consistent snapshot of every counter. */
  public Counts counts() {
    return onLoop(() -> new Counts(infoOnLoop(), joined, lost, tasks,
        waitingForLabels(), setupFailed, daemons()));
  }

  /** The connected daemons, in the order they joined (on the loop). */
  private List<DaemonInfo> daemons() {
    List<DaemonInfo> out = new ArrayList<>(links.size());
    for (DaemonLink link : links) {
      out.add(link.info(true));
    }
    return List.copyOf(out);
  }

  /** A consistent snapshot of the load (any thread; blocks until the loop answers). */
  public Load load() {
    return onLoop(() -> new Load(links.size(), awaiting, executing));
  }

  /** A consistent snapshot of the demand by labels (any thread; blocks until the loop answers). */
  public Demand demand() {
    return onLoop(() -> {
      Map<List<String>, Integer> byRequires = new HashMap<>();
      constrainedBy.forEach((requires, n) -> byRequires.put(requires, n[0]));
      List<DaemonLoad> daemons = new ArrayList<>(links.size());
      for (DaemonLink link : links) {
        daemons.add(new DaemonLoad(link.labels(), link.inFlight.size()));
      }
      return new Demand(awaiting, byRequires, daemons);
    });
  }

  /** Counts a labeled task into or out of the queue ({@code delta} +1 or -1). */
  private void constrain(PendingTask task, int delta) {
    constrained += delta;
    int[] n = constrainedBy.computeIfAbsent(task.requires, k -> new int[1]);
    n[0] += delta;
    if (n[0] == 0) {
      constrainedBy.remove(task.requires);
    }
  }

  /** Peers refused at the handshake. */
  public long rejectedCount() {
    return rejected.get();
  }

  /**
   * Resolves every unresolved task to CONNECTION_RESET and closes every daemon connection,
   * first telling each daemon to exit when {@code exitDaemons}.
   */
  public void shutdown(boolean exitDaemons) {
    onLoop(() -> {
      closed = true;
      for (Object entry : queue) {
        if (entry instanceof PendingTask task && !task.queued) {
          continue; // canceled while queued, accounted for then
        }
        List<PendingTask> tasks = entry instanceof EverywhereGroup g
            ? new ArrayList<>(g.remaining) : List.of((PendingTask) entry);
        for (PendingTask task : tasks) {
          dequeued(task);
          resolve(task, TaskOutcome.CONNECTION_RESET);
        }
      }
      queue.clear();
      queuedGroups.clear();
      for (DaemonLink link : new ArrayList<>(links)) {
        for (Object o : link.inFlight.values()) {
          PendingTask task = (PendingTask) o;
          executing--;
          resolve(task, TaskOutcome.CONNECTION_RESET);
        }
        link.inFlight.clear();
        if (exitDaemons) {
          link.send(FrameType.EXIT, 0);
        }
        link.channel().close();
      }
      links.clear();
      idle.clear();
      settingUp.clear();
      return null;
    });
  }

  private <T> T onLoop(java.util.concurrent.Callable<T> work) {
    if (loop.inEventLoop()) {
      try {
        return work.call();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    try {
      return loop.submit(work).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  // ---- event loop ----

  private void enqueue(PendingTask task) {
    tasks++;
    if (closed) {
      releaseMemory(task);
      completed++;
      task.future.complete(TaskOutcome.CONNECTION_RESET);
      return;
    }
    if (task.future.isDone()) {
      // Canceled before it reached the dispatcher.
      releaseMemory(task);
      completed++;
      return;
    }
    awaiting++;
    armTimeout(task);
    task.queued = true;
    if (!task.requires.isEmpty()) {
      constrain(task, 1);
    }
    queue.add(task);
    pump();
    reportBacklog();
  }

  private void reportBacklog() {
    if (awaiting > 0) {
      membership.backlog(awaiting);
    }
  }

  private void enqueueGroup(EverywhereGroup group) {
    for (PendingTask task : group.remaining) {
      tasks++;
      awaiting++;
      task.queued = true;
      armTimeout(task);
    }
    if (closed) {
      for (PendingTask task : group.remaining) {
        dequeued(task);
        resolve(task, TaskOutcome.CONNECTION_RESET);
      }
      return;
    }
    queue.add(group);
    queuedGroups.add(group);
    pump();
    reportBacklog();
  }

  private void armTimeout(PendingTask task) {
    if (task.timeout != null) {
      task.timer = loop.schedule(() -> {
        if (task.future.complete(TaskOutcome.TIMED_OUT)) {
          cancel(task);
        }
      }, task.timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /** Moves queue heads to daemons while both exist. */
  private void pump() {
    if (constrained > 0) {
      pumpMatching();
      return;
    }
    while (!queue.isEmpty()) {
      Object head = queue.peek();
      if (head instanceof PendingTask task && !task.queued) {
        queue.poll(); // canceled while queued
        continue;
      }
      DaemonLink link = pick(head instanceof EverywhereGroup g ? g : null, null);
      if (link == null) {
        return;
      }
      PendingTask task;
      if (head instanceof EverywhereGroup group) {
        task = takeCopy(group, link);
        if (group.remaining.isEmpty()) {
          queue.poll();
        }
      } else {
        task = (PendingTask) queue.poll();
      }
      dispatch(link, task);
    }
  }

  /**
   * {@link #pump()} while some queued task requires labels: each daemon takes the first entry
   * it can run, passing over labeled tasks it cannot (see the class comment for the cost).
   */
  private void pumpMatching() {
    if (fifo) {
      boolean progress = true;
      while (progress && !idle.isEmpty() && !queue.isEmpty()) {
        progress = false;
        for (Iterator<DaemonLink> it = idle.iterator(); it.hasNext() && !queue.isEmpty(); ) {
          DaemonLink link = it.next();
          PendingTask task = takeFor(link);
          if (task != null) {
            it.remove();
            link.idle = false;
            dispatch(link, task);
            progress = true;
          }
        }
      }
      return;
    }
    for (Iterator<Object> it = queue.iterator(); it.hasNext(); ) {
      Object entry = it.next();
      if (entry instanceof EverywhereGroup group) {
        DaemonLink link;
        while (!group.remaining.isEmpty() && (link = pick(group, null)) != null) {
          dispatch(link, takeCopy(group, link));
        }
        if (!group.remaining.isEmpty()) {
          return; // a barrier: what is behind it waits
        }
        it.remove();
        continue;
      }
      PendingTask task = (PendingTask) entry;
      if (!task.queued) {
        it.remove(); // canceled while queued
        continue;
      }
      DaemonLink link = pick(null, task);
      if (link == null) {
        if (task.requires.isEmpty()) {
          return; // no daemon takes any task now (none connected, or every channel full)
        }
        continue; // no daemon with its labels takes it now: look behind it
      }
      it.remove();
      dispatch(link, task);
    }
  }

  /**
   * Removes and returns the first queued task {@code link} can run, or null: it passes over
   * labeled tasks it cannot run, and stops at an everywhere() group it has served (a barrier).
   */
  private PendingTask takeFor(DaemonLink link) {
    for (Iterator<Object> it = queue.iterator(); it.hasNext(); ) {
      Object entry = it.next();
      if (entry instanceof EverywhereGroup group) {
        if (link.servedGroups.contains(group)) {
          return null;
        }
        PendingTask copy = takeCopy(group, link);
        if (group.remaining.isEmpty()) {
          it.remove();
        }
        return copy;
      }
      PendingTask task = (PendingTask) entry;
      if (!task.queued) {
        it.remove(); // canceled while queued
      } else if (task.runsOn(link)) {
        it.remove();
        return task;
      }
    }
    return null;
  }

  /** Takes a group's next copy for {@code link}; the caller drops an emptied group's entry. */
  private PendingTask takeCopy(EverywhereGroup group, DaemonLink link) {
    PendingTask task = group.remaining.poll();
    link.servedGroups.add(group);
    group.servedBy.add(link);
    if (group.remaining.isEmpty()) {
      queuedGroups.remove(group);
    }
    return task;
  }

  /** Queued tasks whose labels no connected daemon holds (O(queue), only while some have labels). */
  private long waitingForLabels() {
    if (constrained == 0) {
      return 0;
    }
    long waiting = 0;
    for (Object entry : queue) {
      if (entry instanceof PendingTask task && task.queued && !task.requires.isEmpty()) {
        boolean held = false;
        for (DaemonLink link : links) {
          held |= !link.retiring && task.runsOn(link);
        }
        if (!held) {
          waiting++;
        }
      }
    }
    return waiting;
  }

  /**
   * A daemon that may take the head now, or null: one that has not served {@code group}, or
   * (without the dispatcher) one that holds {@code task}'s labels.
   */
  private DaemonLink pick(EverywhereGroup group, PendingTask task) {
    if (fifo) {
      for (Iterator<DaemonLink> it = idle.iterator(); it.hasNext(); ) {
        DaemonLink link = it.next();
        if (group == null || !link.servedGroups.contains(group)) {
          it.remove();
          link.idle = false;
          return link;
        }
      }
      return null;
    }
    int n = links.size();
    for (int i = 0; i < n; i++) {
      DaemonLink link = links.get((roundRobin + i) % n);
      // A full channel keeps the task here: the host queue, not Netty's buffer, holds the backlog.
      if (!link.channel().isWritable() || stuck.contains(link) || settingUp.containsKey(link)) {
        continue;
      }
      if ((group == null || !link.servedGroups.contains(group))
          && (task == null || task.runsOn(link))) {
        roundRobin = (roundRobin + i + 1) % n;
        return link;
      }
    }
    return null;
  }

  private void dispatch(DaemonLink link, PendingTask task) {
    dequeued(task);
    executing++;
    task.link = link;
    task.attempts++;
    task.onDaemon = true;
    link.inFlight.put(task.id, task);
    link.send(FrameType.TASK, task.id, task.frame, task.length);
    if (link.inFlight.size() == 1 && !suspects.containsKey(link)) {
      // Sent to an idle daemon: it starts the task as it reads it.
      task.knownRunning = true;
      started(task);
    }
    Suspicion suspicion = suspects.get(link);
    if (suspicion != null) {
      watch(link, suspicion); // queued behind a task that may ignore its cancel
    }
  }

  /**
   * The task is its daemon's running one: it cannot be sent again unless it has retries, so its
   * bytes go (Netty holds its own reference until they are written).
   */
  private static void started(PendingTask task) {
    if (task.retries == 0) {
      task.frame = null;
    }
  }

  private static PendingTask running(DaemonLink link) {
    Iterator<Object> it = link.inFlight.values().iterator();
    return it.hasNext() ? (PendingTask) it.next() : null;
  }

  private void dequeued(PendingTask task) {
    task.queued = false;
    if (!task.requires.isEmpty()) {
      constrain(task, -1);
    }
    awaiting--;
    releaseMemory(task);
  }

  /** Gives a task's bytes back to the memory gate, once. */
  private void releaseMemory(PendingTask task) {
    memory.release(task.memoryBytes);
    task.memoryBytes = 0;
  }

  private void cancel(PendingTask task) {
    if (task.queued) {
      if (task.group != null) {
        task.group.remaining.remove(task);
        if (task.group.remaining.isEmpty()) {
          queue.remove(task.group);
          queuedGroups.remove(task.group);
        }
      } else {
        task.frame = null; // never sent now: let its bytes go before its entry leaves the queue
      }
      // A plain task stays in the queue, marked no longer queued, and pump() drops it when it
      // reaches the head: removing it here would cost O(queue) per cancel, O(n²) for a STOP.
      dequeued(task);
      completed++;
      cancelTimer(task);
      pump();
    } else if (task.link != null && task.link.inFlight.containsKey(task.id)) {
      // The cancel names the task: a late one can never stop the daemon's next task.
      DaemonLink link = task.link;
      link.send(FrameType.CANCEL, task.id);
      // Only a task the daemon may be running now can keep it busy: one queued behind an
      // unfinished task is dropped by the daemon when it reads the cancel.
      boolean mayRun = true;
      for (Object o : link.inFlight.values()) {
        if (o == task) {
          break;
        }
        if (!((PendingTask) o).future.isDone()) {
          mayRun = false;
          break;
        }
      }
      if (!task.knownRunning) {
        // Maybe still queued on the daemon, which then drops it without a result; maybe just
        // started (the host cannot tell): either way it is done here, and a RESULT for it later
        // is ignored.
        link.inFlight.remove(task.id);
        executing--;
        completed++;
      } // a running one stays in flight until its RESULT says the daemon is free
      if (mayRun) {
        watch(link, suspects.computeIfAbsent(link, l -> new Suspicion(task.id)));
      }
      if (fifo && !link.idle && !link.retiring && !stuck.contains(link)
          && onlyResolvedInFlight(link)) {
        // Send the next task now: the daemon queues it behind the interrupted one, which saves
        // a round trip; if the daemon turns out stuck, the task goes to another daemon.
        link.idle = true;
        idle.add(link);
        pump();
      }
    }
    groupProgress(task);
  }

  /**
   * Checks that a daemon sent a cancel answers within the grace. Stuck means: no RESULT at all
   * since the cancel, for the whole grace, while it holds a task it has not answered. One watch
   * per daemon; a daemon with nothing outstanding at the end is watched again when it is next
   * sent a task (its canceled task may have been dropped unanswered, or may still run).
   */
  private void watch(DaemonLink link, Suspicion suspicion) {
    if (suspicion.watching) {
      return;
    }
    suspicion.watching = true;
    loop.schedule(() -> {
      suspicion.watching = false;
      if (suspects.get(link) != suspicion || closed || !link.channel().isActive()
          || link.inFlight.isEmpty() || stuck.contains(link)) {
        return; // it answered, left, or holds nothing yet
      }
      log.warn("{} ignored the cancel of task {} for {} ms", link, suspicion.task,
          cancelGrace.toMillis());
      markStuck(link);
      membership.stuck(link);
    }, cancelGrace.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * No new task for a stuck daemon until it reports its running task done; what it holds
   * behind that task it will now not run (canceled there) and goes back to the queue's head.
   */
  private void markStuck(DaemonLink link) {
    stuck.add(link);
    if (link.idle) {
      link.idle = false;
      idle.remove(link);
    }
    List<PendingTask> back = new ArrayList<>();
    PendingTask running = running(link);
    // The task it is stuck on is still in flight if it was known to run; otherwise it left
    // the books at its cancel and everything in flight waits behind it.
    boolean skip = running != null && running.knownRunning && running.future.isDone();
    for (Iterator<Object> it = link.inFlight.values().iterator(); it.hasNext(); ) {
      PendingTask queued = (PendingTask) it.next();
      if (skip) {
        skip = false;
        continue;
      }
      it.remove();
      executing--;
      link.send(FrameType.CANCEL, queued.id);
      if (queued.future.isDone()) {
        completed++;
      } else {
        queued.attempts--; // never started
        queued.onDaemon = false;
        back.add(queued);
      }
    }
    requeue(back);
    pump();
  }

  private static boolean onlyResolvedInFlight(DaemonLink link) {
    for (Object o : link.inFlight.values()) {
      if (!((PendingTask) o).future.isDone()) {
        return false;
      }
    }
    return true;
  }

  private void resolve(PendingTask task, TaskOutcome outcome) {
    completed++;
    cancelTimer(task);
    task.frame = null; // before completing: whoever the future wakes sees the bytes gone
    task.future.complete(outcome);
    groupProgress(task);
  }

  /** Once an everywhere() group is done, its daemons forget it: servedGroups stays bounded. */
  private static void groupProgress(PendingTask task) {
    EverywhereGroup group = task.group;
    if (group != null && group.done()) {
      for (DaemonLink link : group.servedBy) {
        link.servedGroups.remove(group);
      }
      group.servedBy.clear();
    }
  }

  private static void cancelTimer(PendingTask task) {
    if (task.timer != null) {
      task.timer.cancel(false);
    }
  }

  @Override
  public byte[] welcomeConfig() {
    byte[] stream = daemonStreams.nextState();
    byte[] config = new byte[stream.length + codecBytes.length];
    System.arraycopy(stream, 0, config, 0, stream.length);
    System.arraycopy(codecBytes, 0, config, stream.length, codecBytes.length);
    return config;
  }

  @Override
  public void connected(DaemonLink link) {
    if (closed) {
      link.channel().close();
      return;
    }
    links.add(link);
    joined++;
    link.id = joined;
    log.debug("{} joined", link);
    if (setup != null) {
      // Before anything else: the daemon reads frames in order and runs this first.
      long id = setup.ids().getAsLong();
      settingUp.put(link, id);
      link.send(FrameType.TASK, id, setup.frame(), setup.length());
    } else if (fifo) {
      link.idle = true;
      idle.add(link);
    }
    connectionsChanged.accept(links.size());
    membership.joined(link);
    pump();
  }

  @Override
  public void frame(DaemonLink link, HostFrame frame) {
    if (frame.type() == FrameType.CLASS_REQUEST) {
      classes.answer(link, frame.id(), frame.payload());
      return;
    }
    if (frame.type() == FrameType.BYE) {
      link.retiring = true;
      retire(link);
      link.send(FrameType.ACK, 0);
      pump();
      return;
    }
    boolean last = frame.type() == FrameType.LAST_RESULT;
    if (frame.type() != FrameType.RESULT && !last) {
      log.warn("{} sent an unexpected {} frame, closing it", link, frame.type());
      link.channel().close();
      return;
    }
    if (frame.payload().length == 0) {
      log.warn("{} sent an empty result, closing it", link);
      link.channel().close();
      return;
    }
    Long setupId = settingUp.get(link);
    if (setupId != null && setupId == frame.id()) {
      setupDone(link, frame.id(), frame.payload(), last);
      return;
    }
    // It answers in order, past any task canceled before, except for the tasks a cancel drops
    // from its queue, which it answers at once: those have left the books here already, so only
    // an answer for a task still in flight, or for the one canceled, says it has moved on.
    Suspicion suspicion = suspects.get(link);
    if (suspicion == null || suspicion.task == frame.id()
        || link.inFlight.containsKey(frame.id())) {
      suspects.remove(link);
      if (stuck.remove(link)) {
        log.info("{} finished the task it was stuck on and takes tasks again", link);
      }
    }
    PendingTask task = (PendingTask) link.inFlight.remove(frame.id());
    if (task != null) {
      executing--;
      link.tasksServed++;
      if (!task.future.isDone()) {
        task.servedBy = link.info(true); // before the future completes: its readers see it
      }
      resolve(task, new TaskOutcome(frame.payload(), null));
      PendingTask next = last ? null : running(link);
      if (next != null) {
        started(next); // a retiring daemon runs nothing more: what it holds goes back, bytes and all
      }
    }
    if (last) {
      // Take the daemon out of scheduling, give back what it will not run, then let it exit.
      link.retiring = true;
      retire(link);
      link.send(FrameType.ACK, frame.id());
    } else if (fifo && !link.idle && !stuck.contains(link) && onlyResolvedInFlight(link)) {
      link.idle = true;
      idle.add(link);
    }
    pump();
  }

  /** The setup task's RESULT: the daemon takes tasks from now on, or is sent away. */
  private void setupDone(DaemonLink link, long id, byte[] result, boolean last) {
    settingUp.remove(link);
    if (result[0] != Payloads.RESULT_VALUE) {
      setupFailed++;
      link.retiring = true;
      retire(link);
      membership.setupFailed(link, result);
      link.send(FrameType.EXIT, 0);
    } else if (last) {
      link.retiring = true; // maxtasks reached by the setup itself
      retire(link);
      link.send(FrameType.ACK, id);
    } else if (fifo) {
      link.idle = true;
      idle.add(link);
    }
    pump();
  }

  private void retire(DaemonLink link) {
    settingUp.remove(link);
    if (links.remove(link)) {
      connectionsChanged.accept(links.size());
      log.debug("{} leaves on purpose", link);
      membership.left(link, true);
    }
    idle.remove(link);
    stuck.remove(link);
    suspects.remove(link);
    requeueNotStarted(link, false);
    resizeGroups();
  }

  /**
   * Puts back, at the queue's head, the tasks a daemon held but did not start; with
   * {@code firstStarted} the first in flight was running and is lost with the daemon: it goes
   * back too while it has retries left, else resolves to CONNECTION_RESET.
   */
  private void requeueNotStarted(DaemonLink link, boolean firstStarted) {
    List<PendingTask> back = new ArrayList<>();
    boolean first = true;
    for (Object o : link.inFlight.values()) {
      PendingTask task = (PendingTask) o;
      executing--;
      if (task.future.isDone()) {
        completed++;
      } else if (first && firstStarted) {
        if (task.attempts <= task.retries) {
          log.debug("task {} lost with {}: sending it again (attempt {} of {})", task.id, link,
              task.attempts + 1, task.retries + 1);
          back.add(task);
        } else {
          resolve(task, task.retries == 0 ? TaskOutcome.CONNECTION_RESET
              : new TaskOutcome(null, ErrorValue.CONNECTION_RESET,
                  "connection reset after " + task.attempts + " attempts"));
        }
      } else if (task.frame == null) {
        resolve(task, TaskOutcome.CONNECTION_RESET); // its bytes are gone: it cannot be resent
      } else {
        task.attempts--; // never started
        task.onDaemon = false;
        back.add(task);
      }
      first = false;
    }
    link.inFlight.clear();
    requeue(back);
  }

  /** Puts tasks back at the queue's head, in this order; a group's copies back in their group. */
  private void requeue(List<PendingTask> back) {
    for (int i = back.size() - 1; i >= 0; i--) {
      PendingTask task = back.get(i);
      task.link = null;
      task.queued = true;
      awaiting++;
      if (!task.requires.isEmpty()) {
        constrain(task, 1);
      }
      // Its bytes were given back at dispatch; it re-enters the queue outside the gate.
      EverywhereGroup group = task.group;
      if (group != null) {
        group.remaining.addFirst(task);
        if (queuedGroups.add(group)) {
          queue.addFirst(group);
        }
      } else {
        queue.addFirst(task);
      }
    }
    if (!back.isEmpty()) {
      reportBacklog();
    }
  }

  /**
   * After a daemon left: a queued everywhere() group that waits for more daemons than are
   * connected and have not served it, beyond its {@code min}, would stall the queue until a new
   * daemon connects. It shrinks instead; the copies it drops resolve to CONNECTION_RESET (they
   * were meant for the daemon that left).
   */
  private void resizeGroups() {
    if (queuedGroups.isEmpty()) {
      return;
    }
    for (EverywhereGroup group : new ArrayList<>(queuedGroups)) {
      int eligible = 0;
      int servedConnected = 0;
      for (DaemonLink link : links) {
        if (link.servedGroups.contains(group)) {
          servedConnected++;
        } else if (!link.retiring) {
          eligible++;
        }
      }
      int keep = Math.max(eligible, group.min - servedConnected);
      while (group.remaining.size() > keep) {
        PendingTask surplus = group.remaining.pollLast();
        dequeued(surplus);
        resolve(surplus, new TaskOutcome(null, ErrorValue.CONNECTION_RESET,
            "everywhere(): the daemon this copy was for left before taking it"));
      }
      if (group.remaining.isEmpty()) {
        queuedGroups.remove(group);
        queue.remove(group);
      }
    }
  }

  @Override
  public void disconnected(DaemonLink link) {
    boolean lostNow = !link.retiring && links.remove(link);
    if (lostNow) {
      connectionsChanged.accept(links.size());
    }
    idle.remove(link);
    stuck.remove(link);
    suspects.remove(link);
    settingUp.remove(link);
    requeueNotStarted(link, true);
    if (lostNow && !closed) {
      lost++;
      log.debug("{} lost", link);
      membership.left(link, false);
    }
    resizeGroups();
    pump();
  }

  @Override
  public void writable(DaemonLink link) {
    if (!fifo) {
      pump();
    }
  }

  @Override
  public void rejected(String peer, String reason) {
    rejected.incrementAndGet();
  }
}
