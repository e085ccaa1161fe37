package org.mirai4j.cli;

import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mirai4j.launch.DaemonCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code mirai4j bench ARGS}: the benchmarks live in {@code mirai4j-bench.jar}. The
 * {@code mirai4j} script runs that jar directly; this command is its description in
 * {@code --help} and a fallback for {@code java -jar mirai4j-cli.jar bench}, running the jar
 * found at {@code $MIRAI4J_BENCH_JAR} or next to this one in a source checkout.
 */
@Command(
    name = "bench",
    header = "Run the benchmarks (mirai4j-bench.jar; all arguments are passed on).",
    exitCodeOnInvalidInput = Main.EXIT_USAGE,
    description = {
      "Runs java -jar mirai4j-bench/target/mirai4j-bench.jar ARGS; the mirai4j script does"
          + " this directly (./mirai4j bench --help shows the benchmarks' own options). Run"
          + " from the CLI jar, the bench jar is looked up at $MIRAI4J_BENCH_JAR, then in the"
          + " source checkout the CLI jar was built in.",
      ""
    })
public final class BenchCommand implements Callable<Integer> {
  /** sysexits EX_UNAVAILABLE. */
  static final int EXIT_UNAVAILABLE = 69;

  @Spec CommandSpec spec;

  @Unmatched List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    Path jar = benchJar();
    if (jar == null) {
      err.println("mirai4j bench: mirai4j-bench.jar not found; build it (./mvnw -pl mirai4j-bench"
          + " -am package -DskipTests) and use the mirai4j script, or set MIRAI4J_BENCH_JAR");
      err.flush();
      return EXIT_UNAVAILABLE;
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(DaemonCommand.javaExecutable());
    cmd.add("-jar");
    cmd.add(jar.toString());
    cmd.addAll(args);
    spec.commandLine().getOut().flush();
    err.flush();
    return new ProcessBuilder(cmd).inheritIO().start().waitFor();
  }

  static Path benchJar() {
    String env = System.getenv("MIRAI4J_BENCH_JAR");
    if (env != null && !env.isEmpty()) {
      Path p = Paths.get(env);
      return Files.isRegularFile(p) ? p.toAbsolutePath() : null;
    }
    try {
      Path self = Paths.get(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // .../mirai4j-cli/target/mirai4j-cli.jar or .../mirai4j-cli/target/classes
      Path root = self.getParent() == null ? null : self.getParent().getParent();
      root = root == null ? null : root.getParent();
      if (root != null) {
        Path p = root.resolve("mirai4j-bench").resolve("target").resolve("mirai4j-bench.jar");
        if (Files.isRegularFile(p)) {
          return p.toAbsolutePath();
        }
      }
    } catch (URISyntaxException | RuntimeException e) {
      // unknown location
    }
    return null;
  }
}
