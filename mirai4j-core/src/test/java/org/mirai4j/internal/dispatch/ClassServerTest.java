package org.mirai4j.internal.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.mirai4j.internal.protocol.FrameType;
import org.mirai4j.internal.transport.DaemonLink;

/** What the host ships: class files only, inside the allow list, from a bounded cache. */
class ClassServerTest {
  private final EmbeddedChannel channel = new EmbeddedChannel();
  private final DaemonLink link = new DaemonLink(channel, true, 1, "localhost", List.of());
  /** Reads run when the test says, so it can tell the event loop never did one. */
  private final ArrayDeque<Runnable> reads = new ArrayDeque<>();
  private final Executor readers = reads::add;

  private ClassServer server(List<String> packages) {
    return new ClassServer(getClass().getClassLoader(), packages, readers);
  }

  /** Runs the pending reads, then the answers they queued on the event loop: id to status. */
  private Map<Long, Byte> answers() {
    while (!reads.isEmpty()) {
      reads.poll().run();
    }
    channel.runPendingTasks();
    Map<Long, Byte> answers = new HashMap<>();
    for (ByteBuf frame; (frame = channel.readOutbound()) != null; frame.release()) {
      frame.readInt();
      assertThat(frame.readByte()).isEqualTo((byte) FrameType.CLASS_DATA.code());
      answers.put(frame.readLong(), frame.readByte());
    }
    return answers;
  }

  private static byte[] name(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aClassIsReadOffTheEventLoopThenSentOnceAndAfterwardsByHash() {
    ClassServer server = server(null);
    server.answer(link, 1, name(ClassServerTest.class.getName()));
    channel.runPendingTasks();
    assertThat((Object) channel.readOutbound()).isNull(); // nothing read on the event loop
    assertThat(reads).hasSize(1);
    assertThat(answers()).containsExactlyEntriesOf(Map.of(1L, (byte) 1)); // BYTES
    server.answer(link, 2, name(ClassServerTest.class.getName()));
    assertThat(reads).isEmpty(); // from the cache, on the loop
    assertThat(answers()).containsExactlyEntriesOf(Map.of(2L, (byte) 2)); // CACHED
  }

  @Test
  void namesThatAreNotClassNamesAreRefusedWithoutReadingAnything() {
    ClassServer server = server(null);
    String[] resources = {"../secret", "META-INF.MANIFEST", "a/b", "config.properties/x", "",
        ".x", "x.", "a..b", "org.mirai4j.internal.dispatch.ClassServerTest.class/../../k"};
    for (int i = 0; i < resources.length; i++) {
      server.answer(link, i, name(resources[i]));
    }
    assertThat(reads).isEmpty();
    Map<Long, Byte> answers = answers();
    assertThat(answers).hasSize(resources.length);
    assertThat(answers.values()).containsOnly((byte) 0); // NOT_FOUND
  }

  @Test
  void theAllowListRefusesAClassOutsideIt() {
    ClassServer server = server(List.of("org.mirai4j.internal"));
    server.answer(link, 1, name(ClassServerTest.class.getName()));
    server.answer(link, 2, name("org.junit.jupiter.api.Test"));
    server.answer(link, 3, name("org.mirai4j.internalx.Foo"));
    assertThat(answers()).containsExactlyInAnyOrderEntriesOf(
        Map.of(1L, (byte) 1, 2L, (byte) 0, 3L, (byte) 0));
    assertThat(ClassServer.isPackageName("com.acme")).isTrue();
    assertThat(ClassServer.isPackageName("com.acme.*")).isFalse();
    assertThat(ClassServer.isPackageName("com/acme")).isFalse();
  }

  @Test
  void theCacheStaysBoundedUnderTenThousandMissesAndEveryAnswerArrives() {
    ClassServer server = server(null);
    int n = 10_000;
    Map<Long, Byte> answers = new HashMap<>();
    for (int i = 0; i < n; i++) {
      server.answer(link, i, name("com.example.missing.C" + i));
      if (i % 100 == 99) {
        // EmbeddedChannel runs queued tasks inside each flush: drain in batches, not 10,000 deep.
        answers.putAll(answers());
      }
    }
    assertThat(answers).hasSize(n);
    assertThat(answers.values()).containsOnly((byte) 0);
    long[] size = server.cacheSize();
    assertThat(size[0]).isEqualTo(ClassServer.MAX_ENTRIES);
    assertThat(size[1]).isLessThanOrEqualTo(ClassServer.MAX_BYTES);
    // The most recent misses are the ones kept: asking again reads nothing.
    server.answer(link, n, name("com.example.missing.C" + (n - 1)));
    assertThat(reads).isEmpty();
    assertThat(answers()).containsExactlyEntriesOf(Map.of((long) n, (byte) 0));
  }
}
