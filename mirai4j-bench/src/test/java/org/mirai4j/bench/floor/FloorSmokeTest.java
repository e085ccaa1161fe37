package org.mirai4j.bench.floor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mirai4j.bench.Mode;

/** Runs each floor once in quick mode (a few seconds each) and checks the figures are sane. */
class FloorSmokeTest {

    @Test
    void tcpRtt() throws Exception {
        Map<String, Double> r = new TcpRttFloor().run(Mode.QUICK);
        assertThat(r).containsOnlyKeys("floor_tcp_rtt_us", "floor_tcp_rtt_us_p99");
        assertThat(r.get("floor_tcp_rtt_us")).isBetween(0.5, 10_000.0);
        assertThat(r.get("floor_tcp_rtt_us_p99")).isGreaterThanOrEqualTo(r.get("floor_tcp_rtt_us"));
    }

    @Test
    void udsRtt() throws Exception {
        Map<String, Double> r = new UdsRttFloor().run(Mode.QUICK);
        assertThat(r.get("floor_uds_rtt_us")).isBetween(0.5, 10_000.0);
    }

    @Test
    void bulk() throws Exception {
        Map<String, Double> r = new BulkFloor().run(Mode.QUICK);
        assertThat(r.get("floor_bulk_mbps")).isBetween(10.0, 1_000_000.0);
    }

    @Test
    void executorHandoff() throws Exception {
        Map<String, Double> r = new ExecutorHandoffFloor().run(Mode.QUICK);
        assertThat(r.get("floor_executor_handoff_us")).isBetween(0.1, 10_000.0);
    }

    @Test
    void echoChildStopsOnClose() throws Exception {
        long pid;
        try (EchoChild child = EchoChild.start()) {
            pid = child.pid();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }
}
