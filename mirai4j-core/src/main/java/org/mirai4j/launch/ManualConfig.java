package org.mirai4j.launch;

import java.util.ArrayList;
import java.util.List;

/** {@link RemoteConfig#manual()}: returns the daemon command lines, runs nothing. */
final class ManualConfig implements RemoteConfig {
  /** Ends the here-document that carries the secret (a generated secret never equals it). */
  static final String HEREDOC_END = "END_OF_SECRET";

  private final String daemonCommand;

  ManualConfig(String daemonCommand) {
    this.daemonCommand = daemonCommand;
  }

  @Override
  public ManualConfig withDaemonCommand(String cliCommand) {
    return new ManualConfig(Launch.checkDaemonCommand(cliCommand));
  }

  /**
   * {@inheritDoc}
   *
   * @return per daemon, with a secret: {@code <daemon line> --secret-stdin <<'END_OF_SECRET'},
   *     the secret, {@code END_OF_SECRET} (three lines: a here-document is shell input, not a
   *     command line, so {@code ps} never shows the secret); without one, the daemon line alone,
   *     for a machine where {@code MIRAI4J_SECRET} is set
   */
  @Override
  public List<String> launch(int n, List<String> daemonArgs, String hostUrl, String secret) {
    Launch.checkN(n);
    Launch.checkSecret(secret);
    String line = secret == null ? Launch.daemonLine(daemonCommand, daemonArgs)
        : Launch.daemonLine(daemonCommand, Launch.withArg(daemonArgs, Launch.SECRET_STDIN))
            + " <<'" + HEREDOC_END + "'\n" + secret + "\n" + HEREDOC_END;
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(line);
    }
    return out;
  }

  @Override
  public boolean startsDaemons() {
    return false;
  }

  @Override
  public String toString() {
    return "RemoteConfig.manual()";
  }
}
