package org.mirai4j.bench.floor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeoutException;
import org.mirai4j.bench.Paired;

/**
 * An open floor round trip ({@link TcpRttFloor}'s or {@link UdsRttFloor}'s: 64 B echo to a child
 * JVM) to be sampled in blocks, interleaved with a mirai4j figure by {@link Paired}.
 *
 * <p>Use with try-with-resources; closing stops the echo child.
 */
public final class FloorLink implements Paired.BlockSampler, AutoCloseable {

    /** The floor figure whose round trip this is. */
    private final String figure;
    private final EchoChild child;
    private final Socket socket;
    private final SocketChannel channel;
    private final byte[] msg = new byte[TcpRttFloor.MESSAGE_BYTES];
    private final byte[] back = new byte[TcpRttFloor.MESSAGE_BYTES];
    private final ByteBuffer direct = ByteBuffer.allocateDirect(TcpRttFloor.MESSAGE_BYTES);
    private final ByteBuffer directBack = ByteBuffer.allocateDirect(TcpRttFloor.MESSAGE_BYTES);
    private int sequence;

    private FloorLink(String figure, EchoChild child, Socket socket, SocketChannel channel) {
        this.figure = figure;
        this.child = child;
        this.socket = socket;
        this.channel = channel;
    }

    /**
     * The {@code floor_tcp_rtt_us} round trip: loopback TCP, blocking sockets, TCP_NODELAY.
     *
     * @return the open link
     * @throws IOException if the child or the connection fails
     * @throws TimeoutException if the child does not start in time
     * @throws InterruptedException if interrupted while it starts
     */
    public static FloorLink tcp() throws IOException, TimeoutException, InterruptedException {
        EchoChild child = EchoChild.start();
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.setSoTimeout(10_000);
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), child.tcpPort()), 10_000);
            s.getOutputStream().write(ByteBuffer.allocate(5).put(EchoServer.ECHO)
                .putInt(TcpRttFloor.MESSAGE_BYTES).array());
            return new FloorLink("floor_tcp_rtt_us", child, s, null);
        } catch (IOException | RuntimeException e) {
            s.close();
            child.close();
            throw e;
        }
    }

    /**
     * The {@code floor_uds_rtt_us} round trip: a Unix domain socket, blocking channel.
     *
     * @return the open link
     * @throws IOException if the child or the connection fails
     * @throws TimeoutException if the child does not start in time
     * @throws InterruptedException if interrupted while it starts
     */
    public static FloorLink uds() throws IOException, TimeoutException, InterruptedException {
        EchoChild child = EchoChild.start();
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(child.udsPath()));
            ByteBuffer head = ByteBuffer.allocate(5).put(EchoServer.ECHO).putInt(TcpRttFloor.MESSAGE_BYTES).flip();
            while (head.hasRemaining()) {
                ch.write(head);
            }
            return new FloorLink("floor_uds_rtt_us", child, null, ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            child.close();
            throw e;
        }
    }

    /** @return the floor figure this link samples, e.g. {@code floor_tcp_rtt_us} */
    public String figure() {
        return figure;
    }

    /**
     * Untimed round trips, to wake the path up before the first block.
     *
     * @param n how many
     * @throws IOException if a round trip fails
     */
    public void warmUp(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            roundTrip();
        }
    }

    @Override
    public long[] block(int n) throws IOException {
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            roundTrip();
            nanos[i] = System.nanoTime() - t0;
        }
        return nanos;
    }

    private void roundTrip() throws IOException {
        int tag = sequence++;
        if (socket != null) {
            ByteBuffer.wrap(msg).putInt(0, tag);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(msg);
            EchoServer.readFully(in, back, back.length);
            if (ByteBuffer.wrap(back).getInt(0) != tag) {
                throw new IOException("echo mismatch at message " + tag);
            }
        } else {
            direct.clear();
            direct.putInt(0, tag);
            while (direct.hasRemaining()) {
                channel.write(direct);
            }
            directBack.clear();
            EchoServer.readFully(channel, directBack);
            if (directBack.getInt(0) != tag) {
                throw new IOException("echo mismatch at message " + tag);
            }
        }
    }

    /** Closes the connection and stops the echo child. */
    @Override
    public void close() {
        try {
            if (socket != null) {
                socket.close();
            }
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // the child goes anyway
        } finally {
            child.close();
        }
    }
}
