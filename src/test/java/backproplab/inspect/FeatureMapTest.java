package backproplab.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.model.Architecture.Layer;
import backproplab.model.Coverage;
import backproplab.model.FeatureShape;
import backproplab.model.Module;
import org.junit.jupiter.api.Test;

/** How feature maps become grey levels, for the PNGs and the CNN page alike. */
class FeatureMapTest {

    @Test
    void oneByOneClassScoresShareAScaleSoTheWinnerIsWhiteNotAllBlack() {
        // s6's last convolution: ten 1x1 channels, one score per class, 7 the highest.
        float[] scores = {-3, -1, -2, 0.5f, -4, -2.5f, -1.5f, 6, -0.5f, -2};
        FeatureMap head = new FeatureMap(9, layer(10, 1), layer(10, 1), "", true, scores);
        assertThat(head.grey(7)).containsExactly((byte) 255);
        assertThat(head.grey(4)).containsExactly((byte) 0);
        assertThat(head.grey(3)[0] & 0xff).isEqualTo(Math.round(4.5f / 10 * 255));
        assertThat(head.scaleText()).contains("one scale");
    }

    @Test
    void otherChannelsEachUseTheirOwnRange() {
        // Two 1x2 channels: one weak (0.1 .. 0.2), one strong (0 .. 5); both span black to white.
        float[] values = {0.1f, 0.2f, 0, 5};
        FeatureMap map = new FeatureMap(1, layer(2, 2), layer(2, 2), "ReLU", false, values);
        assertThat(map.grey(0)).containsExactly((byte) 0, (byte) 255);
        assertThat(map.grey(1)).containsExactly((byte) 0, (byte) 255);
    }

    private static Layer layer(int channels, int width) {
        return new Layer(new Module.Conv2d(1, channels, 3, 1, 0, 1, 1, false), "Head",
                FeatureShape.map(channels, 1, width), new Coverage(3, 1, 0), 0, 0, 0);
    }
}
