package org.mirai4j.cli.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@code ps} shows every user: the command line of every process on this machine, read from
 * {@code /proc/<pid>/cmdline}. The secret tests scan it for the profile's secret, once while the
 * daemons run and continually during a launch ({@link Watch}), so short-lived processes (ssh,
 * sbatch, qsub, the remote and job shells) are seen too.
 */
final class ProcessListings {
  private static final Path PROC = Path.of("/proc");

  private ProcessListings() {}

  /** A secret unique to one test, long enough never to occur by chance. */
  static String newSecret() {
    return "m4jsecret" + UUID.randomUUID().toString().replace("-", "");
  }

  /** Every process's command line, its arguments joined with spaces, by pid (processes that ended while being read are left out). */
  static Map<Long, String> commandLines() {
    Map<Long, String> out = new LinkedHashMap<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, p -> p.getFileName().toString().matches("\\d+"))) {
      for (Path d : dirs) {
        try {
          byte[] raw = Files.readAllBytes(d.resolve("cmdline"));
          out.put(Long.parseLong(d.getFileName().toString()),
              new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip());
        } catch (IOException gone) {
          // the process exited meanwhile
        }
      }
    } catch (IOException e) {
      throw new AssertionError("cannot list " + PROC, e);
    }
    return out;
  }

  /** Command lines containing {@code text}, by pid. */
  static Map<Long, String> containing(String text) {
    Map<Long, String> hits = new LinkedHashMap<>();
    commandLines().forEach((pid, line) -> {
      if (line.contains(text)) {
        hits.put(pid, line);
      }
    });
    return hits;
  }

  /**
   * Asserts that no command line holds {@code secret} and that the scan is not vacuous: some
   * command line holds {@code marker} (the daemons').
   */
  static void assertNowhere(String secret, String marker) {
    Map<Long, String> all = commandLines();
    assertThat(all.values().stream().anyMatch(l -> l.contains(marker)))
        .as("the daemons' command lines (holding %s) are among the %d scanned", marker, all.size()).isTrue();
    assertThat(hits(all, secret)).as("command lines holding the secret").isEmpty();
  }

  private static List<String> hits(Map<Long, String> lines, String secret) {
    List<String> hits = new ArrayList<>();
    lines.forEach((pid, line) -> {
      if (line.contains(secret)) {
        hits.add(pid + ": " + line.replace(secret, "<SECRET>"));
      }
    });
    return hits;
  }

  /**
   * Scans every command line every few milliseconds until closed, keeping each one that held the
   * secret (shown with the secret masked), and counting the distinct processes seen, so a test
   * can check the scan saw the short-lived ones it cares about.
   */
  static final class Watch implements AutoCloseable {
    private final String secret;
    private final Set<String> hits = ConcurrentHashMap.newKeySet();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean stop;

    private Watch(String secret) {
      this.secret = secret;
      this.thread = new Thread(this::scan, "process-listings-watch");
      thread.setDaemon(true);
      thread.start();
    }

    /** Starts scanning for {@code secret}. */
    static Watch start(String secret) {
      return new Watch(secret);
    }

    private void scan() {
      while (!stop) {
        Map<Long, String> lines = commandLines();
        hits.addAll(hits(lines, secret));
        lines.forEach((pid, line) -> seen.add(pid + " " + line.replace(secret, "<SECRET>")));
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    /** Whether some scanned command line contained {@code text}. */
    boolean saw(String text) {
      return seen.stream().anyMatch(l -> l.contains(text));
    }

    /** Stops scanning and asserts no command line held the secret. */
    @Override
    public void close() throws InterruptedException {
      stop = true;
      thread.join(5_000);
      assertThat(hits).as("command lines that held the secret").isEmpty();
    }
  }
}
