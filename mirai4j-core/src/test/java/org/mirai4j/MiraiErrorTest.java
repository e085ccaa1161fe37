package org.mirai4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A task's exception on the host, from a real daemon JVM: the error's data, the original
 * exception when its class resolves here (as RMI gives it), suppressed exceptions, and stack
 * traces without the daemon's own frames.
 */
class MiraiErrorTest {
  private static final String NAME = "mirai-error-test";
  private static final Opts OPTS = Opts.compute(NAME);

  /** A task's own exception type, with a field mirai's data form would drop. */
  static final class InsufficientFunds extends Exception {
    private static final long serialVersionUID = 1L;
    private final long shortfall;

    InsufficientFunds(long shortfall, Throwable cause) {
      super("short by " + shortfall, cause);
      this.shortfall = shortfall;
    }

    long shortfall() {
      return shortfall;
    }
  }

  /** An exception that cannot travel whole: a field that is not serializable. */
  static final class Unsendable extends RuntimeException {
    private static final long serialVersionUID = 1L;
    @SuppressWarnings("unused")
    private final Object lock = new Object();

    Unsendable(String message) {
      super(message);
    }
  }

  @AfterEach
  void reset() {
    Daemons.terminate(NAME);
  }

  private static MiraiError error(Mirai<?> m) throws Exception {
    return (MiraiError) m.result().error();
  }

  @Test
  void theOriginalExceptionComesWithItsFieldsCauseAndSuppressedWhenItsClassResolvesHere()
      throws Exception {
    Daemons.builder().compute(NAME).n(1).start();
    MiraiError error = error(Mirai.mirai(() -> {
      InsufficientFunds e = new InsufficientFunds(42, new ArithmeticException("inner"));
      e.addSuppressed(new IllegalStateException("while closing"));
      throw e;
    }, OPTS));

    assertThat(error.remoteClassName()).isEqualTo(InsufficientFunds.class.getName());
    assertThat(error.getMessage()).isEqualTo("short by 42");
    assertThat(error.getSuppressed()).singleElement().isInstanceOf(MiraiError.class);
    assertThat(error.getSuppressed()[0]).hasMessage("while closing");
    assertThat(((MiraiError) error.getSuppressed()[0]).remoteClassName())
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(error.getCause()).as("getCause() stays the MiraiError chain, as API.md says")
        .isInstanceOf(MiraiError.class).hasMessage("inner");

    assertThat(error.original()).containsInstanceOf(InsufficientFunds.class);
    InsufficientFunds original = (InsufficientFunds) error.original().orElseThrow();
    assertThat(original.shortfall()).isEqualTo(42);
    assertThat(original.getCause()).isInstanceOf(ArithmeticException.class).hasMessage("inner");
    assertThat(original.getSuppressed()).singleElement()
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void stackTracesEndWhereTheTaskBeganWithoutTheDaemonsFrames() throws Exception {
    Daemons.builder().compute(NAME).n(1).start();
    MiraiError error = error(Mirai.mirai(() -> {
      throw new IllegalStateException("outer", new ArithmeticException("inner"));
    }, OPTS));
    MiraiError mapped = (MiraiError) Mirai.map(List.of(0), x -> 1 / x, OPTS)
        .results().get(0).error();

    for (Throwable t : List.of(error, error.getCause(), error.original().orElseThrow(), mapped)) {
      StackTraceElement[] frames = t.getStackTrace();
      assertThat(frames).as("%s keeps the task's frames", t).isNotEmpty();
      assertThat(frames[0].getClassName()).startsWith(MiraiErrorTest.class.getName());
      assertThat(Arrays.stream(frames).map(StackTraceElement::getClassName))
          .as("%s: no daemon or wrapper frames", t)
          .noneMatch(c -> c.startsWith("org.mirai4j.internal."))
          .noneMatch(c -> c.equals(Mirai.class.getName()))
          .noneMatch(c -> c.equals(Thread.class.getName()));
    }
  }

  @Test
  void anExceptionThatCannotTravelWholeStillArrivesAsData() throws Exception {
    Daemons.builder().compute(NAME).n(1).start();
    MiraiError error = error(Mirai.mirai(() -> {
      throw new Unsendable("with a lock inside");
    }, OPTS));
    assertThat(error.original()).isEmpty();
    assertThat(error.remoteClassName()).isEqualTo(Unsendable.class.getName());
    assertThat(error.getMessage()).isEqualTo("with a lock inside");
    assertThat(error.getStackTrace()[0].getClassName())
        .startsWith(MiraiErrorTest.class.getName());
  }

  @Test
  void aClassTheHostDoesNotTakeLeavesTheErrorAsData() throws Exception {
    // the host's filter refuses the class, as a host without it would fail to load it
    Daemons.builder().compute(NAME).n(1).serialization(Serialization.builder()
        .filter("!" + InsufficientFunds.class.getName()).build()).start();
    MiraiError error = error(Mirai.mirai(() -> {
      throw new InsufficientFunds(7, null);
    }, OPTS));
    assertThat(error.original()).isEmpty();
    assertThat(error.remoteClassName()).isEqualTo(InsufficientFunds.class.getName());
    assertThat(error.getMessage()).isEqualTo("short by 7");
  }

  @Test
  void inSyncModeTheOriginalComesBackToo() throws Exception {
    Daemons.builder().compute(NAME).sync(true).start();
    MiraiError error = error(Mirai.mirai(() -> {
      throw new InsufficientFunds(3, null);
    }, OPTS));
    assertThat(((InsufficientFunds) error.original().orElseThrow()).shortfall()).isEqualTo(3);
  }
}
