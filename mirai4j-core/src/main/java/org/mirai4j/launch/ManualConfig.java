package org.mirai4j.launch;

import java.util.ArrayList;
import java.util.List;

/** {@link RemoteConfig#manual()}: returns the daemon command lines, runs nothing. */
final class ManualConfig implements RemoteConfig {
  private final String daemonCommand;

  ManualConfig(String daemonCommand) {
    this.daemonCommand = daemonCommand;
  }

  @Override
  public ManualConfig withDaemonCommand(String cliCommand) {
    return new ManualConfig(Launch.checkDaemonCommand(cliCommand));
  }

  @Override
  public List<String> launch(int n, List<String> daemonArgs, String hostUrl) {
    Launch.checkN(n);
    String line = Launch.daemonLine(daemonCommand, daemonArgs);
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(line);
    }
    return out;
  }

  @Override
  public String toString() {
    return "RemoteConfig.manual()";
  }
}
