package org.mirai4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Custom serialization (R: serial_config) and process-wide registrations (R: register_serial)
 * end to end on real daemon JVMs, with a type that Java serialization cannot carry.
 */
class SerializationEndToEndTest {
  private static final String NAME = "serialization-e2e-test";
  private static final Opts OPTS = Opts.compute(NAME);

  /** Deliberately not {@link java.io.Serializable}: only a registered codec can carry it. */
  static final class Vec {
    final double[] xs;

    Vec(double... xs) {
      this.xs = xs;
    }

    Vec scaled(double k) {
      return new Vec(Arrays.stream(xs).map(x -> x * k).toArray());
    }

    byte[] toBytes() {
      ByteBuffer b = ByteBuffer.allocate(8 * xs.length);
      b.asDoubleBuffer().put(xs);
      return b.array();
    }

    static Vec fromBytes(byte[] bytes) {
      double[] xs = new double[bytes.length / 8];
      ByteBuffer.wrap(bytes).asDoubleBuffer().get(xs);
      return new Vec(xs);
    }
  }

  private static Serialization vecs() {
    return Serialization.builder().register(Vec.class, Vec::toBytes, Vec::fromBytes).build();
  }

  @AfterEach
  void reset() {
    Serialization.unregisterDefault(Vec.class);
    Daemons.reset(NAME);
  }

  /** A task that takes a Vec to the daemon and brings Vecs back, alone and inside a list. */
  private static List<Vec> roundTrip() throws Exception {
    Vec v = new Vec(1, 2, 3);
    return Mirai.mirai(() -> List.of(v.scaled(2), v), OPTS).get(30, TimeUnit.SECONDS);
  }

  @Test
  void aTypeThatIsNotSerializableCrossesBothWaysThroughItsRegisteredCodec() throws Exception {
    Daemons.builder().compute(NAME).n(1).serialization(vecs()).start();
    List<Vec> back = roundTrip();
    assertThat(back.get(0).xs).containsExactly(2, 4, 6);
    assertThat(back.get(1).xs).containsExactly(1, 2, 3);
    // made on the daemon, from nothing the host sent
    Vec made = Mirai.mirai(() -> new Vec(ProcessHandle.current().pid()), OPTS)
        .get(30, TimeUnit.SECONDS);
    assertThat((long) made.xs[0]).isEqualTo(Daemons.status(NAME).daemons().get(0).pid());
  }

  /** Codecs whose class takes a while to initialise, as a large library's can on a busy node. */
  static final class SlowCodecs {
    static {
      try {
        Thread.sleep(2_000); // stands for slow class initialisation, not for synchronisation
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    static Serialization vecs() {
      return Serialization.builder().register(Vec.class, Vec::toBytes, Vec::fromBytes).build();
    }
  }

  @Test
  void aDaemonSlowToLoadTheCodecsKeepsItsHeartbeatAndIsNotDropped() throws Exception {
    // three silent 250 ms heartbeats lose a daemon; its codecs take 2 s to initialise
    Daemons.builder().compute(NAME).n(1).heartbeat(Duration.ofMillis(250))
        .serialization(SlowCodecs.vecs()).start();
    List<Vec> back = roundTrip();
    assertThat(back.get(0).xs).containsExactly(2, 4, 6);
    assertThat(Daemons.status(NAME).lost()).isZero();
    assertThat(Daemons.status(NAME).joined()).isEqualTo(1);
  }

  @Test
  void withoutTheCodecTheSameTaskIsRefusedNamingTheType() throws Exception {
    Daemons.builder().compute(NAME).n(1).start();
    Vec v = new Vec(1);
    assertThatThrownBy(() -> Mirai.mirai(() -> v.xs.length, OPTS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(Vec.class.getName());
    assertThat(Mirai.mirai(() -> new Vec(1), OPTS).result().error())
        .isInstanceOf(MiraiError.class).hasMessageContaining(Vec.class.getName());
  }

  @Test
  void registerDefaultAppliesToEveryProfileStartedAfterItThatSetsNoneOfItsOwn()
      throws Exception {
    Daemons before = Daemons.builder().compute(NAME + "-before").n(1).start();
    try {
      Serialization.registerDefault(Vec.class, Vec::toBytes, Vec::fromBytes);
      assertThat(Serialization.registered().types()).containsExactly(Vec.class);
      assertThatThrownBy(() -> Serialization.registerDefault(Vec.class, Vec::toBytes,
          Vec::fromBytes)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("type already registered process-wide: " + Vec.class.getName());

      Daemons.builder().compute(NAME).n(1).start();
      assertThat(roundTrip().get(0).xs).containsExactly(2, 4, 6);
      // a profile running already keeps what it started with
      Vec v = new Vec(1);
      assertThatThrownBy(() -> Mirai.mirai(() -> v.xs.length, Opts.compute(before.compute())))
          .isInstanceOf(IllegalArgumentException.class);
      // a profile given its own serialization uses that alone
      Daemons.builder().compute(NAME).n(1).serialization(Serialization.defaults()).start();
      assertThatThrownBy(SerializationEndToEndTest::roundTrip)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(Vec.class.getName());
    } finally {
      before.close();
    }
    assertThat(Serialization.unregisterDefault(Vec.class)).isTrue();
    assertThat(Serialization.unregisterDefault(Vec.class)).isFalse();
    Daemons.builder().compute(NAME).n(1).start();
    assertThatThrownBy(SerializationEndToEndTest::roundTrip)
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSyncProfileUsesTheProcessWideRegistrationsToo() throws Exception {
    Serialization.registerDefault(Vec.class, Vec::toBytes, Vec::fromBytes);
    Daemons.builder().compute(NAME).sync(true).start();
    assertThat(roundTrip().get(0).xs).containsExactly(2, 4, 6);
  }
}
