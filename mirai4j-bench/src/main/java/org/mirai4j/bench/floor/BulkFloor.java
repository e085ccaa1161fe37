package org.mirai4j.bench.floor;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.mirai4j.bench.Measurement;
import org.mirai4j.bench.Mode;
import org.mirai4j.bench.Stats;

/**
 * {@code floor_bulk_mbps}: one-way bulk transfer rate between two JVMs over loopback TCP, in MB/s
 * with MB = 10<sup>6</sup> bytes. Each round sends 256 MiB (quick) or 1 GiB (full) in 1 MiB
 * {@link OutputStream#write} calls to the child, which discards the bytes and acknowledges the
 * end of the round with one byte; the round is timed from its first write to the
 * acknowledgement. The figure is the median over the measured rounds (quick: 1 warm-up + 3,
 * full: 2 warm-up + 5).
 *
 * <p>{@code payload_80mb_s} is judged against this figure: 160 MB moved in at most
 * {@code 160 / (0.5 × floor_bulk_mbps)} s.
 *
 * <p>Run: {@code java -jar mirai4j-bench/target/mirai4j-bench.jar --only floor_bulk_mbps}.
 *
 * <p>Baseline (2-core sandbox VM, OpenJDK 17.0.15; see {@link org.mirai4j.bench.floor} for why
 * idle and busy differ): quick 1375–1581 MB/s idle, 525–620 MB/s while other builds competed for the CPUs; full 1515 MB/s.
 */
public final class BulkFloor implements Measurement {

    /** Size of each write, 1 MiB. */
    public static final int CHUNK_BYTES = 1 << 20;

    @Override
    public String name() {
        return "floor_bulk_mbps";
    }

    @Override
    public String description() {
        return "loopback TCP bulk send to a child JVM in 1 MiB writes, MB/s (MB = 10^6 bytes)";
    }

    @Override
    public Map<String, Double> run(Mode mode) throws Exception {
        int chunksPerRound = mode.pick(256, 1024);
        int warmupRounds = mode.pick(1, 2);
        int rounds = mode.pick(3, 5);
        long total = (long) chunksPerRound * CHUNK_BYTES;
        byte[] chunk = new byte[CHUNK_BYTES];
        ThreadLocalRandom.current().nextBytes(chunk);
        try (EchoChild child = EchoChild.start(); Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            s.setSoTimeout(30_000);
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), child.tcpPort()), 10_000);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            out.write(EchoServer.BULK);
            double[] mbps = new double[rounds];
            for (int r = -warmupRounds; r < rounds; r++) {
                long t0 = System.nanoTime();
                out.write(ByteBuffer.allocate(8).putLong(total).array());
                for (int c = 0; c < chunksPerRound; c++) {
                    out.write(chunk);
                }
                int ack = in.read();
                long nanos = System.nanoTime() - t0;
                if (ack < 0) {
                    throw new EOFException("echo child closed during bulk round");
                }
                if (ack != EchoServer.ACK) {
                    throw new IOException("unexpected bulk ack " + ack);
                }
                if (r >= 0) {
                    mbps[r] = total / 1e6 / (nanos / 1e9);
                }
            }
            Map<String, Double> result = new LinkedHashMap<>();
            result.put("floor_bulk_mbps", Stats.median(mbps));
            return result;
        }
    }
}
