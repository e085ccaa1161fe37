package org.mirai4j.internal.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mirai4j.DaemonOptions;

class SecretReaderTest {
  static final InputStream NO_STDIN = InputStream.nullInputStream();

  @TempDir
  Path dir;

  static InputStream stdin(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  static DaemonOptions args(String... args) {
    return DaemonOptions.fromArgs(List.of(args));
  }

  @Test
  void theEnvironmentIsTheDefault() {
    assertThat(SecretReader.read(args(), Map.of("MIRAI4J_SECRET", "from-env"), NO_STDIN)).isEqualTo("from-env");
  }

  @Test
  void secretStdinReadsOneLineAndNoMore() throws Exception {
    InputStream in = stdin("s3cr3t\r\nnext line\n");
    assertThat(SecretReader.read(args("--secret-stdin"), Map.of("MIRAI4J_SECRET", "env"), in)).isEqualTo("s3cr3t");
    assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("next line\n");
    assertThat(SecretReader.read(args("--secret-stdin"), Map.of(), stdin("no newline"))).isEqualTo("no newline");
  }

  @Test
  void anEmptyStdinSaysWhereItLooked() {
    assertThatThrownBy(() -> SecretReader.read(args("--secret-stdin"), Map.of(), NO_STDIN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("standard input was empty");
    assertThatThrownBy(() -> SecretReader.read(args(), Map.of(), NO_STDIN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MIRAI4J_SECRET")
        .hasMessageContaining("--secret-file").hasMessageContaining("--secret-stdin");
  }

  @Test
  void aSecretFileOnlyItsOwnerCanReadIsRead() throws Exception {
    Path f = Files.writeString(dir.resolve("s"), "from-file\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    assertThat(SecretReader.read(args("--secret-file=" + f), Map.of("MIRAI4J_SECRET", "env"), NO_STDIN))
        .isEqualTo("from-file");
  }

  @Test
  void aSecretFileOthersCanReadIsRefusedWithoutShowingIt() throws Exception {
    Path f = Files.writeString(dir.resolve("s"), "open-secret\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> SecretReader.read(args("--secret-file=" + f), Map.of(), NO_STDIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("group or others").hasMessageContaining("chmod 600 " + f)
        .hasMessageNotContaining("open-secret");
  }

  @Test
  void aMissingSecretFileIsNamed() {
    Path f = dir.resolve("absent");
    assertThatThrownBy(() -> SecretReader.read(args("--secret-file=" + f), Map.of(), NO_STDIN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(f + " does not exist");
  }

  @Test
  void aSecretOnTheCommandLineIsRefusedWithoutRepeatingIt() {
    assertThatThrownBy(() -> args("--secret=hunter2"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ps")
        .hasMessageContaining("MIRAI4J_SECRET").hasMessageNotContaining("hunter2");
  }

  @Test
  void theSourcesAreOptionsThatRoundTripButNeverTheSecret() {
    DaemonOptions o = DaemonOptions.builder().secret("in-process").secretStdin(true).build();
    assertThat(o.toArgs()).containsExactly("--secret-stdin");
    assertThat(o.toString()).doesNotContain("in-process");
    assertThat(args("--secret-file=/tmp/x").toArgs()).containsExactly("--secret-file=/tmp/x");
  }
}
