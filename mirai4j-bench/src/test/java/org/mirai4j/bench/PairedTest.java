package org.mirai4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PairedTest {

    /** A sampler that logs its calls and answers block i with a constant from its list. */
    private static Paired.BlockSampler constant(String side, List<String> log, long... nanosPerBlock) {
        int[] calls = {0};
        return n -> {
            log.add(side + n);
            long[] block = new long[n];
            Arrays.fill(block, nanosPerBlock[calls[0]++]);
            return block;
        };
    }

    @Test
    void blocksAlternateFloorFirstWithTheirOwnSampleCounts() throws Exception {
        List<String> log = new ArrayList<>();
        Paired.run(constant("floor", log, 1, 1, 1), constant("figure", log, 2, 2, 2), new Paired.Plan(3, 10, 4));
        assertThat(log).containsExactly("floor10", "figure4", "floor10", "figure4", "floor10", "figure4");
    }

    @Test
    void reportsTheRatioOfPairedMediansAndTheRangeOfPerPairRatios() throws Exception {
        List<String> log = new ArrayList<>();
        // Floor 10, 20, 40 µs; figure 30, 40, 160 µs: per-pair ratios 3, 2, 4.
        Paired.Result r = Paired.run(constant("floor", log, 10_000, 20_000, 40_000),
            constant("figure", log, 30_000, 40_000, 160_000), new Paired.Plan(3, 5, 5));
        Map<String, Double> f = Paired.figures("dispatcher_rtt_us", "floor_tcp_rtt_us", r);
        assertThat(f.keySet()).containsExactly("dispatcher_rtt_us", "dispatcher_rtt_us_p99",
            "dispatcher_rtt_us_pair_x", "dispatcher_rtt_us_pair_min_x", "dispatcher_rtt_us_pair_max_x",
            "dispatcher_rtt_us_pair_floor_us");
        assertThat(f.get("dispatcher_rtt_us")).isEqualTo(40.0);
        assertThat(f.get("dispatcher_rtt_us_p99")).isEqualTo(160.0);
        assertThat(f.get("dispatcher_rtt_us_pair_floor_us")).isEqualTo(20.0);
        assertThat(f.get("dispatcher_rtt_us_pair_x")).isCloseTo(2.0, within(1e-9));
        assertThat(f.get("dispatcher_rtt_us_pair_min_x")).isCloseTo(2.0, within(1e-9));
        assertThat(f.get("dispatcher_rtt_us_pair_max_x")).isCloseTo(4.0, within(1e-9));
    }

    @Test
    void figuresInMillisecondsKeepTheFloorInItsOwnUnit() throws Exception {
        List<String> log = new ArrayList<>();
        Paired.Result r = Paired.run(constant("floor", log, 20_000), constant("figure", log, 1_500_000),
            new Paired.Plan(1, 3, 2));
        Map<String, Double> f = Paired.figures("cancel_free_ms", "floor_uds_rtt_us", r);
        assertThat(f.get("cancel_free_ms")).isEqualTo(1.5);
        assertThat(f.get("cancel_free_ms_pair_floor_us")).isEqualTo(20.0);
        assertThat(f.get("cancel_free_ms_pair_x")).isCloseTo(75.0, within(1e-9));
        assertThat(Units.of("cancel_free_ms_pair_x")).isEqualTo("×");
    }

    @Test
    void ratioTargetJudgesByThePairedRatioWhenThereIsOne() {
        Map<String, Double> figures = new HashMap<>();
        figures.put("floor_tcp_rtt_us", 10.0); // an earlier, unpaired floor: 100 / 10 = 10x
        figures.put("dispatcher_rtt_us_pair_x", 2.5);
        figures.put("dispatcher_rtt_us_pair_min_x", 2.1);
        figures.put("dispatcher_rtt_us_pair_max_x", 2.9);
        Target.Verdict v = Targets.DEFAULT.get("dispatcher_rtt_us").evaluate("dispatcher_rtt_us", 100.0, figures);
        assertThat(v.pass()).contains(true);
        assertThat(v.text()).isEqualTo("= 2.50× floor_tcp_rtt_us, paired (pairs 2.10–2.90×) (target ≤ 3×)");
    }

    @Test
    void p99TargetsAreJudgedAgainstTheirOwnMedian() {
        Map<String, Double> figures = Map.of("direct_ipc_rtt_us", 66.0, "direct_ipc_rtt_us_pair_x", 3.0);
        Target t = Targets.DEFAULT.get("direct_ipc_rtt_us_p99");
        Target.Verdict v = t.evaluate("direct_ipc_rtt_us_p99", 2_500.0, figures);
        assertThat(v.pass()).contains(false);
        assertThat(v.text()).isEqualTo("= 37.9× direct_ipc_rtt_us (target ≤ 5×)");
        assertThat(t.evaluate("direct_ipc_rtt_us_p99", 300.0, figures).pass()).contains(true);
    }

    @Test
    void aSamplerReturningTheWrongCountIsAnError() {
        assertThatThrownBy(() -> Paired.run(n -> new long[n], n -> new long[n + 1], new Paired.Plan(2, 3, 3)))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("figure block 0 returned 4 samples");
        assertThatThrownBy(() -> new Paired.Plan(0, 1, 1)).hasMessageContaining("pairs=0");
    }
}
