package org.mirai4j;

import java.util.Optional;

/**
 * Why a daemon exited, by its exit code (R: {@code nextcode()}): what {@link Daemon#run} returns
 * and what a daemon process exits with.
 *
 * <pre>{@code
 * ExitReason.of(1);             // IDLETIME
 * ExitReason.describe(1);       // "1 | Daemon idletime limit reached"
 * ExitReason.describe(137);     // "137 | Daemon killed by signal 9"
 * }</pre>
 *
 * Codes 0 to 3 are mirai's; 64, 69 and 76 are the process exit codes of a daemon that never
 * got to serve ({@code sysexits.h}: usage, unavailable, protocol).
 */
public enum ExitReason {
  /** 0: the host said exit, or the connection ended and the daemon's {@link AutoExit} let it go. */
  NORMAL(0, "connection terminated"),
  /** 1: idle for {@link DaemonOptions#idleTime()} (or for its walltime, whichever is shorter). */
  IDLETIME(1, "idletime limit reached"),
  /** 2: {@link DaemonOptions#wallTime()} reached; its last result was delivered first. */
  WALLTIME(2, "walltime limit reached"),
  /** 3: {@link DaemonOptions#maxTasks()} reached; its last result was delivered first. */
  MAXTASKS(3, "task limit reached"),
  /** 64: a bad command line (the process's stderr says what). */
  USAGE(64, "command line not understood"),
  /** 69: the host could not be reached at its URL. */
  UNREACHABLE(69, "could not reach the host"),
  /**
   * 76: the host failed the handshake (another secret or protocol version, not a mirai4j host,
   * no answer in time) or broke the protocol (a frame failing its integrity check).
   */
  PROTOCOL(76, "handshake or protocol failure");

  private final int code;
  private final String description;

  ExitReason(int code, String description) {
    this.code = code;
    this.description = description;
  }

  /** The exit code. */
  public int code() {
    return code;
  }

  /** What the code means, in mirai's words for 0 to 3, e.g. {@code "idletime limit reached"}. */
  public String description() {
    return description;
  }

  /**
   * The reason with this exit code.
   *
   * @throws IllegalArgumentException for a code no daemon exits with, naming it (see {@link
   *     #find} and {@link #describe} for codes of processes killed or failed otherwise)
   */
  public static ExitReason of(int code) {
    return find(code).orElseThrow(
        () -> new IllegalArgumentException("not a daemon exit code: " + code));
  }

  /** The reason with this exit code, or empty for any other code (e.g. a killed process). */
  public static Optional<ExitReason> find(int code) {
    for (ExitReason reason : values()) {
      if (reason.code == code) {
        return Optional.of(reason);
      }
    }
    return Optional.empty();
  }

  /**
   * Any process exit code in words, as mirai's {@code nextcode()} prints it: {@code "1 | Daemon
   * idletime limit reached"}; a code above 128 as the signal that killed the process ({@code
   * "137 | Daemon killed by signal 9"}, as the JDK reports a signaled process on Unix), any other
   * as unknown (a crash of the JVM, {@code System.exit} in a task).
   */
  public static String describe(int code) {
    String words = find(code).map(ExitReason::description).orElseGet(() -> code > 128
        && code < 128 + 65 ? "killed by signal " + (code - 128) : "exited with an unknown code");
    return code + " | Daemon " + words;
  }
}
