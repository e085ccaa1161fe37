package org.mirai4j.internal.host;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.mirai4j.AutoExit;
import org.mirai4j.DaemonOptions;
import org.mirai4j.internal.transport.DaemonLink;

/**
 * The daemon processes a profile started on this machine, each with its stderr log in the
 * profile's work directory. Apart from {@link Profile} because processes are what the host
 * itself must reap, kill when stuck and explain when they die before connecting, none of
 * which concerns daemons that dial in from elsewhere; {@link Supervisor} decides relaunches.
 */
final class LocalDaemons {
  private final boolean ephemeral;
  private final boolean relaunch;
  private final Path workDir;
  private final Supervisor supervisor;
  /** Wakes whoever waits for connections, so a daemon that died is noticed at once. */
  private final Runnable exited;
  // Guarded by processes; errorLogs.get(i) is the log of processes.get(i).
  private final List<Process> processes = new ArrayList<>();
  private final List<File> errorLogs = new ArrayList<>();
  /** What each process does when the host goes: decides whether {@link #reap} waits for it. */
  private final Map<Process, AutoExit> autoExits = new HashMap<>();
  private volatile boolean started;
  private volatile boolean closed;
  /** The command local daemons start with, before "URL OPTIONS"; null for the usual one. */
  private volatile List<String> daemonCommand;

  LocalDaemons(ProfileConfig config, Path workDir, Supervisor supervisor, Runnable exited) {
    this.ephemeral = config.ephemeral();
    // autoscaled daemons come and go like relaunched ones: forget each once done
    this.relaunch = config.relaunch() || config.autoscale() != null;
    this.workDir = workDir;
    this.supervisor = supervisor;
    this.exited = exited;
  }

  /** The profile has started: from now on relaunched daemons are forgotten once done. */
  void started() {
    started = true;
  }

  /** The profile is closing: exits are no longer reported, stuck daemons no longer replaced. */
  void closing() {
    closed = true;
  }

  /**
   * Starts {@code n} daemons with {@code args} (URL and options); returns the commands run.
   *
   * @param secret handed over in the environment, never on the command line
   * @param options the options in {@code args}, for a relaunch in place of one of these
   */
  List<String> start(int n, List<String> args, String secret, DaemonOptions options) {
    List<String> commands = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      startOne(args, secret, options);
      List<String> command = new ArrayList<>(LocalLauncher.daemonCommand());
      command.addAll(args);
      commands.add(String.join(" ", command));
    }
    return commands;
  }

  /** Starts one daemon as {@link #start} does; returns its process. */
  Process startOne(List<String> args, String secret, DaemonOptions options) {
    boolean output = options.output();
    try {
      File errorLog = workDir.resolve("daemon-" + System.nanoTime() + ".err").toFile();
      if (!ephemeral) {
        errorLog.deleteOnExit();
      }
      List<String> override = daemonCommand;
      Process process = override == null
          ? LocalLauncher.start(args, secret, output, errorLog)
          : LocalLauncher.start(override, args, secret, output, errorLog);
      long startedAt = System.nanoTime();
      // Listed before its exit can be handled, so that exit always finds it to forget.
      synchronized (processes) {
        processes.add(process);
        errorLogs.add(errorLog);
        autoExits.put(process, options.autoExit());
      }
      process.onExit().thenRun(() -> {
        if (!ephemeral && !closed) {
          supervisor.localExited(process, System.nanoTime() - startedAt, options);
        }
        if (ephemeral || (relaunch && started)) {
          // One daemon per mirai for the life of the JVM, or relaunched ones: forget each once
          // it is done, so the list stays bounded.
          synchronized (processes) {
            int index = processes.indexOf(process);
            if (index >= 0) {
              processes.remove(index);
              errorLogs.remove(index).delete();
              autoExits.remove(process);
            }
          }
        }
        exited.run();
      });
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a local daemon: " + e.getMessage(), e);
    }
  }

  /**
   * Fails when too few daemons are left to reach {@code n} connections: with {@code connected}
   * now, those still alive cannot make up the rest.
   *
   * @throws IllegalStateException naming the exit code and the stderr of a daemon that exited
   */
  void checkAlive(int connected, int n, String url) {
    synchronized (processes) {
      int alive = 0;
      Process dead = null;
      File deadLog = null;
      for (int i = 0; i < processes.size(); i++) {
        if (processes.get(i).isAlive()) {
          alive++;
        } else if (dead == null) {
          dead = processes.get(i);
          deadLog = errorLogs.get(i);
        }
      }
      if (!processes.isEmpty() && connected + alive < n && dead != null) {
        String stderr = "";
        try {
          stderr = Files.readString(deadLog.toPath(), StandardCharsets.UTF_8).trim();
        } catch (IOException ignored) {
          // no log: say what we know
        }
        throw new IllegalStateException("a local daemon exited ("
            + org.mirai4j.ExitReason.describe(dead.exitValue()) + ") before connecting to " + url + (stderr.isEmpty() ? "" : ": " + stderr));
      }
    }
  }

  /**
   * A task ignored its cancel: a JVM thread cannot be stopped, but a daemon can. A local daemon
   * is killed and replaced (on the launcher thread, never the event loop); a remote one gets no
   * new task until it reports the canceled one done (the dispatcher sees to that).
   */
  void replaceStuck(DaemonLink link) {
    Process stuck = null;
    synchronized (processes) {
      for (Process p : processes) {
        if (p.pid() == link.pid() && p.isAlive()) {
          stuck = p;
        }
      }
    }
    if (stuck != null && !closed) {
      Process kill = stuck;
      supervisor.replacing(kill.pid());
      supervisor.execute(kill::destroyForcibly);
    }
  }

  boolean isLocalPid(long pid) {
    synchronized (processes) {
      for (Process p : processes) {
        if (p.pid() == pid) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Waits up to 5 s in all for daemons that exit on disconnection, then kills the rest; those
   * meant to outlive the profile are left alone.
   */
  void reap(boolean exitDaemons) {
    List<Process> all = new ArrayList<>();
    synchronized (processes) {
      for (Process p : processes) {
        AutoExit autoExit = autoExits.get(p);
        if (autoExit == AutoExit.AFTER_TASK || (autoExit == AutoExit.NEVER && !exitDaemons)) {
          continue; // it lives on by design (its own launch may have said so)
        }
        all.add(p);
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    for (Process p : all) {
      try {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !p.waitFor(left, TimeUnit.NANOSECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
  }

  /** See {@link Profile#daemonCommandForTesting}. */
  void daemonCommandForTesting(List<String> command) {
    this.daemonCommand = command == null ? null : List.copyOf(command);
  }

  List<Process> processes() {
    synchronized (processes) {
      return List.copyOf(processes);
    }
  }
}
