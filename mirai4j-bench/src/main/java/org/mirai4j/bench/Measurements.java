package org.mirai4j.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.mirai4j.bench.floor.BulkFloor;
import org.mirai4j.bench.floor.ExecutorHandoffFloor;
import org.mirai4j.bench.floor.TcpRttFloor;
import org.mirai4j.bench.floor.UdsRttFloor;
import org.mirai4j.bench.mirai.CancelFree;
import org.mirai4j.bench.mirai.DirectIpcRtt;
import org.mirai4j.bench.mirai.DirectTcpRtt;
import org.mirai4j.bench.mirai.DispatcherRtt;
import org.mirai4j.bench.mirai.Ephemeral;
import org.mirai4j.bench.mirai.IdleDaemonRss;
import org.mirai4j.bench.mirai.MapTiny2;
import org.mirai4j.bench.mirai.Payload80Mb;
import org.mirai4j.bench.mirai.ScaleDispatch;
import org.mirai4j.bench.mirai.ShippingFirst;
import org.mirai4j.bench.mirai.Start2;
import org.mirai4j.bench.mirai.Throughput1000;
import org.mirai4j.bench.mirai.Throughput2;
import org.mirai4j.bench.mirai.TlsRtt;

/**
 * The registry of {@link Measurement}s the harness knows, in run order.
 *
 * <p>Floors come first so that everything judged against them runs after them. To add a
 * measurement, add ONE line to {@link #builtIn()} below (or list the class in
 * {@code META-INF/services/org.mirai4j.bench.Measurement}; those run after the built-in ones).
 */
public final class Measurements {

    private Measurements() {
    }

    /**
     * The measurements of this module, in run order.
     *
     * @return new instances
     */
    public static List<Measurement> builtIn() {
        return List.of(
            // Floors: plain JDK, measured first.
            new TcpRttFloor(),
            new UdsRttFloor(),
            new BulkFloor(),
            new ExecutorHandoffFloor(),
            // mirai4j figures.
            new DirectTcpRtt(),
            new DirectIpcRtt(),
            new DispatcherRtt(),
            new TlsRtt(),
            new Payload80Mb(),
            new Start2(),
            new IdleDaemonRss(),
            new Ephemeral(),
            new Throughput2(),
            new Throughput1000(),
            new CancelFree(),
            new ShippingFirst(),
            new MapTiny2(),
            // Full mode only: 10..10,000 emulated daemons on one host.
            new ScaleDispatch()
            // add `, new YourMeasurement()` here.
        );
    }

    /**
     * {@link #builtIn()} followed by every {@link Measurement} found by {@link ServiceLoader}.
     *
     * @return measurements by name, in run order
     * @throws IllegalStateException if two measurements share a name
     */
    public static Map<String, Measurement> all() {
        List<Measurement> list = new ArrayList<>(builtIn());
        ServiceLoader.load(Measurement.class).forEach(list::add);
        Map<String, Measurement> byName = new LinkedHashMap<>();
        for (Measurement m : list) {
            Measurement previous = byName.putIfAbsent(m.name(), m);
            if (previous != null) {
                throw new IllegalStateException("two measurements named " + m.name() + ": "
                    + previous.getClass().getName() + " and " + m.getClass().getName());
            }
        }
        return byName;
    }
}
