package org.mirai4j.bench.mirai;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.mirai4j.Daemons;
import org.mirai4j.Mirai;
import org.mirai4j.Opts;
import org.mirai4j.Task;

/**
 * Investigation tool for the bimodal {@code payload_80mb_s} (issue 9, item 3): the same round
 * trip as {@link Payload80Mb}, and for each one the wall time next to what the host JVM and
 * the daemon JVM spent on it — user and system CPU and minor/major page faults, from
 * {@code /proc/PID/stat} — so a slow round trip shows whether it did more work (CPU, faults)
 * or waited for a CPU.
 *
 * <p>Run: {@code java -cp mirai4j-bench/target/mirai4j-bench.jar
 * org.mirai4j.bench.mirai.PayloadProbe [ROUND_TRIPS [URL]]} (default 10 over {@code tcp://127.0.0.1:0},
 * the bench's transport; {@code ipc} for the default ipc:// socket, whose frames carry no MAC;
 * Linux only). Add
 * {@code JAVA_TOOL_OPTIONS="-Xlog:gc*:file=/tmp/gc-%p.log"} for GC logs of both JVMs.
 */
public final class PayloadProbe {

    private PayloadProbe() {
    }

    /** utime, stime (clock ticks), minflt, majflt, voluntary context switches (all threads) of a process. */
    private record Proc(long utime, long stime, long minflt, long majflt, long switches) {
        static Proc of(long pid) throws IOException {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command name, which is in parentheses and may hold spaces.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // f[0] is field 3 (state): minflt is field 10, majflt 12, utime 14, stime 15.
            return new Proc(Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[7]),
                Long.parseLong(f[9]), switches(pid));
        }

        /** Voluntary context switches summed over the process's threads: how often it waited. */
        private static long switches(long pid) throws IOException {
            long sum = 0;
            try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
                for (Path t : (Iterable<Path>) tasks::iterator) {
                    try {
                        for (String line : Files.readAllLines(t.resolve("status"))) {
                            if (line.startsWith("voluntary_ctxt_switches:")) {
                                sum += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                            }
                        }
                    } catch (IOException gone) {
                        // the thread ended meanwhile
                    }
                }
            }
            return sum;
        }

        String minus(Proc before) {
            // USER_HZ is 100 on Linux: one tick is 10 ms.
            return String.format(Locale.ROOT, "usr %4d ms sys %4d ms minflt %6d majflt %d waits %5d",
                10 * (utime - before.utime), 10 * (stime - before.stime), minflt - before.minflt,
                majflt - before.majflt, switches - before.switches);
        }
    }

    /**
     * Runs the round trips and prints one line each.
     *
     * @param args optional number of round trips, then optional URL ({@code ipc}: the default socket)
     * @throws Exception if the profile fails or a round trip fails
     */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        double[] arr = new double[Payload80Mb.LENGTH];
        for (int i = 0; i < arr.length; i++) {
            arr[i] = i * 0.5 + 1;
        }
        Task<double[]> echo = () -> arr;
        String compute = "bench-payload-probe";
        Opts opts = Opts.compute(compute);
        String url = args.length > 1 ? args[1] : "tcp://127.0.0.1:0";
        Daemons.Builder builder = Daemons.builder().compute(compute).n(1).dispatcher(false);
        try (Daemons d = (url.equals("ipc") ? builder : builder.url(url)).start()) {
            MiraiBench.get(Mirai.mirai(echo, opts), "warm-up", Duration.ofSeconds(120));
            long self = ProcessHandle.current().pid();
            List<ProcessHandle> children = ProcessHandle.current().children().toList();
            if (children.size() != 1) {
                throw new IllegalStateException("expected one daemon process, found " + children);
            }
            long daemon = children.get(0).pid();
            System.out.println("host pid " + self + ", daemon pid " + daemon + ", " + d.url());
            for (int i = 0; i < n; i++) {
                Proc h0 = Proc.of(self);
                Proc d0 = Proc.of(daemon);
                long t0 = System.nanoTime();
                double[] back = MiraiBench.get(Mirai.mirai(echo, opts), "round trip " + i, Duration.ofSeconds(120));
                double s = (System.nanoTime() - t0) / 1e9;
                Proc h1 = Proc.of(self);
                Proc d1 = Proc.of(daemon);
                if (back.length != arr.length || back[back.length - 1] != arr[arr.length - 1]) {
                    throw new IllegalStateException("round trip " + i + " returned another array");
                }
                System.out.printf(Locale.ROOT, "%2d %6.3f s | host %s | daemon %s | load %.1f%n", i, s,
                    h1.minus(h0), d1.minus(d0),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            }
        }
    }
}
