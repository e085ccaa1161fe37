package org.mirai4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Serializable;
import java.rmi.server.UID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Streams a filter rejects fail one mirai with a MiraiError naming the class and the rule, on
 * either side, and the same daemon serves the next task. One real daemon JVM for all.
 */
class DeserializationTest {
  private static final String NAME = "deserialization-test";
  private static final Opts OPTS = Opts.compute(NAME);

  record Secret(String value) implements Serializable {}

  static final class Node implements Serializable {
    Node next;
  }

  private static long daemonPid;

  @BeforeAll
  static void start() throws Exception {
    Daemons.builder().compute(NAME).n(1)
        .serialization(Serialization.builder().filter("!" + Secret.class.getName()).build())
        .start();
    daemonPid = Mirai.mirai(() -> ProcessHandle.current().pid(), OPTS).get(60, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() {
    Daemons.reset(NAME);
  }

  private static MiraiError failure(Mirai<?> m) {
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
        ExecutionException.class, () -> m.get(60, TimeUnit.SECONDS));
    assertThat(e.getCause()).isInstanceOf(MiraiError.class);
    return (MiraiError) e.getCause();
  }

  private static void nextTaskSucceeds() throws Exception {
    assertThat(Mirai.mirai(() -> ProcessHandle.current().pid(), OPTS).get(60, TimeUnit.SECONDS))
        .isEqualTo(daemonPid); // the same daemon, still serving
  }

  @Test
  void aResultOfADeniedClassFailsOnTheHostNamingIt() throws Exception {
    MiraiError error = failure(Mirai.mirai(() -> new UID(), OPTS));
    assertThat(error.getMessage())
        .contains("cannot decode the result on the host")
        .contains("class java.rmi.server.UID")
        .contains("default deny list (pattern java.rmi.server.*");
    assertThat(error.remoteClassName()).isEqualTo("java.io.InvalidClassException");
    nextTaskSucceeds();
  }

  @Test
  void aTaskCapturingADeniedClassFailsOnTheDaemonNamingIt() throws Exception {
    UID uid = new UID();
    MiraiError error = failure(Mirai.mirai(() -> uid.toString(), OPTS));
    assertThat(error.getMessage())
        .contains("cannot decode the task on the daemon")
        .contains("class java.rmi.server.UID")
        .contains("default deny list");
    nextTaskSucceeds();
  }

  @Test
  void theProfilesOwnPatternReachesTheDaemon() throws Exception {
    Secret secret = new Secret("s");
    MiraiError onDaemon = failure(Mirai.mirai(() -> secret.value(), OPTS));
    assertThat(onDaemon.getMessage())
        .contains("cannot decode the task on the daemon")
        .contains("class " + Secret.class.getName())
        .contains("profile's deserialization filter (pattern !" + Secret.class.getName() + ")");
    MiraiError onHost = failure(Mirai.mirai(() -> new Secret("r"), OPTS));
    assertThat(onHost.getMessage()).contains("cannot decode the result on the host")
        .contains("class " + Secret.class.getName());
    nextTaskSucceeds();
  }

  @Test
  void anOverDeepTaskIsRejectedByDepthOnTheDaemon() throws Exception {
    Node head = null;
    for (int i = 0; i < 600; i++) {
      Node n = new Node();
      n.next = head;
      head = n;
    }
    Node deep = head;
    // Submitted from a thread with a big stack: encoding recurses as deep as the graph.
    AtomicReference<Mirai<Boolean>> submitted = new AtomicReference<>();
    Thread t = new Thread(null,
        () -> submitted.set(Mirai.mirai(() -> deep.next != null, OPTS)), "deep", 256L << 20);
    t.start();
    t.join();
    MiraiError error = failure(submitted.get());
    assertThat(error.getMessage())
        .contains("cannot decode the task on the daemon")
        .contains("class " + Node.class.getName())
        .contains("exceeds maxdepth=500");
    nextTaskSucceeds();
  }

  @Test
  void aMalformedPatternIsRefusedInTheSetter() {
    assertThatThrownBy(() -> Serialization.builder().filter("maxdepth=-"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxdepth=-");
  }
}
