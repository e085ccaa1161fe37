package org.mirai4j.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShellTest {

  @Test
  void safeWordsStayAsTheyAre() {
    assertThat(Shell.quote("tcp://10.0.0.1:5555")).isEqualTo("tcp://10.0.0.1:5555");
    assertThat(Shell.quote("--maxtasks=1")).isEqualTo("--maxtasks=1");
  }

  @Test
  void otherWordsAreSingleQuotedWithEmbeddedQuotesEscaped() {
    assertThat(Shell.quote("")).isEqualTo("''");
    assertThat(Shell.quote("a b")).isEqualTo("'a b'");
    assertThat(Shell.quote("it's $HOME")).isEqualTo("'it'\\''s $HOME'");
  }

  @Test
  void aJoinedLineSplitsBackIntoTheSameWordsInARealShell() throws IOException, InterruptedException {
    List<String> words = List.of("a b", "it's", "$HOME", "`x`", "\"q\"", "", "back\\slash", "new\nline", "*");
    Process p = new ProcessBuilder("/bin/sh", "-c", "for w in " + Shell.join(words) + "; do printf '%s|' \"$w\"; done")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).isZero();
    assertThat(out).isEqualTo(String.join("|", words) + "|");
  }
}
