package org.mirai4j.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InvalidClassException;
import java.io.StreamCorruptedException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class CodecsTest {

    @Test
    void everyCodecRoundTripsEveryShapeTwiceOnOneConnection() throws Exception {
        for (String codec : Codecs.NAMES) {
            for (String shape : Shapes.NAMES) {
                int[] sizes = SerializerSizes.sizes(codec, shape);
                assertThat(sizes[0]).as(codec + " " + shape).isPositive();
                assertThat(sizes[1]).as(codec + " " + shape).isPositive().isLessThanOrEqualTo(sizes[0]);
            }
        }
    }

    @Test
    void compactCodecSendsALambdasDescriptorOnlyOnceAConnection() {
        Codecs.Connection c = Codecs.connection("compact");
        Object task = Shapes.make("capturing_lambda");
        int first = c.encode(task).length;
        assertThat(c.encode(task).length).isLessThan(first / 5);
    }

    @Test
    void compactCodecRejectsAClassTheFilterDeniesBeforeLoadingIt() {
        Codecs.Connection sender = Codecs.connection("compact");
        CompactLambdaCodec.Connection receiver = new CompactLambdaCodec.Connection(name -> !name.contains("Shapes"));
        byte[] bytes = sender.encode(Shapes.make("record"));
        assertThatThrownBy(() -> receiver.decode(bytes)).isInstanceOf(UncheckedIOException.class)
            .hasCauseInstanceOf(InvalidClassException.class).hasMessageContaining("rejected by the class filter");
    }

    @Test
    void compactCodecRefusesALengthOverTheBytesLeftBeforeAllocating() {
        // tag 5 (double[]), then a varint length of 2^28 elements, and no elements.
        byte[] bytes = {5, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01};
        assertThatThrownBy(() -> new CompactLambdaCodec.Connection().decode(bytes))
            .hasCauseInstanceOf(StreamCorruptedException.class).hasMessageContaining("over the 0 bytes left");
    }

    @Test
    void unknownCodecNamesTheKnownOnes() {
        assertThatThrownBy(() -> Codecs.connection("xml")).hasMessageContaining("java, fory, kryo, compact");
    }
}
