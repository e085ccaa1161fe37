package org.mirai4j.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the real sshd of {@code .ci/infra/sshd.sh} (root@127.0.0.1:2222, reached with {@code -F ssh_config}). */
class SshLauncherIT {
  static final List<String> SSH_OPTS = List.of("-F", TestInfra.SSH_CONFIG.toString());

  @TempDir
  Path dir;

  @BeforeAll
  static void sshd() {
    TestInfra.requireSshd();
  }

  @Test
  void daemonsStartOnTheRemoteWithTheirArgumentsAndSshReturns() throws Exception {
    SshConfig ssh = RemoteConfig.ssh(List.of("ssh://root@127.0.0.1:2222"), false).withSshOptions(SSH_OPTS)
        .withDaemonCommand(CommandConfigTest.recorder(dir));

    List<String> lines = ssh.launch(2, RemoteConfigTest.ARGS, "tcp://10.0.0.1:5555");

    assertThat(lines).hasSize(2).allMatch(l -> l.startsWith("ssh -F ") && l.contains("nohup sh -c "));
    await().atMost(Duration.ofSeconds(20)).until(() -> CommandConfigTest.files(dir).size() == 2
        && CommandConfigTest.files(dir).stream().allMatch(f -> f.toFile().length() > 0));
    for (Path f : CommandConfigTest.files(dir)) {
      assertThat(Files.readAllLines(f)).containsExactlyElementsOf(RemoteConfigTest.ARGS);
    }
  }

  @Test
  void aHostAliasFromTheSshConfigurationWorksWithoutAPort() throws Exception {
    SshConfig ssh = RemoteConfig.ssh(List.of("ssh://testhost"), false).withSshOptions(SSH_OPTS)
        .withDaemonCommand("touch " + dir.resolve("d.alias") + "; true");
    ssh.launch(1, List.of("daemon", "tcp://10.0.0.1:5555"), "tcp://10.0.0.1:5555");
    await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(dir.resolve("d.alias")));
  }

  @Test
  void aClosedPortThrowsWithSshsOwnMessage() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    SshConfig ssh = RemoteConfig.ssh(List.of("ssh://root@127.0.0.1:" + port), false).withSshOptions(SSH_OPTS)
        .withDaemonCommand("true");
    assertThatThrownBy(() -> ssh.launch(1, List.of("daemon"), "tcp://10.0.0.1:5555"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("ssh failed (exit code 255)")
        .hasMessageContaining("port " + port + ": Connection refused");
  }

  @Test
  void aRefusedLoginThrowsWithSshsOwnMessage() {
    SshConfig ssh = RemoteConfig.ssh(List.of("ssh://nobody@127.0.0.1:2222"), false).withSshOptions(SSH_OPTS)
        .withDaemonCommand("true");
    assertThatThrownBy(() -> ssh.launch(1, List.of("daemon"), "tcp://10.0.0.1:5555"))
        .isInstanceOf(IOException.class).hasMessageContaining("Permission denied");
  }

  /**
   * sshd shares this machine's network stack, so the remote end of {@code -R P:127.0.0.1:P} cannot
   * bind 127.0.0.1:P (the test listens there) but binds [::1]:P: the "remote" daemon dials [::1]:P,
   * which reaches this test's listener only through the tunnel.
   */
  @Test
  void aTunnelCarriesTheDaemonsConnectionBackToTheHostAndStaysOpenWhileItRuns() throws Exception {
    try (ServerSocket host = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"))) {
      int port = host.getLocalPort();
      String hostUrl = Urls.localUrl(true, port);
      String dialBack = "exec 3<>/dev/tcp/::1/" + port + " && echo \"$*\" >&3 && cat <&3 >/dev/null";
      SshConfig ssh = RemoteConfig.ssh(List.of("ssh://testhost"), true).withSshOptions(SSH_OPTS)
          .withDaemonCommand("bash -c " + Shell.quote(dialBack) + " daemon-stub");
      host.setSoTimeout(20_000);

      List<String> lines = ssh.launch(1, List.of("daemon", hostUrl, "--maxtasks=1"), hostUrl);

      assertThat(lines).singleElement().asString().contains("-R " + port + ":127.0.0.1:" + port);
      try (Socket daemon = host.accept();
           BufferedReader in = new BufferedReader(new InputStreamReader(daemon.getInputStream(), StandardCharsets.UTF_8))) {
        assertThat(in.readLine()).isEqualTo("daemon " + hostUrl + " --maxtasks=1");
      } // closing ends the stub daemon, and with it the ssh session
    }
  }
}
