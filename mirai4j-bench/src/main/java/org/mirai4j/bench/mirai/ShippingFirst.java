package org.mirai4j.bench.mirai;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.jar.JarFile;
import org.mirai4j.Daemons;
import org.mirai4j.Mirai;
import org.mirai4j.Opts;
import org.mirai4j.Task;
import org.mirai4j.bench.ChildJvm;
import org.mirai4j.bench.Measurement;
import org.mirai4j.bench.Mode;
import org.mirai4j.bench.Stats;
import org.mirai4j.launch.RemoteConfig;

/**
 * {@code shipping_first_ms}: milliseconds for the first task of a daemon started from the bare
 * CLI jar, whose capturing class exists only on the host and must be shipped. With contrasts:
 * <ul>
 *   <li>{@code shipping_first_ms}: host profile {@code Daemons.builder().compute("bench-ship")
 *       .url("tcp://127.0.0.1:0")} (dispatcher on, no local daemons); the command from {@code
 *       launchRemote(1, RemoteConfig.manual().withDaemonCommand("<this JVM's java> -jar
 *       <mirai4j-cli.jar>"))} is run with {@code sh -c}; once the daemon is connected, the first
 *       {@code Mirai.mirai(ShippedFirstTask.pid(), opts).get()} is timed. The lambda's capturing
 *       class {@code ShippedFirstTask} is in the bench jar only (checked), so the daemon fetches it
 *       from the host (CLASS_REQUEST / CLASS_DATA) while deserializing the task.</li>
 *   <li>{@code shipping_warm_ms}: the second, identical call on the same daemon. The daemon drops
 *       its shipped-class loader after each task, so this still fetches the class, but the host
 *       answers with its SHA-256 only and the daemon defines it from its cache.</li>
 *   <li>{@code shipping_new_class_ms}: third call on the same, now warm daemon with a lambda from a
 *       second never-shipped class ({@code ShippedSecondTask}): the cost of shipping one class
 *       (full bytes) without the cold-JVM cost.</li>
 *   <li>{@code shipping_local_first_ms}, {@code shipping_local_warm_ms}: the same two calls on a
 *       plain local daemon ({@code Daemons.builder().compute("bench-ship-local").n(1)
 *       .url("tcp://127.0.0.1:0")}), whose class path is the bench jar, so nothing is shipped: the
 *       first-task cost of a fresh daemon JVM without shipping.</li>
 * </ul>
 * Each figure is the median of 3 runs, each with a fresh daemon (the profile is reset and the
 * bare-jar daemon process awaited, at most 15 s, after every run). Daemon JVM start-up and
 * connection are not timed.
 *
 * <p>The CLI jar is {@code mirai4j-cli/target/mirai4j-cli.jar}, looked up next to the bench jar's
 * module ({@code <bench jar>/../../../mirai4j-cli/target/}), then under the working directory and
 * its parent; {@code -Dmirai4j.cli.jar=PATH} overrides. Build it with {@code ./mvnw package}.
 *
 * <p>Run: {@code ./mvnw -q -pl mirai4j-cli,mirai4j-bench -am package -DskipTests && java -jar
 * mirai4j-bench/target/mirai4j-bench.jar --only shipping_first_ms} (quick and full are the same 3
 * runs).
 *
 * <p>Baseline (2-core sandbox VM, OpenJDK 17.0.15, 2026-11, with other sessions' Maven builds running
 * (1-min load 5–11, up to 50 during the full run)), 5 runs of the measurement (4 quick, 1 full;
 * each a median of 3 daemons): shipping_first_ms 62–129 ms, shipping_local_first_ms 64–121 ms
 * (within ±10% of shipping_first_ms in the same run, either way); shipping_warm_ms 3.9–11.5 ms,
 * shipping_local_warm_ms 2.4–4.3 ms; shipping_new_class_ms 3.2–10.4 ms. About 3 s per run.
 *
 * <p>What dominates the first task: not shipping, but the daemon JVM running its first task cold.
 * A local daemon that has the class on its class path pays the same first-task cost
 * ({@code shipping_local_first_ms} ≈ {@code shipping_first_ms}), and shipping one class to a warm
 * daemon costs a few ms ({@code shipping_new_class_ms}, itself including the new lambda's hidden
 * class). A {@code -Xlog:class+load} trace of the bare-jar daemon shows about 150 classes loaded
 * and initialised between the task frame and the result: Java serialization
 * ({@code ObjectInputStream}, {@code ObjectStreamClass}, generated reflection accessors, the
 * deserialization filter and its logger), {@code SerializedLambda} and the lambda metafactory,
 * the daemon's session/evaluator classes, all interpreted; the fetch and definition of the
 * shipped class took about 12 ms of that in the traced (cold, logging) run. The second call on the
 * same daemon fetches the class again (the daemon drops its shipped-class loader after each task),
 * by hash only, which is the 1–3 ms {@code shipping_warm_ms} usually has over {@code
 * shipping_local_warm_ms}. Shipping a nested class costs one more fetch: its lambda's hidden class
 * makes the daemon load the nest host too (hence the top-level {@link ShippedFirstTask}).
 */
public final class ShippingFirst implements Measurement {

    /** The host profile the bare-jar daemon dials. */
    static final String COMPUTE = "bench-ship";

    /** The profile of the local daemon (bench classes on its class path). */
    static final String LOCAL = "bench-ship-local";

    private static final int RUNS = 3;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(15);
    private static final String CLI_JAR = "mirai4j-cli/target/mirai4j-cli.jar";

    @Override
    public String name() {
        return "shipping_first_ms";
    }

    @Override
    public String description() {
        return "first task of a bare CLI-jar daemon whose lambda class is shipped from the host, ms"
            + " (vs warm, new class, local daemon)";
    }

    @Override
    public Map<String, Double> run(Mode mode) throws Exception {
        Path cliJar = cliJar();
        checkNotInJar(cliJar, ShippedFirstTask.class);
        checkNotInJar(cliJar, ShippedSecondTask.class);
        double[] first = new double[RUNS];
        double[] warm = new double[RUNS];
        double[] newClass = new double[RUNS];
        double[] localFirst = new double[RUNS];
        double[] localWarm = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            double[] bare = bareJarRun(cliJar);
            first[i] = bare[0];
            warm[i] = bare[1];
            newClass[i] = bare[2];
            double[] local = localRun();
            localFirst[i] = local[0];
            localWarm[i] = local[1];
        }
        Map<String, Double> r = new LinkedHashMap<>();
        r.put("shipping_first_ms", Stats.median(first));
        r.put("shipping_warm_ms", Stats.median(warm));
        r.put("shipping_new_class_ms", Stats.median(newClass));
        r.put("shipping_local_first_ms", Stats.median(localFirst));
        r.put("shipping_local_warm_ms", Stats.median(localWarm));
        return r;
    }

    /** One bare-jar daemon: {first, warm, new class} in ms. */
    private static double[] bareJarRun(Path cliJar) throws Exception {
        Daemons d = null;
        Process p = null;
        Path log = Files.createTempFile("mirai4j-bench-ship-", ".log");
        Throwable primary = null;
        try {
            d = Daemons.builder().compute(COMPUTE).url("tcp://127.0.0.1:0").start();
            String java = ChildJvm.javaBinary().toString();
            List<String> commands = d.launchRemote(1, RemoteConfig.manual()
                .withDaemonCommand(shellQuote(java) + " -jar " + shellQuote(cliJar.toString())));
            if (commands.size() != 1) {
                throw new IllegalStateException("launchRemote(1, manual) gave " + commands.size() + " commands");
            }
            p = new ProcessBuilder("sh", "-c", commands.get(0))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
            awaitConnection(p, log);

            Opts opts = Opts.compute(COMPUTE);
            double[] ms = new double[3];
            ms[0] = timedPid(ShippedFirstTask.pid(), opts, p, "first task (class shipped)");
            ms[1] = timedPid(ShippedFirstTask.pid(), opts, p, "second task (same class)");
            ms[2] = timedPid(ShippedSecondTask.pid(), opts, p, "third task (new class)");
            return ms;
        } catch (Throwable t) {
            primary = t;
            throw t;
        } finally {
            MiraiBench.closeQuietly(d);
            String problem = p == null ? null : awaitExit(p);
            try {
                Files.deleteIfExists(log);
            } catch (IOException ignored) {
                // a leftover temp file is harmless
            }
            if (problem != null) {
                IllegalStateException e = new IllegalStateException(problem);
                if (primary != null) {
                    primary.addSuppressed(e);
                } else {
                    throw e;
                }
            }
        }
    }

    /** One local daemon (bench classes on its class path): {first, warm} in ms. */
    private static double[] localRun() throws Exception {
        Daemons d = null;
        try {
            d = Daemons.builder().compute(LOCAL).n(1).url("tcp://127.0.0.1:0").start();
            MiraiBench.awaitCondition(() -> MiraiBench.connections(LOCAL) >= 1, Duration.ofMillis(5),
                CONNECT_TIMEOUT, "local daemon of " + LOCAL + " connected");
            Opts opts = Opts.compute(LOCAL);
            double[] ms = new double[2];
            ms[0] = timedPid(ShippedFirstTask.pid(), opts, null, "local daemon, first task");
            ms[1] = timedPid(ShippedFirstTask.pid(), opts, null, "local daemon, second task");
            return ms;
        } finally {
            MiraiBench.closeQuietly(d);
        }
    }

    /**
     * Times one {@code mirai(task, opts).get()}, in ms, and checks where it ran: never in this JVM,
     * and in {@code daemon} (the {@code sh} process or a descendant) when given.
     */
    private static double timedPid(Task<Long> task, Opts opts, Process daemon, String what) throws Exception {
        long t0 = System.nanoTime();
        long pid = MiraiBench.get(Mirai.mirai(task, opts), what);
        double ms = (System.nanoTime() - t0) / 1e6;
        if (pid == ProcessHandle.current().pid()) {
            throw new IllegalStateException(what + " ran in the host JVM");
        }
        if (daemon != null && pid != daemon.pid()
            && daemon.descendants().noneMatch(h -> h.pid() == pid)) {
            throw new IllegalStateException(what + " ran in pid " + pid + ", not in the bare-jar daemon "
                + daemon.pid() + " or its descendants");
        }
        return ms;
    }

    /** Waits until the bare-jar daemon is connected, failing early if its process exits. */
    private static void awaitConnection(Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + CONNECT_TIMEOUT.toNanos();
        while (MiraiBench.connections(COMPUTE) < 1) {
            if (!p.isAlive()) {
                throw new IllegalStateException("the bare-jar daemon exited with " + p.exitValue()
                    + " before connecting; its output:\n" + tail(log));
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new TimeoutException("the bare-jar daemon did not connect to " + COMPUTE + " within "
                    + CONNECT_TIMEOUT.toMillis() + " ms; its output:\n" + tail(log));
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    /**
     * Waits, bounded, for the reset to end the daemon; kills it (and its descendants) otherwise.
     *
     * @return null if it exited by itself, else what went wrong
     */
    private static String awaitExit(Process p) {
        boolean exited;
        try {
            exited = p.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exited = false;
        }
        if (exited) {
            return null;
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        return "the bare-jar daemon (pid " + p.pid() + ") did not exit within " + EXIT_TIMEOUT.toMillis()
            + " ms of the profile reset; killed";
    }

    /** The last lines of the daemon's output, for error messages. */
    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /**
     * The CLI jar: {@code -Dmirai4j.cli.jar}, else {@value #CLI_JAR} in the tree the bench jar was
     * built in, else under the working directory or its parent.
     */
    static Path cliJar() {
        String property = System.getProperty("mirai4j.cli.jar");
        if (property != null) {
            Path p = Path.of(property).toAbsolutePath();
            if (!Files.isRegularFile(p)) {
                throw new IllegalStateException("-Dmirai4j.cli.jar=" + property + " is not a file");
            }
            return p;
        }
        Set<Path> candidates = new LinkedHashSet<>();
        Path benchJar = benchJar();
        if (benchJar != null) {
            // <root>/mirai4j-bench/target/mirai4j-bench.jar (or .../target/classes)
            Path root = benchJar.getParent() == null ? null : benchJar.getParent().getParent();
            root = root == null ? null : root.getParent();
            if (root != null) {
                candidates.add(root.resolve(CLI_JAR).normalize());
            }
        }
        Path cwd = Path.of("").toAbsolutePath();
        candidates.add(cwd.resolve(CLI_JAR));
        if (cwd.getParent() != null) {
            candidates.add(cwd.getParent().resolve(CLI_JAR));
        }
        for (Path c : candidates) {
            if (Files.isRegularFile(c)) {
                return c.normalize();
            }
        }
        throw new IllegalStateException("mirai4j-cli.jar not found (looked at " + candidates
            + "); build it with ./mvnw package (or -pl mirai4j-cli -am package -DskipTests),"
            + " or pass -Dmirai4j.cli.jar=PATH");
    }

    /** Where this class was loaded from, or null if unknown. */
    private static Path benchJar() {
        CodeSource cs = ShippingFirst.class.getProtectionDomain().getCodeSource();
        if (cs == null || cs.getLocation() == null) {
            return null;
        }
        try {
            return Path.of(cs.getLocation().toURI()).toAbsolutePath();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Fails if the CLI jar holds {@code c}: then nothing would be shipped. */
    private static void checkNotInJar(Path jar, Class<?> c) throws IOException {
        String entry = c.getName().replace('.', '/') + ".class";
        try (JarFile j = new JarFile(jar.toFile())) {
            if (j.getEntry(entry) != null) {
                throw new IllegalStateException(jar + " contains " + entry
                    + ", so the daemon would not need it shipped");
            }
        }
    }

    /** POSIX single-quoting. */
    private static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
