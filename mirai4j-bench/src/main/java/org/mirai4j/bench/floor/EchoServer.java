package org.mirai4j.bench.floor;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.mirai4j.bench.ChildJvm;

/**
 * The child-JVM end of the floor measurements: an echo and sink server on loopback TCP and on a
 * Unix domain socket, one platform thread per connection, blocking I/O throughout.
 *
 * <p>Started by {@link EchoChild}; prints {@code READY tcp=<port> uds=<path>} on stdout once both
 * listeners are bound, and exits when its stdin reaches EOF (the parent went away).
 *
 * <p>Protocol, per connection, chosen by the first byte the client sends:
 * <ul>
 *   <li>{@code 'E'} (echo): a big-endian int {@code size} follows; then, repeatedly, the server
 *       reads exactly {@code size} bytes and writes them back.</li>
 *   <li>{@code 'B'} (bulk sink): repeatedly, the client sends a big-endian long {@code total}
 *       then {@code total} bytes; the server discards them and answers one byte ({@code 'K'}).</li>
 * </ul>
 * The server closes a connection at EOF. TCP connections use {@link Socket} streams with
 * TCP_NODELAY; Unix domain connections use blocking {@link SocketChannel}s with direct buffers.
 */
public final class EchoServer {

    /** Echo protocol selector, see the class description. */
    public static final byte ECHO = 'E';
    /** Bulk-sink protocol selector, see the class description. */
    public static final byte BULK = 'B';
    /** The byte acknowledging a complete bulk transfer. */
    public static final byte ACK = 'K';

    private static final int BULK_BUFFER = 1 << 20;

    private EchoServer() {
    }

    /**
     * Runs the server until stdin closes.
     *
     * @param args ignored
     * @throws IOException if a listener cannot be bound
     * @throws InterruptedException if the main thread is interrupted
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        ChildJvm.exitWhenParentGoes(Duration.ofMinutes(30));
        ServerSocket tcp = new ServerSocket();
        tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        Path dir = Files.createTempDirectory("mirai4j-bench-echo");
        Path socketPath = dir.resolve("echo.sock");
        ServerSocketChannel uds = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        uds.bind(UnixDomainSocketAddress.of(socketPath));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.deleteIfExists(socketPath);
                Files.deleteIfExists(dir);
            } catch (IOException ignored) {
                // best effort
            }
        }));
        Thread tcpAccept = start("tcp-accept", () -> acceptTcp(tcp));
        start("uds-accept", () -> acceptUds(uds));
        System.out.println("READY tcp=" + tcp.getLocalPort() + " uds=" + socketPath);
        System.out.flush();
        // Accept threads are daemons: the JVM lives until the parent-watch thread halts it.
        tcpAccept.join();
    }

    private static void acceptTcp(ServerSocket server) {
        while (true) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                start("tcp-conn", () -> serveTcp(s));
            } catch (IOException e) {
                System.err.println("echo server: tcp accept failed: " + e);
                return;
            }
        }
    }

    private static void acceptUds(ServerSocketChannel server) {
        while (true) {
            try {
                SocketChannel ch = server.accept();
                start("uds-conn", () -> serveUds(ch));
            } catch (IOException e) {
                System.err.println("echo server: uds accept failed: " + e);
                return;
            }
        }
    }

    private static void serveTcp(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            byte[] head = new byte[1];
            readFully(in, head, 1);
            if (head[0] == ECHO) {
                byte[] size = new byte[4];
                readFully(in, size, 4);
                byte[] buf = new byte[ByteBuffer.wrap(size).getInt()];
                while (true) {
                    readFully(in, buf, buf.length);
                    out.write(buf);
                }
            } else if (head[0] == BULK) {
                byte[] buf = new byte[BULK_BUFFER];
                byte[] totalBytes = new byte[8];
                while (true) {
                    readFully(in, totalBytes, 8);
                    long left = ByteBuffer.wrap(totalBytes).getLong();
                    while (left > 0) {
                        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                        if (n < 0) {
                            throw new EOFException();
                        }
                        left -= n;
                    }
                    out.write(ACK);
                }
            } else {
                System.err.println("echo server: unknown protocol byte " + head[0]);
            }
        } catch (EOFException expected) {
            // client closed
        } catch (IOException e) {
            System.err.println("echo server: tcp connection failed: " + e);
        }
    }

    private static void serveUds(SocketChannel ch) {
        try (ch) {
            ByteBuffer head = ByteBuffer.allocate(5);
            head.limit(1);
            readFully(ch, head);
            if (head.get(0) != ECHO) {
                System.err.println("echo server: unknown uds protocol byte " + head.get(0));
                return;
            }
            head.limit(5);
            readFully(ch, head);
            ByteBuffer buf = ByteBuffer.allocateDirect(head.getInt(1));
            while (true) {
                buf.clear();
                readFully(ch, buf);
                buf.flip();
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
        } catch (EOFException expected) {
            // client closed
        } catch (IOException e) {
            System.err.println("echo server: uds connection failed: " + e);
        }
    }

    static void readFully(InputStream in, byte[] buf, int len) throws IOException {
        int off = 0;
        while (off < len) {
            int n = in.read(buf, off, len - off);
            if (n < 0) {
                throw new EOFException();
            }
            off += n;
        }
    }

    static void readFully(SocketChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) {
                throw new EOFException();
            }
        }
    }

    private static Thread start(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
