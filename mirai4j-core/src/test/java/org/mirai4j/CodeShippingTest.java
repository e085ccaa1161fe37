package org.mirai4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.shipping.Outside;

import java.io.File;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mirai4j.launch.DaemonCommand;
import org.mirai4j.testing.Await;

/**
 * A daemon whose class path lacks the test classes runs tasks defined in them: their classes
 * travel from the host on demand.
 */
class CodeShippingTest {
  private static final String NAME = "code-shipping-test";
  private static final String SECRET = "shipping-secret";
  private static final Opts OPTS = Opts.compute(NAME);

  record HostOnly(int value) implements Serializable {
    int twice() {
      return 2 * value;
    }
  }

  /**
   * Tasks that need {@link Outside}, kept out of this class's own methods: a daemon that cannot
   * have Outside cannot verify a class whose code passes one around.
   */
  static final class OutsideTasks {
    static Task<Integer> capturing() {
      Outside outside = new Outside(7);
      return () -> outside.value();
    }

    static Task<Integer> using() {
      return () -> new Outside(1).value();
    }
  }

  @AfterEach
  void reset() {
    Daemons.terminate(NAME);
  }

  private static Process bareDaemon(String url) throws Exception {
    String cp = Arrays.stream(DaemonCommand.classPath().split(File.pathSeparator))
        .filter(e -> !e.contains("test-classes") && !e.contains("surefire"))
        .collect(Collectors.joining(File.pathSeparator));
    List<String> command = new ArrayList<>(List.of(
        DaemonCommand.javaExecutable(), "-cp", cp, "org.mirai4j.Daemon", url));
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    builder.environment().put("MIRAI4J_SECRET", SECRET);
    return builder.start();
  }

  @Test
  void hostOnlyClassesAreShippedOnDemand() throws Exception {
    Daemons.builder().compute(NAME).url("tcp://127.0.0.1:0").secret(SECRET).start();
    Process daemon = bareDaemon(Daemons.status(NAME).url());
    try {
      Await.until(() -> Daemons.status(NAME).connections() == 1);
      String testClass = CodeShippingTest.class.getName();
      // The daemon's own class path does not have this test's classes.
      assertThat(Mirai.mirai(() -> {
        try {
          Class.forName(testClass, false, ClassLoader.getSystemClassLoader());
          return "found";
        } catch (ClassNotFoundException e) {
          return "missing";
        }
      }, OPTS).get(60, TimeUnit.SECONDS)).isEqualTo("missing");
      assertThat(Mirai.mirai(() -> new HostOnly(21).twice(), OPTS).get(60, TimeUnit.SECONDS))
          .isEqualTo(42);
      // After cleanup dropped the shipped classes, they come back (from the daemon's cache).
      assertThat(Mirai.mirai(() -> new HostOnly(5), OPTS).get(60, TimeUnit.SECONDS))
          .isEqualTo(new HostOnly(5));
      assertThat(Mirai.mirai(() -> Mirai.globals().getClass().getName(), OPTS).get())
          .startsWith("java.util");
    } finally {
      Daemons.reset(NAME);
      assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void theAllowListShipsOnlyItsPackages() throws Exception {
    Daemons.builder().compute(NAME).url("tcp://127.0.0.1:0").secret(SECRET)
        .shipClasses("org.mirai4j").start();
    Process daemon = bareDaemon(Daemons.status(NAME).url());
    try {
      Await.until(() -> Daemons.status(NAME).connections() == 1);
      // Captured: the task cannot be decoded on the daemon.
      ExecutionException captured = org.junit.jupiter.api.Assertions.assertThrows(
          ExecutionException.class,
          () -> Mirai.mirai(OutsideTasks.capturing(), OPTS).get(60, TimeUnit.SECONDS));
      assertThat(captured.getCause()).isInstanceOf(MiraiError.class)
          .hasMessageContaining("cannot decode the task on the daemon")
          .hasMessageContaining("com.example.shipping.Outside")
          .hasMessageContaining("shipClasses");
      // Used in the body: the class cannot be linked when the task runs.
      ExecutionException used = org.junit.jupiter.api.Assertions.assertThrows(
          ExecutionException.class,
          () -> Mirai.mirai(OutsideTasks.using(), OPTS).get(60, TimeUnit.SECONDS));
      MiraiError error = (MiraiError) used.getCause();
      assertThat(error.remoteClassName()).isEqualTo("java.lang.NoClassDefFoundError");
      assertThat(error.getMessage()).contains("com/example/shipping/Outside");
      // Classes inside the list still travel, to the same daemon.
      assertThat(Mirai.mirai(() -> new HostOnly(21).twice(), OPTS).get(60, TimeUnit.SECONDS))
          .isEqualTo(42);
      assertThat(Daemons.info(NAME).connections()).isEqualTo(1);
    } finally {
      Daemons.reset(NAME);
      assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }
}
