package org.mirai4j.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the PEM readers a user's certificate and key go through: whatever the text, the
 * outcome is a result or an IllegalArgumentException that says what is wrong, never an
 * unchecked exception of another kind.
 */
class PemFuzzTest {
  @FuzzTest(maxDuration = "20s")
  @DictionaryEntries({"-----BEGIN CERTIFICATE-----", "-----END CERTIFICATE-----", "MII"})
  void certificates(byte[] data) {
    // ISO-8859-1, as Pem reads files: every byte is a character.
    String pem = new String(data, StandardCharsets.ISO_8859_1);
    try {
      assertThat(Pem.certificates(pem, "fuzz")).isNotEmpty();
    } catch (IllegalArgumentException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @FuzzTest(maxDuration = "20s")
  @DictionaryEntries({"-----BEGIN CERTIFICATE-----", "-----END CERTIFICATE-----",
      "-----BEGIN PRIVATE KEY-----", "-----END PRIVATE KEY-----",
      "-----BEGIN EC PRIVATE KEY-----", "-----END EC PRIVATE KEY-----",
      "-----BEGIN ENCRYPTED PRIVATE KEY-----", "-----END ENCRYPTED PRIVATE KEY-----",
      "Proc-Type: 4,ENCRYPTED", "DEK-Info: AES-128-CBC,"})
  void fromPem(byte[] data) {
    String pem = new String(data, StandardCharsets.ISO_8859_1);
    if (!pem.contains(Pem.BEGIN_MARKER)) {
      return; // taken as a file path: not this target's business
    }
    try {
      assertThat(TlsMaterial.fromPem(pem, "fuzz"::toCharArray)).isNotNull();
    } catch (IllegalArgumentException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }
}
