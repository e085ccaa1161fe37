package org.mirai4j.internal.progress;

import java.io.PrintStream;

/** A progress bar over a known number of steps. Thread-safe. */
public interface Progress extends AutoCloseable {
  /** Shows that {@code done} steps are done. */
  void stepTo(int done);

  /** Shows the final state and releases the bar. */
  @Override
  void close();

  /**
   * A bar on stderr: the terminal bar when {@code me.tongfei:progressbar} and JLine are on the
   * class path, else a plain-text one.
   *
   * @param name what the bar is called
   * @param total the number of steps
   */
  static Progress open(String name, int total) {
    if (TerminalSupport.AVAILABLE) {
      try {
        return (Progress) Class.forName("org.mirai4j.internal.progress.TerminalBar")
            .getConstructor(String.class, int.class).newInstance(name, total);
      } catch (ReflectiveOperationException | LinkageError e) {
        // present but unusable (a partial class path): the plain bar still shows progress
      }
    }
    return plain(name, total, System.err);
  }

  /** A plain-text bar on {@code out}, whatever the class path. */
  static Progress plain(String name, int total, PrintStream out) {
    return new PlainBar(name, total, out);
  }
}
