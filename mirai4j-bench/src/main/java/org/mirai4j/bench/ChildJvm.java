package org.mirai4j.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A child JVM started with this JVM's {@code java} binary and class path, for measurements that
 * need a second process (echo servers, daemons).
 *
 * <p>Cleanup is guaranteed three ways: {@link #close()} (use try-with-resources), a JVM shutdown
 * hook that destroys every child still alive, and the child's standard input, which stays open
 * as a pipe: a child main that calls {@link #exitWhenParentGoes(java.time.Duration)} exits when it reads EOF, so it
 * dies with the harness even after {@code kill -9}.
 *
 * <p>The child's stderr is inherited; its stdout is read line by line by a daemon thread, and
 * {@link #awaitLine(String, Duration)} waits, bounded, for a line such as a readiness banner.
 */
public final class ChildJvm implements AutoCloseable {

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Process p : LIVE) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }, "mirai4j-bench-child-reaper"));
    }

    private static final String EOF = "\u0000EOF";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private ChildJvm(Process process) {
        this.process = process;
        Thread reader = new Thread(this::pump, "child-" + process.pid() + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code mainClass} in a new JVM.
     *
     * @param mainClass a class on this JVM's class path with a {@code main} method
     * @param jvmArgs options placed before the class name, e.g. {@code -Xmx256m}
     * @param args program arguments
     * @return the running child
     * @throws IOException if the process cannot be started
     */
    public static ChildJvm start(Class<?> mainClass, List<String> jvmArgs, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaBinary().toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .redirectOutput(ProcessBuilder.Redirect.PIPE)
            .redirectInput(ProcessBuilder.Redirect.PIPE);
        Process p = pb.start();
        LIVE.add(p);
        return new ChildJvm(p);
    }

    /**
     * The {@code java} executable of the running JVM.
     *
     * @return {@code $java.home/bin/java}
     */
    public static Path javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /**
     * For use in a child's {@code main}: starts a daemon thread that exits the JVM when standard
     * input reaches EOF, i.e. when the parent closed the pipe or died. Also exits after
     * {@code maxLifetime} as a last resort.
     *
     * @param maxLifetime the longest the child may live
     */
    public static void exitWhenParentGoes(Duration maxLifetime) {
        Thread watcher = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // ignore anything the parent sends
                }
            } catch (IOException ignored) {
                // treat as EOF
            }
            Runtime.getRuntime().halt(0);
        }, "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
        Thread deadline = new Thread(() -> {
            try {
                Thread.sleep(maxLifetime.toMillis());
                System.err.println("child JVM: max lifetime " + maxLifetime + " reached, exiting");
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException ignored) {
                // not expected
            }
        }, "lifetime-limit");
        deadline.setDaemon(true);
        deadline.start();
    }

    /**
     * Waits for a stdout line starting with {@code prefix}; earlier lines are discarded.
     *
     * @param prefix the start of the expected line
     * @param timeout how long to wait
     * @return the whole line
     * @throws TimeoutException if no such line came in time
     * @throws IOException if the child's stdout closed (e.g. it exited) first
     * @throws InterruptedException if interrupted while waiting
     */
    public String awaitLine(String prefix, Duration timeout) throws TimeoutException, IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                throw new TimeoutException("no line starting with '" + prefix + "' from child " + pid()
                    + " within " + timeout);
            }
            if (line == EOF) {
                lines.add(EOF);
                throw new IOException("child " + pid() + " closed stdout (alive=" + process.isAlive()
                    + ") before printing '" + prefix + "'");
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** @return the child's process id, e.g. for {@link ProcessRss#rssMb(long)} */
    public long pid() {
        return process.pid();
    }

    /** @return the underlying process */
    public Process process() {
        return process;
    }

    /**
     * Stops the child: closes its stdin, waits up to 2 s for it to exit, then destroys it (and
     * its descendants), forcibly if needed. Never blocks longer than about 10 s.
     */
    @Override
    public void close() {
        try {
            try {
                process.getOutputStream().close();
            } catch (IOException ignored) {
                // already gone
            }
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
                if (!process.waitFor(3, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            LIVE.remove(process);
        }
    }

    private void pump() {
        try (BufferedReader r = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException | UncheckedIOException ignored) {
            // stream closed
        } finally {
            lines.add(EOF);
        }
    }
}
