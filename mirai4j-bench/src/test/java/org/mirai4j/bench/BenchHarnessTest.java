package org.mirai4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchHarnessTest {

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    @Test
    void serviceLoadedMeasurementIsRunAndJudged(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("out/bench.json");
        int status = BenchHarness.run(
            new String[] {"--quick", "--only", "fake_direct_tcp_rtt_us", "--json", json.toString()},
            out, err);
        String table = outBytes.toString(StandardCharsets.UTF_8);
        assertThat(status).as(table).isEqualTo(0);
        assertThat(table).contains("= 1.90× floor_tcp_rtt_us (target ≤ 2×)  PASS");
        assertThat(table).contains("= 3.33× floor_tcp_rtt_us (target ≤ 3×)  FAIL");
        assertThat(table).contains("80% of floor_bulk_mbps");
        assertThat(table).contains("odd_value").contains("n/a");
        assertThat(table).doesNotContain("targets with no measurement");
        String text = Files.readString(json);
        assertThat(text).startsWith("{").contains("\"direct_tcp_rtt_us\": 57").doesNotContain("odd_value");
    }

    @Test
    void checkFailsOnMissedTarget() throws Exception {
        // dispatcher_rtt_us = 3.33x the floor misses its 3x target
        int status = BenchHarness.run(new String[] {"--only", "fake_direct_tcp_rtt_us", "--check", "--quick"}, out, err);
        assertThat(status).isEqualTo(0 + 1);
    }

    @Test
    void listAndBadUsage() throws Exception {
        assertThat(BenchHarness.run(new String[] {"--list"}, out, err)).isZero();
        assertThat(outBytes.toString(StandardCharsets.UTF_8))
            .contains("floor_tcp_rtt_us").contains("fake_direct_tcp_rtt_us").contains("payload_80mb_s");
        assertThatThrownBy(() -> BenchHarness.run(new String[] {"--only", "nope"}, out, err))
            .hasMessageContaining("no measurement named nope");
        assertThatThrownBy(() -> BenchHarness.run(new String[] {"--bogus"}, out, err))
            .hasMessageContaining("--bogus");
    }
}
