package org.mirai4j.bench.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.mirai4j.Daemons;
import org.mirai4j.Mirai;
import org.mirai4j.Opts;
import org.mirai4j.Status;
import org.mirai4j.internal.protocol.Handshake;
import org.mirai4j.internal.transport.MiraiUrl;
import org.junit.jupiter.api.Test;

class DaemonEmulatorTest {

    private static final String COMPUTE = "emulator-test";

    @Test
    void emulatedDaemonsPassTheRealHandshakeAndEvaluateTasksSentThroughTheDispatcher() throws Exception {
        String secret = Handshake.newSecret();
        try (Daemons d = Daemons.builder().compute(COMPUTE).url("tcp://127.0.0.1:0").secret(secret).n(0).start()) {
            MiraiUrl url = MiraiUrl.parse(d.url());
            try (DaemonEmulator.Emulator emulator =
                new DaemonEmulator.Emulator(Handshake.secretBytes(secret), url.needsFrameIntegrity(), 20, 2)) {
            emulator.connectAll(new InetSocketAddress(url.host(), url.port()));
            assertThat(emulator.awaitConnected(Duration.ofSeconds(60))).isNull();
            await().atMost(Duration.ofSeconds(60)).until(() -> connections() == 20);

            List<Mirai<Long>> all = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int x = i;
                all.add(Mirai.mirai(() -> (long) x * x, Opts.compute(COMPUTE)));
            }
            Set<Long> values = new HashSet<>();
            for (Mirai<Long> m : all) {
                values.add(m.get(60, TimeUnit.SECONDS));
            }
            assertThat(values).hasSize(200).contains(0L, 199L * 199L);
            assertThat(Daemons.info(COMPUTE).completed()).isEqualTo(200);
            }
        }
    }

    @Test
    void aWrongSecretIsRefusedAtTheHandshake() throws Exception {
        try (Daemons d = Daemons.builder().compute(COMPUTE).url("tcp://127.0.0.1:0")
            .secret(Handshake.newSecret()).n(0).start()) {
            MiraiUrl url = MiraiUrl.parse(d.url());
            try (DaemonEmulator.Emulator emulator = new DaemonEmulator.Emulator(
                Handshake.secretBytes(Handshake.newSecret()), url.needsFrameIntegrity(), 1, 1)) {
                emulator.connectAll(new InetSocketAddress(url.host(), url.port()));
                assertThat(emulator.awaitConnected(Duration.ofSeconds(60)))
                    .contains("closed the connection during the handshake");
                assertThat(connections()).isZero();
            }
        }
    }

    private static int connections() {
        Status s = Daemons.status(COMPUTE);
        return s == null ? 0 : s.connections();
    }
}
