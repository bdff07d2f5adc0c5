package backproplab.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.data.Digits;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** inspect's PNGs: nothing a learner needs is cut off at the picture's edge. */
class InspectionPicturesTest {

    @Test
    void aLongFileNameDoesNotPushThePredictionOffThePicture() {
        float[] p = new float[10];
        p[7] = 0.9f;
        p[1] = 0.1f;
        Inspection seen = new Inspection(new float[Digits.PIXELS], p, List.of());
        String source = "my handwritten seven from the whiteboard, photographed 2026-11-21.jpg"
                + " through run lean-20261121-101500 (lean, epoch 15)";
        BufferedImage image = InspectionPictures.prediction(source, seen);
        java.awt.Graphics2D g = image.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING,
                java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        int drawn = g.getFontMetrics(new java.awt.Font(java.awt.Font.SANS_SERIF,
                java.awt.Font.PLAIN, 12)).stringWidth(source);
        g.dispose();
        assertThat(image.getWidth()).as("the source's line, drawn %d wide, and margins", drawn)
                .isGreaterThanOrEqualTo(drawn + 16);
        // The right margin is paper all the way down: no text runs into the edge.
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = image.getWidth() - 4; x < image.getWidth(); x++) {
                assertThat(image.getRGB(x, y) & 0xffffff).as("(%d, %d)", x, y)
                        .isEqualTo(0xffffff);
            }
        }
    }
}
