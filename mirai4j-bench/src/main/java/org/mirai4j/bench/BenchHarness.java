package org.mirai4j.bench;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Side-by-side benchmark harness: runs the registered {@link Measurement}s (floors first), then
 * prints every figure with its unit and, where {@link Targets#DEFAULT} has a target, the ratio
 * to its floor figure and PASS/FAIL.
 *
 * <pre>
 * java -jar mirai4j-bench/target/mirai4j-bench.jar [--quick] [--json FILE] [--only a,b] [--check]
 * java -jar mirai4j-bench/target/mirai4j-bench.jar --list
 * java -jar mirai4j-bench/target/mirai4j-bench.jar --jmh [JMH options]
 * </pre>
 * <ul>
 *   <li>{@code --quick}: few samples, the whole run under a minute on 2 cores (default: full).</li>
 *   <li>{@code --json FILE}: also write all figures as ONE flat JSON object of numbers,
 *       e.g. {@code {"floor_tcp_rtt_us": 31.2, ...}}.</li>
 *   <li>{@code --only a,b}: run only these measurements (by {@link Measurement#name()}), plus
 *       the ones their targets are judged against (e.g. {@code --only direct_tcp_rtt_us} also
 *       runs {@code floor_tcp_rtt_us}).</li>
 *   <li>{@code --check}: exit 1 if a target is missed.</li>
 *   <li>{@code --list}: list measurements and targets, run nothing.</li>
 *   <li>{@code --jmh ...}: hand the remaining arguments to JMH's {@code org.openjdk.jmh.Main}
 *       (see {@link org.mirai4j.bench.jmh}).</li>
 * </ul>
 * Exit status: 0; 1 with {@code --check} when a target is missed; 2 when a measurement failed
 * or timed out; 64 on bad usage.
 *
 * <p>Sample output line:
 * {@code direct_tcp_rtt_us  58.1 µs  = 1.9× floor_tcp_rtt_us (target ≤ 2×)  PASS}. The round-trip
 * figures are measured in blocks alternating with their floor ({@link Paired}); their ratio targets
 * are judged by that paired ratio, printed with the range of the per-pair ratios:
 * {@code dispatcher_rtt_us  78.6 µs  = 4.08× floor_tcp_rtt_us, paired (pairs 3.41–5.38×) (target ≤ 3×)  FAIL}.
 * See {@code mirai4j-bench/README.md}.
 */
public final class BenchHarness {

    private BenchHarness() {
    }

    /**
     * Entry point; see the class description for the flags.
     *
     * @param args command line
     * @throws Exception if JMH fails when run with {@code --jmh}
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--jmh")) {
            org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int status;
        try {
            status = run(args, out, err);
        } catch (UsageException e) {
            err.println("mirai4j-bench: " + e.getMessage());
            err.println(USAGE);
            status = 64;
        }
        out.flush();
        err.flush();
        // Exit explicitly: an abandoned (timed-out) measurement thread must not keep the JVM up.
        // ChildJvm's shutdown hook reaps any child still running.
        System.exit(status);
    }

    private static final String USAGE =
        "usage: java -jar mirai4j-bench.jar [--quick] [--json FILE] [--only name,name] [--check] | --list"
            + " | --jmh [JMH options]";

    /** Bad command line. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /**
     * Runs the harness without exiting the JVM.
     *
     * @param args command line, as for {@link #main(String[])} (without {@code --jmh})
     * @param out where the table goes
     * @param err where progress and errors go
     * @return the exit status
     * @throws UsageException on a bad command line
     * @throws Exception if the JSON file cannot be written
     */
    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Mode mode = Mode.FULL;
        Path json = null;
        List<String> only = null;
        boolean check = false;
        boolean list = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick":
                    mode = Mode.QUICK;
                    break;
                case "--full":
                    mode = Mode.FULL;
                    break;
                case "--json":
                    if (++i == args.length) {
                        throw new UsageException("--json needs a file");
                    }
                    json = Path.of(args[i]);
                    break;
                case "--only":
                    if (++i == args.length) {
                        throw new UsageException("--only needs a comma-separated list of names");
                    }
                    only = Arrays.stream(args[i].split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
                    break;
                case "--check":
                    check = true;
                    break;
                case "--list":
                    list = true;
                    break;
                case "-h":
                case "--help":
                    out.println(USAGE);
                    return 0;
                default:
                    throw new UsageException("unknown argument " + args[i]);
            }
        }

        Map<String, Measurement> all = Measurements.all();
        if (list) {
            printList(all, out);
            return 0;
        }
        List<Measurement> selected = select(all, only, err);

        out.printf(Locale.ROOT, "mirai4j-bench: %s mode, %d measurement(s), JDK %s (%s), %d CPUs, %s %s%n",
            mode.name().toLowerCase(Locale.ROOT), selected.size(), System.getProperty("java.version"),
            System.getProperty("java.vm.name"), Runtime.getRuntime().availableProcessors(),
            System.getProperty("os.name"), System.getProperty("os.arch"));

        double loadAtStart = loadAverage();
        warnIfBusy(loadAtStart, out);

        Map<String, Double> figures = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        long start = System.nanoTime();
        for (Measurement m : selected) {
            err.printf(Locale.ROOT, "[bench] %s ...%n", m.name());
            long t0 = System.nanoTime();
            try {
                Map<String, Double> got = runBounded(m, mode);
                got.forEach((k, v) -> {
                    if (figures.put(k, v) != null) {
                        err.println("[bench] warning: figure " + k + " reported twice; keeping the last");
                    }
                });
                err.printf(Locale.ROOT, "[bench] %s done in %.1f s%n", m.name(), (System.nanoTime() - t0) / 1e9);
            } catch (Throwable e) {
                String why = e instanceof TimeoutException ? e.getMessage() : e.toString();
                failures.put(m.name(), why);
                err.println("[bench] " + m.name() + " FAILED: " + why);
                if (!(e instanceof TimeoutException)) {
                    e.printStackTrace(err);
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        boolean missed = printTable(figures, failures, only == null, out);
        out.printf(Locale.ROOT, "total %.1f s; 1-min load average %.2f at start, %.2f at end (this run included),"
            + " %d CPUs%n", seconds, loadAtStart, loadAverage(), Runtime.getRuntime().availableProcessors());

        if (json != null) {
            Path parent = json.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(json, Json.flatObject(figures), StandardCharsets.UTF_8);
            err.println("[bench] wrote " + json);
        }
        if (!failures.isEmpty()) {
            return 2;
        }
        return check && missed ? 1 : 0;
    }

    /** The selected measurements, in registry order, with the references their targets need. */
    private static List<Measurement> select(Map<String, Measurement> all, List<String> only, PrintStream err)
        throws UsageException {
        if (only == null) {
            return new ArrayList<>(all.values());
        }
        Set<String> wanted = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(only);
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!all.containsKey(name)) {
                throw new UsageException("no measurement named " + name + "; known: " + String.join(", ", all.keySet()));
            }
            if (!wanted.add(name)) {
                continue;
            }
            Target t = Targets.DEFAULT.get(name);
            Optional<String> ref = t == null ? Optional.empty() : t.reference();
            if (ref.isPresent() && all.containsKey(ref.get()) && !only.contains(ref.get())) {
                err.println("[bench] also running " + ref.get() + ", which " + name + " is judged against");
                todo.push(ref.get());
            }
        }
        List<Measurement> selected = new ArrayList<>();
        for (Map.Entry<String, Measurement> e : all.entrySet()) {
            if (wanted.contains(e.getKey())) {
                selected.add(e.getValue());
            }
        }
        return selected;
    }

    /** Runs one measurement on its own daemon thread, abandoning it after {@link Mode#timeout()}. */
    private static Map<String, Double> runBounded(Measurement m, Mode mode) throws Throwable {
        System.gc();
        CompletableFuture<Map<String, Double>> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(m.run(mode));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "bench-" + m.name());
        t.setDaemon(true);
        t.start();
        try {
            Map<String, Double> r = result.get(mode.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (r == null) {
                throw new IllegalStateException(m.name() + " returned null");
            }
            return r;
        } catch (ExecutionException e) {
            throw e.getCause();
        } catch (TimeoutException e) {
            t.interrupt();
            t.join(5_000);
            throw new TimeoutException("timed out after " + mode.timeout().toSeconds() + " s"
                + (t.isAlive() ? " (thread abandoned)" : ""));
        }
    }

    /**
     * Prints the figure table; returns whether some target was missed.
     */
    private static boolean printTable(Map<String, Double> figures, Map<String, String> failures,
                                      boolean allRan, PrintStream out) {
        List<String[]> rows = new ArrayList<>();
        boolean missed = false;
        for (Map.Entry<String, Double> e : figures.entrySet()) {
            String figure = e.getKey();
            double value = e.getValue();
            Target target = Targets.DEFAULT.get(figure);
            String verdict = "";
            String mark = "";
            if (target != null && Double.isFinite(value)) {
                Target.Verdict v = target.evaluate(figure, value, figures);
                verdict = v.text();
                mark = v.mark();
                missed |= v.pass().map(p -> !p).orElse(false);
            }
            rows.add(new String[] {figure, Units.format(value), Units.of(figure), verdict, mark});
        }
        int w0 = "figure".length();
        int w1 = "value".length();
        int w2 = "unit".length();
        for (String[] r : rows) {
            w0 = Math.max(w0, r[0].length());
            w1 = Math.max(w1, r[1].length());
            w2 = Math.max(w2, r[2].length());
        }
        String fmt = "%-" + w0 + "s  %" + w1 + "s  %-" + w2 + "s  %s%n";
        out.println();
        out.printf(Locale.ROOT, fmt, "figure", "value", "unit", "target");
        out.printf(Locale.ROOT, fmt, "-".repeat(w0), "-".repeat(w1), "-".repeat(w2), "------");
        for (String[] r : rows) {
            String tail = r[3].isEmpty() ? "" : r[3] + "  " + r[4];
            out.printf(Locale.ROOT, fmt, r[0], r[1], r[2], tail);
        }
        for (Map.Entry<String, String> f : failures.entrySet()) {
            out.printf(Locale.ROOT, fmt, f.getKey(), "FAILED", "", f.getValue());
        }
        if (allRan) {
            List<String> unmeasured = new ArrayList<>();
            for (Map.Entry<String, Target> t : Targets.DEFAULT.entrySet()) {
                if (!figures.containsKey(t.getKey()) && !failures.containsKey(t.getKey())) {
                    unmeasured.add(t.getKey() + " " + t.getValue().describe(t.getKey()));
                }
            }
            if (!unmeasured.isEmpty()) {
                out.println();
                out.println("targets with no measurement registered yet:");
                for (String u : unmeasured) {
                    out.println("  " + u);
                }
            }
        }
        out.println();
        return missed;
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** Floors and mirai4j figures share the CPUs with whatever else runs: say so when it is a lot. */
    private static void warnIfBusy(double load, PrintStream out) {
        int cpus = Runtime.getRuntime().availableProcessors();
        if (load > 0.5 * cpus) {
            out.printf(Locale.ROOT, "WARNING: 1-min load average %.2f on %d CPUs: other processes compete for the "
                + "CPUs and the figures will be noisy%n", load, cpus);
        }
    }

    private static void printList(Map<String, Measurement> all, PrintStream out) {
        out.println("measurements (run order):");
        for (Measurement m : all.values()) {
            out.printf(Locale.ROOT, "  %-28s %s%n", m.name(), m.description());
        }
        out.println("targets:");
        for (Map.Entry<String, Target> t : Targets.DEFAULT.entrySet()) {
            out.printf(Locale.ROOT, "  %-28s %s%s%n", t.getKey(), t.getValue().describe(t.getKey()),
                all.containsKey(t.getKey()) ? "" : "   (not measured yet)");
        }
    }
}
