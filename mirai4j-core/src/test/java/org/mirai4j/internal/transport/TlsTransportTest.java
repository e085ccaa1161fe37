package org.mirai4j.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mirai4j.Daemon;
import org.mirai4j.DaemonOptions;
import org.mirai4j.Daemons;
import org.mirai4j.Mirai;
import org.mirai4j.Opts;
import org.mirai4j.internal.host.Profiles;
import org.mirai4j.internal.tls.TlsMaterial;
import org.mirai4j.internal.tls.TransportPki;
import org.mirai4j.launch.RemoteConfig;
import org.mirai4j.testing.Await;
import org.mirai4j.testing.InProcessDaemon;

/** tls+tcp:// end to end: real listener, real daemons (threads and JVMs), real handshakes. */
@Timeout(120)
class TlsTransportTest {
  private static final String SECRET = "tls-transport-test-secret";

  private static Daemons host(String compute) {
    return Daemons.builder().compute(compute).url("tls+tcp://127.0.0.1:0").n(0).secret(SECRET)
        .start();
  }

  private static DaemonOptions trusting(String pemOrPath) {
    return DaemonOptions.builder().secret(SECRET).tlsCert(pemOrPath).build();
  }

  private static String pem(String compute) {
    return Profiles.get(compute).tlsCertificatePem();
  }

  private static void awaitConnections(String compute, int n) {
    Await.until(() -> Daemons.status(compute).connections() == n);
  }

  @Test
  void zeroConfigTlsServesAMiraiToADaemonTrustingTheGeneratedCertificate() throws Exception {
    String compute = "tls-zero-config";
    try (Daemons daemons = host(compute)) {
      assertThat(daemons.url()).startsWith("tls+tcp://127.0.0.1:");
      assertThat(pem(compute)).contains("-----BEGIN CERTIFICATE-----").doesNotContain("KEY");
      InProcessDaemon.start(daemons.url(), trusting(pem(compute)));
      awaitConnections(compute, 1);
      assertThat(Mirai.mirai(() -> 42, Opts.compute(compute)).get()).isEqualTo(42);
    }
  }

  @Test
  void zeroConfigTlsWorksOverIpv6WithTheAddressAsSubjectAltName() throws Exception {
    Assumptions.assumeTrue(canBindIpv6Loopback(), "no IPv6 loopback");
    String compute = "tls-ipv6";
    try (Daemons daemons = Daemons.builder().compute(compute).url("tls+tcp://[::1]:0").n(0)
        .secret(SECRET).start()) {
      assertThat(daemons.url()).startsWith("tls+tcp://[::1]:");
      InProcessDaemon.start(daemons.url(), trusting(pem(compute)));
      awaitConnections(compute, 1);
      assertThat(Mirai.mirai(() -> 6 * 7, Opts.compute(compute)).get()).isEqualTo(42);
    }
  }

  private static boolean canBindIpv6Loopback() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void eachProfileGeneratesItsOwnCertificate() {
    try (Daemons a = host("tls-own-a"); Daemons b = host("tls-own-b")) {
      assertThat(pem("tls-own-a")).isNotEqualTo(pem("tls-own-b"));
    }
  }

  @Test
  void aLocalDaemonJvmGetsTheCertificateInItsLaunchCommandAndConnects() throws Exception {
    String compute = "tls-local-jvm";
    try (Daemons daemons = Daemons.builder().compute(compute).url("tls+tcp://127.0.0.1:0").n(1)
        .start()) {
      assertThat(Mirai.mirai(() -> ProcessHandle.current().pid(), Opts.compute(compute)).get())
          .isNotEqualTo(ProcessHandle.current().pid());
      assertThat(Mirai.mirai(() -> 42, Opts.compute(compute)).get()).isEqualTo(42);
    }
  }

  @Test
  void aCaSignedChainWithAnEncryptedKeyServesDaemonsTrustingTheCaFile(@TempDir Path dir)
      throws Exception {
    String compute = "tls-ca-signed";
    char[] password = "correct horse".toCharArray();
    TransportPki.CaSigned pki = TransportPki.caSigned("127.0.0.1", password);
    Path keyFile = dir.resolve("host.pem");
    Files.writeString(keyFile, pki.hostPem(), StandardCharsets.US_ASCII);
    Path caFile = dir.resolve("ca.pem");
    Files.writeString(caFile, pki.caPem(), StandardCharsets.US_ASCII);
    try (Daemons daemons = Daemons.builder().compute(compute).url("tls+tcp://127.0.0.1:0").n(0)
        .secret(SECRET).tls(keyFile.toString()).tlsPassword(password::clone).start()) {
      // The chain handed to daemons is the user's, leaf then CA; the key stays on the host.
      assertThat(pem(compute)).contains("-----BEGIN CERTIFICATE-----").doesNotContain("KEY");
      InProcessDaemon.start(daemons.url(), trusting(caFile.toString()));
      InProcessDaemon.start(daemons.url(), trusting(pem(compute)));
      awaitConnections(compute, 2);
      assertThat(Mirai.mirai(() -> "over a CA chain", Opts.compute(compute)).get())
          .isEqualTo("over a CA chain");
    }
  }

  @Test
  void aDaemonTrustingAnotherCertificateFailsAndTheHostKeepsServing() throws Exception {
    String compute = "tls-wrong-cert";
    try (Daemons daemons = host(compute)) {
      String other = TlsMaterial.selfSigned("127.0.0.1").certificateChainPem();
      long started = System.nanoTime();
      assertThatThrownBy(() -> Daemon.run(daemons.url(), trusting(other)))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("cannot dial " + daemons.url())
          .hasMessageContaining("not trusted");
      assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(10);
      Await.until(() -> Daemons.status(compute).rejected() >= 1);
      InProcessDaemon.start(daemons.url(), trusting(pem(compute)));
      awaitConnections(compute, 1);
      assertThat(Mirai.mirai(() -> 7, Opts.compute(compute)).get()).isEqualTo(7);
    }
  }

  @Test
  void anExpiredCertificateIsNamedInTheDaemonsError() {
    String compute = "tls-expired";
    String expired = TransportPki.expiredSelfSigned("127.0.0.1");
    try (Daemons daemons = Daemons.builder().compute(compute).url("tls+tcp://127.0.0.1:0").n(0)
        .secret(SECRET).tls(expired).start()) {
      assertThatThrownBy(() -> Daemon.run(daemons.url(), trusting(pem(compute))))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("certificate expired");
    }
  }

  @Test
  void aCertificateForAnotherHostNameIsNamedInTheDaemonsError() {
    String compute = "tls-mismatch";
    char[] password = "pw".toCharArray();
    TransportPki.CaSigned forLocalhost = TransportPki.caSigned("localhost", password);
    try (Daemons daemons = Daemons.builder().compute(compute).url("tls+tcp://127.0.0.1:0").n(0)
        .secret(SECRET).tls(forLocalhost.hostPem()).tlsPassword(password::clone).start()) {
      assertThatThrownBy(() -> Daemon.run(daemons.url(), trusting(forLocalhost.caPem())))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("host name mismatch")
          .hasMessageContaining("localhost")
          .hasMessageContaining("127.0.0.1");
    }
  }

  @Test
  void aPlainTcpDaemonAgainstATlsListenerFailsWithinSecondsAndIsCountedRejected() {
    String compute = "tls-plain-peer";
    try (Daemons daemons = host(compute)) {
      String plainUrl = daemons.url().replace("tls+tcp://", "tcp://");
      long started = System.nanoTime();
      assertThatThrownBy(() -> Daemon.run(plainUrl, DaemonOptions.builder().secret(SECRET)
          .build()))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("the host listens with TLS");
      assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(8);
      Await.until(() -> Daemons.status(compute).rejected() >= 1);
    }
  }

  @Test
  void aTlsDaemonAgainstAPlainListenerSaysThePeerDoesNotSpeakTls() {
    String compute = "tls-against-plain";
    try (Daemons daemons = Daemons.builder().compute(compute).url("tcp://127.0.0.1:0").n(0)
        .secret(SECRET).start()) {
      String tlsUrl = daemons.url().replace("tcp://", "tls+tcp://");
      String cert = TlsMaterial.selfSigned("127.0.0.1").certificateChainPem();
      assertThatThrownBy(() -> Daemon.run(tlsUrl, trusting(cert)))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("not speaking TLS");
    }
  }

  @Test
  void aTlsUrlWithoutTlscertIsAClearError() {
    assertThatThrownBy(() -> Daemon.run("tls+tcp://127.0.0.1:1",
        DaemonOptions.builder().secret(SECRET).build()))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("tls+tcp:// needs --tlscert");
  }

  @Test
  void aManualLaunchCommandCarriesThePemAndRunsAsItIs() throws Exception {
    String compute = "tls-manual";
    Process process = null;
    try (Daemons daemons = host(compute)) {
      List<String> commands = daemons.launchRemote(1, RemoteConfig.manual());
      assertThat(commands).hasSize(1);
      assertThat(commands.get(0)).contains("-----BEGIN CERTIFICATE-----")
          .contains(daemons.url());
      process = new ProcessBuilder("sh", "-c", commands.get(0))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      awaitConnections(compute, 1);
      assertThat(Mirai.mirai(() -> ProcessHandle.current().pid(), Opts.compute(compute)).get())
          .isNotEqualTo(ProcessHandle.current().pid());
    } finally {
      if (process != null) {
        Process p = process;
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    }
  }
}
