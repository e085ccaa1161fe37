package org.mirai4j.launch;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real services the launcher ITs use, brought up by {@code .ci/infra/*.sh} (as root). An IT
 * whose service is absent fails when {@code CI=true}, else it is skipped with the script to run.
 */
final class TestInfra {
  static final Path STATE = Path.of("/var/lib/mirai4j-test");
  /** ssh client configuration of {@code .ci/infra/sshd.sh}: Host {@code testhost} = root@127.0.0.1:2222. */
  static final Path SSH_CONFIG = STATE.resolve("sshd/ssh_config");
  static final Path SGE_ENV = STATE.resolve("sge.env");

  private TestInfra() {}

  static void requireSshd() {
    require(Files.isReadable(SSH_CONFIG) && runs("ssh", "-F", SSH_CONFIG.toString(), "-o", "ConnectTimeout=5",
        "testhost", "true"), "sshd on 127.0.0.1:2222", "sshd.sh");
  }

  static void requireSlurm() {
    require(runs("scontrol", "ping") && runs("sh", "-c", "sinfo -h -N -o %T | grep -Eq '^(idle|mixed|allocated)'"),
        "Slurm (slurmctld + slurmd, node idle)", "slurm.sh");
  }

  static Map<String, String> requireSge() {
    Map<String, String> env = Files.isReadable(SGE_ENV) ? readEnv(SGE_ENV) : Map.of();
    require(!env.isEmpty() && runs(env, "qstat", "-f"), "Grid Engine (sge_qmaster + sge_execd)", "sge.sh");
    return env;
  }

  private static void require(boolean present, String what, String script) {
    if (present) {
      return;
    }
    String msg = what + " is not running: run `sudo .ci/infra/" + script + " up` (or .ci/infra/all.sh up)";
    if ("true".equals(System.getenv("CI"))) {
      fail("CI=true and " + msg);
    }
    Assumptions.abort(msg);
  }

  private static boolean runs(String... argv) {
    return runs(Map.of(), argv);
  }

  private static boolean runs(Map<String, String> env, String... argv) {
    try {
      ProcessBuilder pb = new ProcessBuilder(List.of(argv)).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD);
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** KEY=VALUE lines. */
  static Map<String, String> readEnv(Path file) {
    Map<String, String> env = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(file)) {
        int eq = line.indexOf('=');
        if (eq > 0 && !line.startsWith("#")) {
          env.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
      }
    } catch (IOException e) {
      return Map.of();
    }
    return env;
  }
}
