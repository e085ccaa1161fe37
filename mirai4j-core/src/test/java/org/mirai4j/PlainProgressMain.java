package org.mirai4j;

import java.util.List;

/**
 * A host in its own JVM for {@link PlainProgressTest}: prints whether the terminal bar's
 * library is on its class path ({@code PROGRESSBAR present|absent}), then maps five items over
 * one local daemon with {@link Collect#PROGRESS} and prints {@code VALUES [..]}.
 */
public final class PlainProgressMain {
  private PlainProgressMain() {}

  public static void main(String[] args) throws Exception {
    boolean present;
    try {
      Class.forName("me.tongfei.progressbar.ProgressBar", false,
          PlainProgressMain.class.getClassLoader());
      present = true;
    } catch (ClassNotFoundException e) {
      present = false;
    }
    System.out.println("PROGRESSBAR " + (present ? "present" : "absent"));
    try (Daemons daemons = Daemons.builder().compute("plain-progress").n(1).start()) {
      List<Integer> values = Mirai.map(List.of(1, 2, 3, 4, 5), x -> x * x,
          Opts.compute("plain-progress")).named("squares").collect(Collect.PROGRESS);
      System.out.println("VALUES " + values);
    }
  }
}
