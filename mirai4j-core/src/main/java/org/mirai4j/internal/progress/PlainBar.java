package org.mirai4j.internal.progress;

import java.io.PrintStream;

/**
 * A plain-text bar for when the terminal library is absent, in the manner of mirai's own
 * fallback ({@code [ 3 / 10 .... ]}, then {@code done ]}): redrawn in place with a carriage
 * return, at most every {@link #EVERY_NANOS} as steps arrive (no thread of its own), and once
 * more at the end.
 */
final class PlainBar implements Progress {
  static final long EVERY_NANOS = 100_000_000L;
  private static final int WIDTH = 20;

  private final String name;
  private final int total;
  private final PrintStream out;
  private int shown = -1;
  private int latest;
  private long shownAt;
  private boolean closed;

  PlainBar(String name, int total, PrintStream out) {
    this.name = name;
    this.total = total;
    this.out = out;
    draw(0, false);
  }

  @Override
  public synchronized void stepTo(int done) {
    if (closed || done <= latest) {
      return;
    }
    latest = done;
    if (done >= total || System.nanoTime() - shownAt >= EVERY_NANOS) {
      draw(done, false);
    }
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      draw(latest, true);
      closed = true;
    }
  }

  /** Callers hold the lock. */
  private void draw(int done, boolean last) {
    int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
    String bar = "=".repeat(filled) + " ".repeat(WIDTH - filled);
    out.print("\r" + name + " [" + bar + "] " + done + "/" + total
        + (last ? (done >= total ? " done\n" : " stopped\n") : ""));
    out.flush();
    shown = done;
    shownAt = System.nanoTime();
  }
}
