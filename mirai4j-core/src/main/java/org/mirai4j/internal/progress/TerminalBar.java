package org.mirai4j.internal.progress;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The terminal bar of {@code me.tongfei:progressbar}, with rate and ETA. The only class that
 * touches that optional library; {@link Progress#open} loads it by name when it is present.
 */
final class TerminalBar implements Progress {
  private final ProgressBar bar;

  public TerminalBar(String name, int total) {
    this.bar = new ProgressBarBuilder()
        .setTaskName(name)
        .setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII)
        .setConsumer(new ConsoleProgressBarConsumer(System.err))
        .setUpdateIntervalMillis(100)
        .continuousUpdate()
        .build();
  }

  @Override
  public void stepTo(int done) {
    bar.stepTo(done);
  }

  @Override
  public void close() {
    bar.close();
  }
}
