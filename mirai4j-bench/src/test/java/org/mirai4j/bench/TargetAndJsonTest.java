package org.mirai4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TargetAndJsonTest {

    @Test
    void ratioTarget() {
        Map<String, Double> figures = Map.of("floor_tcp_rtt_us", 30.0);
        Target.Verdict v = Target.maxRatio("floor_tcp_rtt_us", 2).evaluate("direct_tcp_rtt_us", 57.0, figures);
        assertThat(v.pass()).contains(true);
        assertThat(v.text()).isEqualTo("= 1.90× floor_tcp_rtt_us (target ≤ 2×)");
        assertThat(Target.maxRatio("floor_tcp_rtt_us", 2).evaluate("x_us", 61.0, figures).pass()).contains(false);
        assertThat(Target.maxRatio("floor_tcp_rtt_us", 2).evaluate("x_us", 61.0, Map.of()).pass()).isEmpty();
    }

    @Test
    void rateFractionTarget() {
        Target t = Targets.DEFAULT.get("payload_80mb_s");
        // 160 MB in 0.2 s = 800 MB/s = 80% of 1000 MB/s; bound is 160 / 500 = 0.32 s.
        assertThat(t.evaluate("payload_80mb_s", 0.2, Map.of("floor_bulk_mbps", 1000.0)).pass()).contains(true);
        assertThat(t.evaluate("payload_80mb_s", 0.33, Map.of("floor_bulk_mbps", 1000.0)).pass()).contains(false);
    }

    @Test
    void absoluteTargets() {
        assertThat(Targets.DEFAULT.get("start2_ms").evaluate("start2_ms", 600, Map.of()).pass()).contains(true);
        assertThat(Targets.DEFAULT.get("throughput_2_tps").evaluate("throughput_2_tps", 24_999, Map.of()).pass())
            .contains(false);
        assertThat(Targets.DEFAULT.get("idle_daemon_rss_mb").describe("idle_daemon_rss_mb")).isEqualTo("≤ 64 MiB");
    }

    @Test
    void units() {
        assertThat(Units.of("floor_tcp_rtt_us_p99")).isEqualTo("µs");
        assertThat(Units.of("floor_bulk_mbps")).isEqualTo("MB/s");
        assertThat(Units.of("payload_80mb_s")).isEqualTo("s");
        assertThat(Units.of("idle_daemon_rss_mb")).isEqualTo("MiB");
        assertThat(Units.of("throughput_2_tps")).isEqualTo("tasks/s");
        assertThat(Units.format(31.234)).isEqualTo("31.2");
        assertThat(Units.format(Double.NaN)).isEqualTo("n/a");
    }

    @Test
    void flatJson() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("a_us", 31.2);
        m.put("b", 1234.0);
        m.put("skip", Double.NaN);
        m.put("q\"", 0.000123456789);
        assertThat(Json.flatObject(m)).isEqualTo("{\n  \"a_us\": 31.2,\n  \"b\": 1234,\n  \"q\\\"\": 0.000123457\n}\n");
        assertThat(Json.flatObject(Map.of())).isEqualTo("{}\n");
        assertThat(Optional.of(Json.number(2.5))).contains("2.5");
    }
}
