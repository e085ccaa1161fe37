package org.mirai4j.internal.dispatch;

import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.mirai4j.Info;
import org.mirai4j.internal.protocol.FrameType;
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
 * daemon is connected.
 */
public final class Scheduler implements LinkEvents {
  private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

  private final boolean fifo;
  private final EventLoop loop;
  private final MemoryGate memory;
  private final RandomStreams daemonStreams = RandomStreams.unseeded();
  private final byte[] codecBytes;
  private final IntConsumer connectionsChanged;
  private final java.util.function.Consumer<DaemonLink> stuck;
  private final ClassServer classes;

  /** How long a canceled task may ignore its interrupt before its daemon counts as stuck. */
  public static final java.time.Duration CANCEL_GRACE = java.time.Duration.ofSeconds(3);

  private final ArrayDeque<Object> queue = new ArrayDeque<>();
  private final ArrayDeque<DaemonLink> idle = new ArrayDeque<>();
  private final List<DaemonLink> links = new ArrayList<>();
  private int roundRobin;
  private boolean closed;

  private int cumulative;
  private int awaiting;
  private int executing;
  private int completed;
  private final AtomicLong rejected = new AtomicLong();

  /**
   * @param fifo dispatcher on
   * @param loop the event loop all of this runs on
   * @param memory the gate of queued bytes
   * @param codecBytes the serialization config for each daemon's WELCOME (custom codecs,
   *     deserialization filter)
   * @param connectionsChanged told the new count whenever it changes (on the loop)
   * @param stuck told of a daemon still running a task {@link #CANCEL_GRACE} after its cancel
   * @param classes answers the daemons' class requests
   */
  public Scheduler(boolean fifo, EventLoop loop, MemoryGate memory, byte[] codecBytes,
      IntConsumer connectionsChanged, java.util.function.Consumer<DaemonLink> stuck,
      ClassServer classes) {
    this.stuck = stuck;
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

  /** Submits everywhere() tasks: one per distinct daemon, and a sync point. */
  public void submitEverywhere(List<PendingTask> tasks) {
    loop.execute(() -> enqueueGroup(new EverywhereGroup(tasks)));
  }

  /** The task's future was completed from outside (cancel, timeout): stop its work. */
  public void canceled(PendingTask task) {
    if (loop.inEventLoop()) {
      cancel(task);
    } else {
      loop.execute(() -> cancel(task));
    }
  }

  /** A consistent snapshot of the counters. */
  public Info info() {
    return onLoop(() -> fifo
        ? new Info(links.size(), cumulative, awaiting, executing, completed)
        : new Info(links.size(), null, null, null, null));
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
    cumulative++;
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
    queue.add(task);
    pump();
  }

  private void enqueueGroup(EverywhereGroup group) {
    for (PendingTask task : group.remaining) {
      cumulative++;
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
    pump();
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
    while (!queue.isEmpty()) {
      Object head = queue.peek();
      if (head instanceof PendingTask task && !task.queued) {
        queue.poll(); // canceled while queued
        continue;
      }
      DaemonLink link = pick(head instanceof EverywhereGroup g ? g : null);
      if (link == null) {
        return;
      }
      PendingTask task;
      if (head instanceof EverywhereGroup group) {
        task = group.remaining.poll();
        link.servedGroups.add(group);
        if (group.remaining.isEmpty()) {
          queue.poll();
        }
      } else {
        task = (PendingTask) queue.poll();
      }
      dispatch(link, task);
    }
  }

  /** A daemon that may take the head now, or null. */
  private DaemonLink pick(EverywhereGroup group) {
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
      if (group == null || !link.servedGroups.contains(group)) {
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
    link.inFlight.put(task.id, task);
    link.send(FrameType.TASK, task.id, task.frame, task.length);
  }

  private void dequeued(PendingTask task) {
    task.queued = false;
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
      loop.schedule(() -> {
        if (link.inFlight.containsKey(task.id) && link.channel().isActive()) {
          log.warn("{} ignored the cancel of task {} for {} s", link, task.id,
              CANCEL_GRACE.toSeconds());
          stuck.accept(link);
        }
      }, CANCEL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      if (!fifo) {
        task.link.inFlight.remove(task.id);
        executing--;
        completed++;
      } else if (!link.idle && !link.retiring && onlyResolvedInFlight(link)) {
        // Send the next task now: the daemon queues it behind the interrupted one, which saves
        // a round trip; if the daemon turns out stuck, the task is requeued when it is replaced.
        link.idle = true;
        idle.add(link);
        pump();
      }
    }
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
    task.future.complete(outcome);
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
    if (fifo) {
      link.idle = true;
      idle.add(link);
    }
    connectionsChanged.accept(links.size());
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
    PendingTask task = (PendingTask) link.inFlight.remove(frame.id());
    if (task != null) {
      executing--;
      resolve(task, new TaskOutcome(frame.payload(), null));
    }
    if (last) {
      // Take the daemon out of scheduling, give back what it will not run, then let it exit.
      link.retiring = true;
      retire(link);
      link.send(FrameType.ACK, frame.id());
    } else if (fifo && !link.idle && onlyResolvedInFlight(link)) {
      link.idle = true;
      idle.add(link);
    }
    pump();
  }

  private void retire(DaemonLink link) {
    if (links.remove(link)) {
      connectionsChanged.accept(links.size());
    }
    idle.remove(link);
    requeueNotStarted(link, false);
  }

  /**
   * Puts back, at the queue's head, the tasks a daemon held but did not start; with
   * {@code firstStarted} the first in flight was running and is lost with the daemon.
   */
  private void requeueNotStarted(DaemonLink link, boolean firstStarted) {
    List<PendingTask> back = new ArrayList<>();
    boolean first = true;
    for (Map.Entry<Long, Object> e : link.inFlight.entrySet()) {
      PendingTask task = (PendingTask) e.getValue();
      executing--;
      if (first && firstStarted) {
        resolve(task, TaskOutcome.CONNECTION_RESET);
      } else if (task.future.isDone()) {
        completed++;
      } else {
        back.add(task);
      }
      first = false;
    }
    link.inFlight.clear();
    for (int i = back.size() - 1; i >= 0; i--) {
      PendingTask task = back.get(i);
      task.link = null;
      task.queued = true;
      awaiting++;
      // Its bytes were given back at dispatch; it re-enters the queue outside the gate.
      queue.addFirst(task);
    }
  }

  @Override
  public void disconnected(DaemonLink link) {
    if (!link.retiring && links.remove(link)) {
      connectionsChanged.accept(links.size());
    }
    idle.remove(link);
    requeueNotStarted(link, true);
    pump();
  }

  @Override
  public void rejected(String peer, String reason) {
    rejected.incrementAndGet();
  }
}
