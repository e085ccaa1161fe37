package org.mirai4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mirai4j.launch.DaemonCommand;

/**
 * What a host logs (issue 10, item 4): through SLF4J only, one INFO line per lifecycle event
 * (profile set and reset with its URL, a daemon joined or left with its address, a relaunch),
 * the rest at DEBUG, nothing on stdout or stderr. The host is a JVM of its own running {@link
 * Script}, with slf4j-simple at INFO writing to a file.
 */
class LifecycleLogTest {
  private static final Pattern JOINED =
      Pattern.compile("INFO profile default: daemon (\\d+)@\\S+ at /127\\.0\\.0\\.1:\\d+ joined");

  /**
   * The scripted run: 2 local daemons over tcp:// with relaunch, a mirai, kill -9 of the daemon
   * that ran it, its relaunch, reset. Prints {@code RAN_ON pid}.
   */
  public static final class Script {
    private Script() {}

    public static void main(String[] args) throws Exception {
      try (Daemons daemons = Daemons.builder().n(2).url("tcp://127.0.0.1:0").relaunch(true)
          .start()) {
        long pid = Mirai.mirai(() -> ProcessHandle.current().pid()).get(60, TimeUnit.SECONDS);
        System.out.println("RAN_ON " + pid);
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
            .until(() -> Daemons.status().relaunched() == 1
                && Daemons.status().connections() == 2);
      }
    }
  }

  @Test
  void aScriptedRunLogsOneInfoLinePerLifecycleEventAndNothingOnTheConsole(@TempDir Path dir)
      throws Exception {
    Path log = dir.resolve("host.log");
    List<String> command = new ArrayList<>(List.of(DaemonCommand.javaExecutable(),
        "-cp", DaemonCommand.classPath(),
        "-Dorg.slf4j.simpleLogger.logFile=" + log,
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
        "-Dorg.slf4j.simpleLogger.showDateTime=false",
        "-Dorg.slf4j.simpleLogger.showThreadName=false",
        "-Dorg.slf4j.simpleLogger.showLogName=false",
        Script.class.getName()));
    Process host = new ProcessBuilder(command)
        .redirectOutput(dir.resolve("stdout").toFile())
        .redirectError(dir.resolve("stderr").toFile())
        .start();
    try {
      assertThat(host.waitFor(120, TimeUnit.SECONDS)).as("the scripted host exits").isTrue();
    } finally {
      host.destroyForcibly().waitFor();
    }
    String stdout = Files.readString(dir.resolve("stdout"));
    assertThat(host.exitValue()).as("exit code; log:%n%s", read(log)).isZero();
    assertThat(Files.readString(dir.resolve("stderr"))).as("stderr").isEmpty();
    Matcher ranOn = Pattern.compile("RAN_ON (\\d+)").matcher(stdout);
    assertThat(ranOn.find()).as("stdout: %s", stdout).isTrue();
    assertThat(stdout.strip()).as("stdout holds only the script's line").isEqualTo(ranOn.group());
    String killed = ranOn.group(1);

    List<String> info = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
        .filter(l -> l.startsWith("INFO ")).toList();
    assertThat(info).as("INFO lines").hasSize(7);
    assertThat(info.get(0)).matches("INFO profile default: set at tcp://127\\.0\\.0\\.1:\\d+");
    assertThat(info.get(1)).matches(JOINED);
    assertThat(info.get(2)).matches(JOINED);
    List<String> firstTwo = List.of(pid(info.get(1)), pid(info.get(2)));
    assertThat(firstTwo).contains(killed).doesNotHaveDuplicates();
    // lost (the event loop) and the relaunch (the process's exit) may come in either order
    List<String> middle = info.subList(3, 5);
    assertThat(middle).anySatisfy(l -> assertThat(l).matches("INFO profile default: daemon "
        + killed + "@\\S+ at /127\\.0\\.0\\.1:\\d+ lost \\(its connection ended unannounced\\)"));
    // the exit code in words or as a number (ExitReason on main), then the relaunch's delay
    assertThat(middle).anySatisfy(l -> assertThat(l).matches("INFO profile default: local daemon "
        + killed + " exited .*137.*: (relaunching it|starting another) in \\d+ ms"));
    assertThat(info.get(5)).matches(JOINED);
    assertThat(pid(info.get(5))).isNotIn(firstTwo);
    assertThat(info.get(6)).isEqualTo("INFO profile default: reset");
  }

  private static String pid(String joinedLine) {
    Matcher m = JOINED.matcher(joinedLine);
    assertThat(m.matches()).as(joinedLine).isTrue();
    return m.group(1);
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file) : "(no log)";
  }
}
