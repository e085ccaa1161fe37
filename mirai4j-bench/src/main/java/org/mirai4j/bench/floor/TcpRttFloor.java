package org.mirai4j.bench.floor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mirai4j.bench.Measurement;
import org.mirai4j.bench.Mode;
import org.mirai4j.bench.Stats;

/**
 * {@code floor_tcp_rtt_us}: the round trip of a 64-byte message between two JVMs over loopback
 * TCP with blocking {@link Socket}s and TCP_NODELAY, median after warm-up; plus
 * {@code floor_tcp_rtt_us_p99}. This is the floor that direct and dispatcher round trips are
 * judged against.
 *
 * <p>Run: {@code java -jar mirai4j-bench/target/mirai4j-bench.jar --only floor_tcp_rtt_us}
 * (add {@code --quick} for 20k warm-up + 20k samples instead of 100k + 300k).
 *
 * <p>Baseline (2-core sandbox VM, OpenJDK 17.0.15; see {@link org.mirai4j.bench.floor} for why
 * idle and busy differ): quick 110–119 µs median (p99 390–545 µs) on an otherwise idle machine, 21.5–24.4 µs (p99 48–82 µs) while other builds kept both vCPUs busy; full 32.1 µs (p99 746 µs) under falling load.
 */
public final class TcpRttFloor implements Measurement {

    /** Message size in bytes. */
    public static final int MESSAGE_BYTES = 64;

    @Override
    public String name() {
        return "floor_tcp_rtt_us";
    }

    @Override
    public String description() {
        return "64 B echo round trip to a child JVM over loopback TCP, blocking sockets, TCP_NODELAY";
    }

    @Override
    public Map<String, Double> run(Mode mode) throws Exception {
        int warmup = mode.pick(20_000, 100_000);
        int samples = mode.pick(20_000, 300_000);
        try (EchoChild child = EchoChild.start(); Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            s.setSoTimeout(10_000);
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), child.tcpPort()), 10_000);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            out.write(ByteBuffer.allocate(5).put(EchoServer.ECHO).putInt(MESSAGE_BYTES).array());
            byte[] msg = new byte[MESSAGE_BYTES];
            byte[] back = new byte[MESSAGE_BYTES];
            ByteBuffer tag = ByteBuffer.wrap(msg);
            for (int i = 0; i < warmup; i++) {
                roundTrip(in, out, msg, back, tag, i);
            }
            long[] nanos = new long[samples];
            for (int i = 0; i < samples; i++) {
                long t0 = System.nanoTime();
                roundTrip(in, out, msg, back, tag, i);
                nanos[i] = System.nanoTime() - t0;
            }
            Map<String, Double> r = new LinkedHashMap<>();
            r.put("floor_tcp_rtt_us", Stats.medianUs(nanos));
            r.put("floor_tcp_rtt_us_p99", Stats.p99Us(nanos));
            return r;
        }
    }

    private static void roundTrip(InputStream in, OutputStream out, byte[] msg, byte[] back, ByteBuffer tag, int i)
        throws IOException {
        tag.putInt(0, i);
        out.write(msg);
        EchoServer.readFully(in, back, back.length);
        if (ByteBuffer.wrap(back).getInt(0) != i) {
            throw new IOException("echo mismatch at message " + i);
        }
    }
}
