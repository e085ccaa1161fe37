package org.mirai4j.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** A test measurement registered through ServiceLoader, reporting fixed figures. */
public final class FakeDirectRtt implements Measurement {

    @Override
    public String name() {
        return "fake_direct_tcp_rtt_us";
    }

    @Override
    public Map<String, Double> run(Mode mode) {
        Map<String, Double> r = new LinkedHashMap<>();
        r.put("floor_tcp_rtt_us", 30.0);
        r.put("direct_tcp_rtt_us", 57.0);
        r.put("dispatcher_rtt_us", 100.0);
        r.put("payload_80mb_s", 0.2);
        r.put("floor_bulk_mbps", 1000.0);
        r.put("start2_ms", 450.0);
        r.put("odd_value", Double.NaN);
        return r;
    }
}
