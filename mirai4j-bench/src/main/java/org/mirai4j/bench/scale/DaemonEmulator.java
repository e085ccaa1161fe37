package org.mirai4j.bench.scale;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import org.mirai4j.bench.ChildJvm;
import org.mirai4j.internal.daemon.Evaluator;
import org.mirai4j.internal.protocol.DaemonHandshake;
import org.mirai4j.internal.protocol.FrameMac;
import org.mirai4j.internal.protocol.FrameType;
import org.mirai4j.internal.protocol.Frames;
import org.mirai4j.internal.protocol.Handshake;
import org.mirai4j.internal.protocol.Payloads;
import org.mirai4j.internal.protocol.ProtocolException;
import org.mirai4j.internal.rng.RandomStreams;
import org.mirai4j.internal.serial.JavaSerializer;
import org.mirai4j.internal.serial.SerialConfig;
import org.mirai4j.internal.transport.MiraiUrl;

/**
 * Many protocol-level daemons in one JVM: each connection dials the host, speaks the real
 * handshake v2 ({@link DaemonHandshake}, frame MACs by {@link FrameMac}) and evaluates every
 * TASK inline on its selector thread with core's {@link Evaluator}, then answers RESULT. No
 * thread per daemon: a few NIO selector threads carry all connections, so 10,000 daemons cost
 * a few MB, not 10,000 stacks.
 *
 * <p>What it leaves out of a real daemon: cancel (tasks finish before a CANCEL could be read),
 * code shipping, cleanup of globals, maxtasks/idletime/walltime. It answers each HEARTBEAT from
 * the host with one, so the host never finds it silent.
 *
 * <p>Run as a child JVM by {@code ScaleDispatch}: {@code DaemonEmulator URL N THREADS}; the
 * secret comes as the first line on stdin (never on the command line). Prints
 * {@code CONNECTED n ms} once all n handshakes finished, or {@code FAILED reason}; exits when
 * stdin reaches EOF.
 */
public final class DaemonEmulator {

    /** Handshakes under way at once: keeps the host's accept backlog and the CPUs from flooding. */
    static final int IN_FLIGHT = 256;

    private DaemonEmulator() {
    }

    /**
     * Connects the daemons and serves them until stdin closes.
     *
     * @param args URL, number of connections, selector threads
     * @throws Exception on a bad argument or if a selector cannot be opened
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: DaemonEmulator URL N THREADS, secret on stdin; got "
                + List.of(args));
        }
        MiraiUrl url = MiraiUrl.parse(args[0]);
        if (url.isIpc() || url.scheme().tls() || url.isWebSocket()) {
            throw new IllegalArgumentException("the emulator dials tcp:// only: " + url);
        }
        int n = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        byte[] secret = Handshake.secretBytes(readLine(System.in));
        ChildJvm.exitWhenParentGoes(Duration.ofMinutes(30));

        Emulator emulator = new Emulator(secret, url.needsFrameIntegrity(), n, threads);
        InetSocketAddress address = new InetSocketAddress(url.host(), url.port());
        long t0 = System.nanoTime();
        emulator.connectAll(address);
        String failure = emulator.awaitConnected(Duration.ofMinutes(5));
        if (failure != null) {
            System.out.println("FAILED " + failure);
        } else {
            System.out.printf("CONNECTED %d %.1f%n", n, (System.nanoTime() - t0) / 1e6);
        }
        System.out.flush();
        Thread.currentThread().join(); // parent-watch halts the JVM when the parent goes
    }

    /** Reads one line byte by byte, so nothing after it is buffered away from the parent watch. */
    private static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            b.append((char) c);
        }
        return b.toString().trim();
    }

    /** The connections and their selector loops; closing drops every connection and stops the loops. */
    static final class Emulator implements AutoCloseable {
        private final byte[] secret;
        private final boolean integrity;
        private final int n;
        private final Loop[] loops;
        private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
        private final CountDownLatch connected;
        private final AtomicReference<String> failure = new AtomicReference<>();

        Emulator(byte[] secret, boolean integrity, int n, int threads) throws IOException {
            if (n < 1 || threads < 1) {
                throw new IllegalArgumentException("n and threads must be >= 1: n=" + n + ", threads=" + threads);
            }
            this.secret = secret;
            this.integrity = integrity;
            this.n = n;
            this.connected = new CountDownLatch(n);
            this.loops = new Loop[threads];
            for (int i = 0; i < threads; i++) {
                loops[i] = new Loop(this, i);
                Thread t = new Thread(loops[i], "emulator-loop-" + i);
                t.setDaemon(true);
                t.start();
            }
        }

        void connectAll(InetSocketAddress address) throws IOException, InterruptedException {
            for (int i = 0; i < n && failure.get() == null; i++) {
                if (!inFlight.tryAcquire(60, TimeUnit.SECONDS)) {
                    fail("no handshake finished within 60 s (" + (n - connected.getCount()) + " of " + n + " done)");
                    return;
                }
                SocketChannel ch = SocketChannel.open();
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ch.connect(address);
                Conn c = new Conn(this, ch, i);
                loops[i % loops.length].add(c);
            }
        }

        String awaitConnected(Duration timeout) throws InterruptedException {
            while (!connected.await(100, TimeUnit.MILLISECONDS)) {
                if (failure.get() != null) {
                    return failure.get();
                }
                timeout = timeout.minusMillis(100);
                if (timeout.isNegative()) {
                    return "only " + (n - connected.getCount()) + " of " + n + " connected in time";
                }
            }
            return failure.get();
        }

        /** Closes every connection and selector; the loop threads end. */
        @Override
        public void close() {
            for (Loop loop : loops) {
                loop.close();
            }
        }

        void handshakeDone() {
            inFlight.release();
            connected.countDown();
        }

        void fail(String why) {
            if (failure.compareAndSet(null, why)) {
                System.err.println("[emulator] " + why);
            }
        }
    }

    /** One selector thread and the connections it carries. */
    static final class Loop implements Runnable {
        private final Emulator emulator;
        private final Selector selector;
        private final ConcurrentLinkedQueue<Conn> added = new ConcurrentLinkedQueue<>();
        private final Map<String, Object> globals = new ConcurrentHashMap<>();
        private final Evaluator evaluator = new Evaluator(new JavaSerializer(), globals);
        private final RandomGenerator random;

        Loop(Emulator emulator, int index) throws IOException {
            this.emulator = emulator;
            this.selector = Selector.open();
            this.random = RandomStreams.generator(index);
        }

        void add(Conn c) {
            added.add(c);
            selector.wakeup();
        }

        void close() {
            // Closing the selector deregisters its keys; the channels close on their own.
            for (SelectionKey k : new ArrayList<>(selector.keys())) {
                ((Conn) k.attachment()).close();
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // closed anyway
            }
        }

        @Override
        public void run() {
            while (true) {
                try {
                    selector.select();
                    for (Conn c = added.poll(); c != null; c = added.poll()) {
                        c.key = c.channel.register(selector, SelectionKey.OP_CONNECT, c);
                    }
                    Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                    while (it.hasNext()) {
                        SelectionKey k = it.next();
                        it.remove();
                        Conn c = (Conn) k.attachment();
                        try {
                            if (k.isValid() && k.isConnectable() && c.channel.finishConnect()) {
                                k.interestOps(SelectionKey.OP_READ);
                            }
                            if (k.isValid() && k.isReadable()) {
                                c.readable(this);
                            }
                            if (k.isValid() && k.isWritable()) {
                                c.flush();
                            }
                        } catch (IOException | RuntimeException e) {
                            c.close();
                            emulator.fail("daemon " + c.index + ": " + e);
                        }
                    }
                } catch (java.nio.channels.ClosedSelectorException e) {
                    return; // closed by Emulator.close
                } catch (IOException e) {
                    emulator.fail("selector: " + e);
                    return;
                }
            }
        }
    }

    /** One emulated daemon's connection: handshake state, MACs, buffers. */
    static final class Conn {
        private final Emulator emulator;
        private final SocketChannel channel;
        private final int index;
        private final DaemonHandshake handshake;
        private SelectionKey key;
        private ByteBuffer in = ByteBuffer.allocate(256);
        private ByteBuffer out; // pending bytes, in read mode; null when none
        private FrameMac inMac;
        private FrameMac outMac;
        private boolean authenticated;
        private boolean awaitingConfig;
        private Evaluator ownEvaluator; // when the host sent serializer registrations

        Conn(Emulator emulator, SocketChannel channel, int index) {
            this.emulator = emulator;
            this.channel = channel;
            this.index = index;
            // Each emulated daemon claims its own pid so the host tells them apart in its logs.
            this.handshake = new DaemonHandshake(emulator.secret, true, emulator.integrity,
                1_000_000L + index, "emulator", List.of());
        }

        void readable(Loop loop) throws IOException {
            int got = channel.read(in);
            if (got < 0) {
                close();
                if (!authenticated) {
                    emulator.fail("daemon " + index + ": the host closed the connection during the handshake");
                }
                return;
            }
            in.flip();
            while (true) {
                if (in.remaining() < Frames.LENGTH_BYTES) {
                    break;
                }
                int length = in.getInt(in.position());
                FrameMac mac = inMac;
                int overhead = Frames.HEADER_BYTES + (mac == null ? 0 : FrameMac.OVERHEAD);
                int limit = authenticated ? Frames.DEFAULT_LIMIT : Frames.HANDSHAKE_LIMIT;
                if (length < overhead || length > limit) {
                    throw new ProtocolException("frame of " + length + " bytes outside " + overhead + ".." + limit);
                }
                if (in.remaining() < Frames.LENGTH_BYTES + length) {
                    if (in.capacity() < Frames.LENGTH_BYTES + length) {
                        ByteBuffer bigger = ByteBuffer.allocate(Frames.LENGTH_BYTES + length);
                        bigger.put(in);
                        in = bigger;
                        return; // in is in write mode again
                    }
                    break;
                }
                in.getInt();
                byte code = in.get();
                long id = in.getLong();
                if (mac != null) {
                    byte[] headerTag = new byte[FrameMac.TAG_BYTES];
                    in.get(headerTag);
                    if (!mac.verifyHeader(length, code, id, headerTag)) {
                        throw new ProtocolException("integrity check failed on a frame header");
                    }
                }
                byte[] payload = new byte[length - overhead];
                in.get(payload);
                if (mac != null) {
                    mac.begin(length, code, id);
                    mac.update(payload, 0, payload.length);
                    byte[] tag = new byte[FrameMac.TAG_BYTES];
                    in.get(tag);
                    if (!mac.verify(tag)) {
                        throw new ProtocolException("integrity check failed on a frame");
                    }
                }
                handle(loop, FrameType.of(code), id, payload);
                if (!channel.isOpen()) {
                    return;
                }
            }
            in.compact();
        }

        private void handle(Loop loop, FrameType type, long id, byte[] payload) throws IOException {
            switch (type) {
                case HELLO -> write(FrameType.AUTH, 0, handshake.auth(payload), -1);
                case WELCOME -> {
                    DaemonHandshake.Welcomed w = handshake.welcome(payload);
                    inMac = w.inbound();
                    outMac = w.outbound();
                    authenticated = true;
                    awaitingConfig = w.configFollows();
                    if (!awaitingConfig) {
                        emulator.handshakeDone();
                    }
                }
                case CONFIG -> {
                    if (!awaitingConfig) {
                        throw new ProtocolException("unexpected CONFIG");
                    }
                    awaitingConfig = false;
                    JavaSerializer serializer = SerialConfig.read(ByteBuffer.wrap(payload));
                    ownEvaluator = new Evaluator(serializer, new ConcurrentHashMap<>());
                    emulator.handshakeDone();
                }
                case TASK -> {
                    int offset = 1 + ((payload[0] & Payloads.TASK_STREAM) != 0 ? RandomStreams.STATE_BYTES : 0);
                    Evaluator e = ownEvaluator != null ? ownEvaluator : loop.evaluator;
                    Evaluator.Result r = e.evaluate(payload, offset, loop.random, () -> false,
                        DaemonEmulator.class.getClassLoader());
                    write(FrameType.RESULT, id, r.bytes(), r.length());
                }
                case HEARTBEAT -> write(FrameType.HEARTBEAT, 0, new byte[0], 0);
                case CANCEL, ACK -> {
                    // tasks run inline: a cancel always comes too late; no last result is ever sent
                }
                case EXIT -> close();
                default -> throw new ProtocolException("unexpected " + type + " frame from the host");
            }
        }

        /** Writes a frame (MACed once authenticated); what the socket does not take waits for OP_WRITE. */
        private void write(FrameType type, long id, byte[] payload, int payloadLength) throws IOException {
            int len = payloadLength < 0 ? payload.length : payloadLength;
            FrameMac mac = outMac;
            int length = Frames.HEADER_BYTES + len + (mac == null ? 0 : FrameMac.OVERHEAD);
            ByteBuffer frame = ByteBuffer.allocate(Frames.LENGTH_BYTES + length);
            frame.putInt(length).put(type.code()).putLong(id);
            if (mac != null) {
                frame.put(mac.headerTag(length, type.code(), id));
                mac.begin(length, type.code(), id);
                mac.update(payload, 0, len);
            }
            frame.put(payload, 0, len);
            if (mac != null) {
                frame.put(mac.finish());
            }
            frame.flip();
            if (out != null) {
                ByteBuffer joined = ByteBuffer.allocate(out.remaining() + frame.remaining());
                joined.put(out).put(frame).flip();
                out = joined;
            } else {
                out = frame;
            }
            flush();
        }

        void flush() throws IOException {
            while (out != null && out.hasRemaining()) {
                if (channel.write(out) == 0) {
                    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                    return;
                }
            }
            out = null;
            if (key != null && key.isValid() && (key.interestOps() & SelectionKey.OP_WRITE) != 0) {
                key.interestOps(SelectionKey.OP_READ);
            }
        }

        void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // gone already
            }
        }
    }
}
