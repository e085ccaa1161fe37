package org.mirai4j.bench.floor;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mirai4j.bench.Measurement;
import org.mirai4j.bench.Mode;
import org.mirai4j.bench.Stats;

/**
 * {@code floor_uds_rtt_us}: the round trip of a 64-byte message between two JVMs over a Unix
 * domain socket ({@link SocketChannel} with {@link UnixDomainSocketAddress}, blocking, direct
 * buffers), median after warm-up; plus {@code floor_uds_rtt_us_p99}.
 *
 * <p>Run: {@code java -jar mirai4j-bench/target/mirai4j-bench.jar --only floor_uds_rtt_us}
 * (add {@code --quick} for 20k warm-up + 20k samples instead of 100k + 300k).
 *
 * <p>Baseline (2-core sandbox VM, OpenJDK 17.0.15; see {@link org.mirai4j.bench.floor} for why
 * idle and busy differ): quick 56–59 µs median (p99 153–164 µs) idle, 15.7–16.4 µs (p99 42–46 µs) busy; full 70.4 µs (p99 165 µs).
 */
public final class UdsRttFloor implements Measurement {

    @Override
    public String name() {
        return "floor_uds_rtt_us";
    }

    @Override
    public String description() {
        return "64 B echo round trip to a child JVM over a Unix domain socket, blocking SocketChannel";
    }

    @Override
    public Map<String, Double> run(Mode mode) throws Exception {
        int warmup = mode.pick(20_000, 100_000);
        int samples = mode.pick(20_000, 300_000);
        int size = TcpRttFloor.MESSAGE_BYTES;
        try (EchoChild child = EchoChild.start();
             SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(child.udsPath()));
            ByteBuffer head = ByteBuffer.allocate(5).put(EchoServer.ECHO).putInt(size).flip();
            while (head.hasRemaining()) {
                ch.write(head);
            }
            ByteBuffer msg = ByteBuffer.allocateDirect(size);
            ByteBuffer back = ByteBuffer.allocateDirect(size);
            for (int i = 0; i < warmup; i++) {
                roundTrip(ch, msg, back, i);
            }
            long[] nanos = new long[samples];
            for (int i = 0; i < samples; i++) {
                long t0 = System.nanoTime();
                roundTrip(ch, msg, back, i);
                nanos[i] = System.nanoTime() - t0;
            }
            Map<String, Double> r = new LinkedHashMap<>();
            r.put("floor_uds_rtt_us", Stats.medianUs(nanos));
            r.put("floor_uds_rtt_us_p99", Stats.p99Us(nanos));
            return r;
        }
    }

    private static void roundTrip(SocketChannel ch, ByteBuffer msg, ByteBuffer back, int i) throws IOException {
        msg.clear();
        msg.putInt(0, i);
        while (msg.hasRemaining()) {
            ch.write(msg);
        }
        back.clear();
        EchoServer.readFully(ch, back);
        if (back.getInt(0) != i) {
            throw new IOException("echo mismatch at message " + i);
        }
    }
}
