package org.mirai4j.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UrlsTest {

  @Test
  void hostUrlIsTcpOrTlsWithAnAddressAndThePort() {
    assertThat(Urls.hostUrl(false, 5555)).matches("tcp://(\\d+\\.\\d+\\.\\d+\\.\\d+|\\[[0-9a-f:]+\\]):5555");
    assertThat(Urls.hostUrl(true, 0)).matches("tls\\+tcp://(\\d+\\.\\d+\\.\\d+\\.\\d+|\\[[0-9a-f:]+\\]):0");
  }

  @Test
  void hostUrlPrefersANonLoopbackAddressWhenTheMachineHasOne() {
    String addr = Urls.hostAddress();
    assertThat(addr).isNotBlank();
    // whatever it is, it is never a loopback address unless nothing else exists
    if (!addr.equals("127.0.0.1")) {
      assertThat(addr).doesNotStartWith("127.").isNotEqualTo("[::1]");
    }
  }

  @Test
  void hostUrlsGivesOneUrlPerInterfaceByNameTheFirstBeingHostUrls() throws Exception {
    java.util.Map<String, String> urls = Urls.hostUrls(true, 5555);
    assertThat(urls).isNotEmpty();
    assertThat(urls.values().iterator().next()).isEqualTo(Urls.hostUrl(true, 5555));
    assertThat(urls.values()).allMatch(u -> u.matches("tls\\+tcp://(\\d+\\.\\d+\\.\\d+\\.\\d+|\\[[0-9a-f:]+\\]):5555"));
    for (String name : urls.keySet()) {
      if (!name.equals("lo")) {
        java.net.NetworkInterface ni = java.net.NetworkInterface.getByName(name);
        assertThat(ni).as("interface %s", name).isNotNull();
        assertThat(ni.isUp() && !ni.isLoopback()).isTrue();
      }
    }
    assertThatThrownBy(() -> Urls.hostUrls(false, -1)).hasMessageContaining("-1");
  }

  @Test
  void localUrlWithTcpIsLoopback() {
    assertThat(Urls.localUrl(true, 5555)).isEqualTo("tcp://127.0.0.1:5555");
    assertThat(Urls.localUrl(true, 0)).isEqualTo("tcp://127.0.0.1:0");
  }

  @Test
  void localUrlWithoutTcpIsAFreshIpcPathEachTime() {
    String a = Urls.localUrl(false, 0);
    String b = Urls.localUrl(false, 0);
    assertThat(a).startsWith("ipc:///").isNotEqualTo(b);
    assertThat(a.length()).isLessThan(100); // Unix socket paths are limited to 107 bytes
  }

  @Test
  void portsOutOfRangeAreRejected() {
    assertThatThrownBy(() -> Urls.hostUrl(false, 70000)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("70000");
    assertThatThrownBy(() -> Urls.localUrl(true, -1)).isInstanceOf(IllegalArgumentException.class);
  }
}
