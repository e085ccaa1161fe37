package org.mirai4j.bench.floor;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.mirai4j.bench.ChildJvm;

/**
 * A running {@link EchoServer} in a child JVM, with the addresses it printed.
 *
 * <p>Use with try-with-resources; closing stops the child.
 */
public final class EchoChild implements AutoCloseable {

    /** JVM options of the echo child: a small fixed heap keeps GC out of the way. */
    public static final List<String> JVM_ARGS = List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC");

    private final ChildJvm jvm;
    private final int tcpPort;
    private final Path udsPath;

    private EchoChild(ChildJvm jvm, int tcpPort, Path udsPath) {
        this.jvm = jvm;
        this.tcpPort = tcpPort;
        this.udsPath = udsPath;
    }

    /**
     * Starts the echo child and waits (up to 30 s) for it to listen.
     *
     * @return the running child
     * @throws IOException if it cannot be started or exits early
     * @throws TimeoutException if it did not report READY in time
     * @throws InterruptedException if interrupted while waiting
     */
    public static EchoChild start() throws IOException, TimeoutException, InterruptedException {
        ChildJvm jvm = ChildJvm.start(EchoServer.class, JVM_ARGS);
        try {
            String ready = jvm.awaitLine("READY ", Duration.ofSeconds(30));
            int port = -1;
            Path uds = null;
            for (String part : ready.substring("READY ".length()).split(" ")) {
                if (part.startsWith("tcp=")) {
                    port = Integer.parseInt(part.substring(4));
                } else if (part.startsWith("uds=")) {
                    uds = Path.of(part.substring(4));
                }
            }
            if (port < 0 || uds == null) {
                throw new IOException("bad READY line from echo child: " + ready);
            }
            return new EchoChild(jvm, port, uds);
        } catch (IOException | TimeoutException | InterruptedException | RuntimeException e) {
            jvm.close();
            throw e;
        }
    }

    /** @return the loopback TCP port of the echo server */
    public int tcpPort() {
        return tcpPort;
    }

    /** @return the path of the echo server's Unix domain socket */
    public Path udsPath() {
        return udsPath;
    }

    /** @return the child JVM's process id */
    public long pid() {
        return jvm.pid();
    }

    /** Stops the child JVM (bounded, see {@link ChildJvm#close()}). */
    @Override
    public void close() {
        jvm.close();
    }
}
