package org.mirai4j.internal.daemon;

import io.opentelemetry.api.trace.SpanContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.mirai4j.AutoExit;
import org.mirai4j.internal.protocol.Frame;
import org.mirai4j.internal.otel.TaskTrace;
import org.mirai4j.internal.protocol.FrameType;
import org.mirai4j.internal.protocol.Payloads;
import org.mirai4j.internal.protocol.ProtocolException;
import org.mirai4j.internal.rng.RandomStreams;
import org.mirai4j.internal.serial.JavaSerializer;
import org.mirai4j.internal.transport.BlockingConnection;

/**
 * One connection's life: read frames, evaluate tasks one at a time, answer, and decide when to
 * exit. Two worker threads take turns holding the read role (see the package docs); the
 * calling thread waits for the exit decision and keeps the idle clock.
 */
final class Session {
  /**
   * The end of a session: an exit code, or -1 when the connection dropped; with the protocol
   * failure that ended it, if one did.
   */
  record Outcome(int exitCode, ProtocolException failure) {
    Outcome(int exitCode) {
      this(exitCode, null);
    }
  }

  /**
   * Bytes of tasks queued behind the running one (direct mode) past which this daemon stops
   * reading until the queue drains: the host's writes then wait in its own queue, and a
   * cancel of the running task is read once the queue is below the bound again.
   */
  static final long PENDING_LIMIT_BYTES = 64L << 20;
  /** Intervals of silence from the host after which it counts as gone. */
  static final int MISSED_HEARTBEATS = 3;
  private static final byte[] INTERRUPTED = {Payloads.RESULT_INTERRUPT};

  private final DaemonRunner runner;
  private final BlockingConnection connection;
  private final JavaSerializer serializer;
  private final RandomGenerator daemonRandom;
  private final Cleanup cleanup;
  private final Evaluator evaluator;
  private final ClassShipping shipping;
  private ShippedClassLoader loader;
  private final Semaphore readRole = new Semaphore(1);
  private final long idleNanos;
  private final long wallNanos;
  private final long heartbeatNanos;
  /** When {@link #serve} began: the host's silence is counted from then at the earliest. */
  private volatile long servingSince;
  /** The connection's "daemon connect" span, which evaluation spans link to; null untraced. */
  private final SpanContext connectSpan;

  // Guarded by this.
  private final ArrayDeque<Frame> pending = new ArrayDeque<>();
  private long pendingBytes;
  private ProtocolException failure;
  private boolean evaluating;
  private long currentId;
  private Thread evalThread;
  private boolean canceled;
  private boolean disconnected;
  private boolean stopping;
  private boolean acked;
  private int byeCode = -1;
  private Outcome outcome;
  private long idleSince = System.nanoTime();

  Session(DaemonRunner runner, BlockingConnection connection, DaemonRunner.Welcome welcome,
      SpanContext connectSpan) {
    this.connectSpan = connectSpan;
    this.runner = runner;
    this.connection = connection;
    this.serializer = welcome.serializer();
    this.daemonRandom = welcome.random();
    this.cleanup = new Cleanup(runner.globals(), runner.processWide());
    this.evaluator = new Evaluator(serializer, runner.globals());
    this.shipping = new ClassShipping(connection, runner.classCache());
    this.loader = new ShippedClassLoader(shipping);
    Duration idle = runner.options().idleTime();
    this.idleNanos = idle == null ? Long.MAX_VALUE : idle.toNanos();
    Duration wall = runner.options().wallTime();
    this.wallNanos = wall == null ? Long.MAX_VALUE : wall.toNanos();
    this.heartbeatNanos = TimeUnit.MILLISECONDS.toNanos(welcome.heartbeatMillis());
  }

  Outcome serve() throws InterruptedException {
    servingSince = System.nanoTime();
    cleanup.snapshot();
    String name = "mirai4j-daemon-" + ProcessHandle.current().pid();
    Thread a = new Thread(this::work, name + "-a");
    Thread b = new Thread(this::work, name + "-b");
    a.setDaemon(true);
    b.setDaemon(true);
    a.start();
    b.start();
    ScheduledFuture<?> heartbeat = heartbeatNanos == 0 ? null
        : DaemonRunner.TIMERS.scheduleAtFixedRate(
            this::beat, heartbeatNanos, heartbeatNanos, TimeUnit.NANOSECONDS);
    Outcome result;
    try {
      result = awaitOutcome();
    } finally {
      if (heartbeat != null) {
        heartbeat.cancel(false);
      }
      connection.close();
    }
    return result;
  }

  /** One heartbeat, unless a write is under way (it shows the host the same). */
  private void beat() {
    try {
      connection.tryWrite(FrameType.HEARTBEAT);
    } catch (IOException e) {
      markDisconnected();
    }
  }

  private synchronized Outcome awaitOutcome() throws InterruptedException {
    while (outcome == null) {
      if (byeCode >= 0) {
        if (acked || disconnected) {
          outcome = new Outcome(byeCode);
          break;
        }
        wait();
        continue;
      }
      if (disconnected && !stopping) {
        AutoExit autoExit = runner.options().autoExit();
        if (autoExit == AutoExit.IMMEDIATE || !evaluating) {
          // IMMEDIATE abandons the task in progress (the process exits after a short grace).
          outcome = new Outcome(autoExit == AutoExit.NEVER ? -1 : DaemonRunner.EXIT_NORMAL,
              failure);
          break;
        }
      }
      long wait = Long.MAX_VALUE;
      if (heartbeatNanos != 0 && !disconnected) {
        // A host frozen or cut off sends no FIN: its silence is the only sign.
        long now = System.nanoTime();
        // Counted from when this session began to read at the earliest: before, in the
        // handshake, the host's heartbeats waited unread (decoding codecs can take seconds).
        long lastRead = connection.lastReadNanos();
        if (lastRead - servingSince < 0) {
          lastRead = servingSince;
        }
        long silentUntil = lastRead + MISSED_HEARTBEATS * heartbeatNanos;
        if (now - silentUntil >= 0) {
          markDisconnected();
          connection.close();
          continue;
        }
        wait = silentUntil - now;
      }
      if (!evaluating && pending.isEmpty() && !stopping) {
        // As R's daemon: the wait for a task times out after min(idletime, walltime), and a
        // timed-out wait exits with 1 whichever of the two it was (the seed's xc <- 1L); code 2
        // is for a task that arrives past walltime, run as the marked last one.
        long timeout = Math.min(idleNanos, wallNanos);
        if (timeout != Long.MAX_VALUE) {
          long now = System.nanoTime();
          long deadline = idleSince + timeout;
          if (now - deadline >= 0) {
            leaveIdle(DaemonRunner.EXIT_IDLETIME);
            continue;
          }
          wait = Math.min(wait, deadline - now);
        }
      }
      if (wait == Long.MAX_VALUE) {
        wait();
      } else {
        wait(Math.max(1, wait / 1_000_000));
      }
    }
    if (evaluating && outcome.exitCode() != DaemonRunner.EXIT_MAXTASKS
        && outcome.exitCode() != DaemonRunner.EXIT_WALLTIME) {
      evalThread.interrupt();
    }
    return outcome;
  }

  /** Says BYE so the host stops sending and requeues what it sent meanwhile; exit on its ACK. */
  private void leaveIdle(int code) {
    stopping = true;
    byeCode = code;
    try {
      connection.write(FrameType.BYE, 0, new byte[] {(byte) code});
    } catch (IOException e) {
      disconnected = true;
    }
  }

  private synchronized void markDisconnected() {
    disconnected = true;
    dropPending(); // wakes the waiters too
  }

  /** Tasks queued behind the running one have no one waiting for them once the host is gone. */
  private void dropPending() {
    pending.clear();
    pendingBytes = 0;
    notifyAll();
  }

  private synchronized void finish(Outcome o) {
    if (outcome == null) {
      outcome = o;
    }
    notifyAll();
  }

  /** A worker: take the read role, read, and act; evaluate tasks when they come. */
  private void work() {
    while (true) {
      try {
        readRole.acquire();
      } catch (InterruptedException e) {
        return;
      }
      synchronized (this) {
        if (outcome != null || disconnected) {
          readRole.release();
          return;
        }
      }
      Frame frame;
      try {
        frame = connection.read();
      } catch (IOException e) {
        if (e instanceof ProtocolException protocol) {
          synchronized (this) {
            failure = protocol;
          }
        }
        markDisconnected();
        // A task waiting for class bytes would otherwise wait out the fetch timeout.
        shipping.failAll("the connection to the host ended");
        readRole.release();
        return;
      }
      switch (frame.type()) {
        case TASK -> {
          if (!wellFormedTask(frame.payload())) {
            protocolFailure(new ProtocolException(
                "malformed TASK frame of " + frame.payload().length + " bytes from the host"));
            readRole.release();
            return;
          }
          synchronized (this) {
            if (evaluating || stopping) {
              pending.add(frame);
              pendingBytes += frame.payload().length;
              awaitPendingRoom();
              readRole.release();
              continue;
            }
            startTask(frame.id());
          }
          readRole.release();
          evaluateAll(frame);
        }
        case CANCEL -> {
          boolean dropped = false;
          synchronized (this) {
            if (evaluating && currentId == frame.id()) {
              canceled = true;
              evalThread.interrupt();
            } else {
              // Late cancels are ignored; a queued task is dropped (direct mode).
              dropped = pending.removeIf(f -> {
                if (f.id() != frame.id()) {
                  return false;
                }
                pendingBytes -= f.payload().length;
                return true;
              });
            }
          }
          if (dropped) {
            // Answered like an interrupted task, so the host never waits for its result.
            try {
              connection.write(FrameType.RESULT, frame.id(), INTERRUPTED);
            } catch (IOException e) {
              markDisconnected();
            }
          }
          readRole.release();
        }
        case CLASS_DATA -> {
          shipping.answer(frame.id(), frame.payload());
          readRole.release();
        }
        case HEARTBEAT -> readRole.release(); // its arrival is all it says
        case ACK -> {
          synchronized (this) {
            acked = true;
            notifyAll();
          }
          readRole.release();
        }
        case EXIT -> {
          finish(new Outcome(DaemonRunner.EXIT_NORMAL));
          readRole.release();
          return;
        }
        default -> {
          // Anything else from an authenticated host is a bug on its side: end this connection.
          protocolFailure(new ProtocolException("unexpected " + frame.type() + " frame from the host"));
          readRole.release();
          return;
        }
      }
    }
  }

  private void startTask(long id) {
    evaluating = true;
    currentId = id;
    canceled = false;
    evalThread = Thread.currentThread();
    // No notify: the waiting thread rechecks at its deadline and then waits for the idle signal.
  }

  /** Evaluates a task, then any that queued meanwhile, on this thread. */
  private void evaluateAll(Frame first) {
    Frame task = first;
    while (task != null) {
      long arrived = runner.taskArrived();
      boolean last =
          arrived >= runner.options().maxTasks()
              || System.nanoTime() - runner.deadlineNanos() >= 0;
      ByteBuffer payload = task.buffer();
      byte flags = payload.get();
      RandomGenerator random = daemonRandom;
      if ((flags & Payloads.TASK_STREAM) != 0) {
        byte[] state = new byte[RandomStreams.STATE_BYTES];
        payload.get(state);
        random = RandomStreams.generator(state);
      }
      int end = task.payload().length;
      SpanContext remote = null;
      if ((flags & Payloads.TASK_TRACE) != 0) {
        end = TaskTrace.taskEnd(task.payload(), payload.position()); // checked on arrival
        remote = TaskTrace.decode(task.payload(), end);
      }
      Evaluator.Result result = evaluator.evaluate(task.payload(), payload.position(), end,
          random, this::wasCanceled, loader, remote, connectSpan);
      synchronized (this) {
        // Past this point a cancel cannot interrupt: clear any that landed meanwhile.
        evaluating = false;
        evalThread = null;
        Thread.interrupted();
        if (last) {
          stopping = true;
        }
      }
      try {
        connection.write(
            last ? FrameType.LAST_RESULT : FrameType.RESULT, task.id(), result.bytes(), result.length());
      } catch (IOException e) {
        markDisconnected();
      }
      if (last) {
        awaitAckThenExit(arrived >= runner.options().maxTasks()
            ? DaemonRunner.EXIT_MAXTASKS : DaemonRunner.EXIT_WALLTIME);
        return;
      }
      if ((flags & Payloads.TASK_EVERYWHERE) != 0) {
        cleanup.snapshot();
      } else if (runner.options().cleanup()) {
        cleanup.restore();
        if (loader.definedAny()) {
          // Drop the classes the task brought; their bytes stay cached by content hash.
          loader = new ShippedClassLoader(shipping);
        }
      }
      synchronized (this) {
        task = disconnected ? null : pending.poll();
        if (task != null) {
          pendingBytes -= task.payload().length;
          if (pendingBytes <= PENDING_LIMIT_BYTES) {
            notifyAll(); // a reader may wait for room
          }
          startTask(task.id());
        } else {
          idleSince = System.nanoTime();
          // Wake the waiting thread only when it has a clock to restart or a pending exit: a
          // wake-up per task costs two context switches on a small machine.
          if (idleNanos != Long.MAX_VALUE || wallNanos != Long.MAX_VALUE || disconnected) {
            notifyAll();
          }
        }
      }
    }
  }

  /**
   * A TASK payload holds its flags, the stream state when they say so, and a trace context that
   * fits when they say so.
   */
  private static boolean wellFormedTask(byte[] payload) {
    if (payload.length < 1) {
      return false;
    }
    int start = (payload[0] & Payloads.TASK_STREAM) == 0 ? 1 : 1 + RandomStreams.STATE_BYTES;
    if (payload.length < start) {
      return false;
    }
    return (payload[0] & Payloads.TASK_TRACE) == 0 || TaskTrace.taskEnd(payload, start) >= 0;
  }

  /** The host broke the protocol: end the connection, and say why when the daemon exits. */
  private void protocolFailure(ProtocolException e) {
    synchronized (this) {
      failure = e;
    }
    markDisconnected();
    connection.close();
  }

  /** Holding the read role, waits while the queue of tasks is over its bound. */
  private void awaitPendingRoom() {
    while (pendingBytes > PENDING_LIMIT_BYTES && !disconnected && outcome == null) {
      try {
        wait();
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private synchronized boolean wasCanceled() {
    return canceled;
  }

  /** The marked last result is out; exit once the host acknowledges it (or goes away). */
  private void awaitAckThenExit(int code) {
    synchronized (this) {
      while (!acked && !disconnected && outcome == null) {
        try {
          wait();
        } catch (InterruptedException e) {
          break;
        }
      }
      finish(new Outcome(code));
    }
  }

}
