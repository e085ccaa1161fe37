package org.mirai4j.internal.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mirai4j.DaemonOptions;
import org.mirai4j.launch.RemoteConfig;

class ProfileConfigTest {
  @Test
  void toStringShowsNeitherTheSecretNorTheTlsKey() {
    ProfileConfig c = new ProfileConfig("p", 2, "tcp://127.0.0.1:0", true, DaemonOptions.defaults(), false, null,
        0, List.of(), "hunter2", RemoteConfig.manual(), false, "-----BEGIN PRIVATE KEY----- k", () -> null);
    assertThat(c.toString()).contains("name=p").contains("secret=set").contains("tls=set")
        .doesNotContain("hunter2").doesNotContain("PRIVATE KEY");
  }
}
