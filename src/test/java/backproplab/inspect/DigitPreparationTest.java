package backproplab.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import backproplab.InvalidInputException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Digits are prepared as MNIST's were: box to 20x20 keeping the aspect, centre of mass centred. */
class DigitPreparationTest {

    @Test
    void aRectangleBecomesTwentyByTenAroundTheCentre() {
        // 120 x 60 ink on a 300 x 240 page, off centre: scaled by 20/120 to 20 x 10.
        float[] d = DigitPreparation.prepare(page(300, 240, Color.WHITE, Color.BLACK,
                new int[][] {{30, 150, 120, 60}}));
        int[] box = box(d, 0.5f);
        assertThat(box[2] - box[0] + 1).as("width").isEqualTo(20);
        assertThat(box[3] - box[1] + 1).as("height").isEqualTo(10);
        double[] com = centreOfMass(d);
        // The centre of the 28x28 field lies between pixels 13 and 14.
        assertThat(com[0]).isCloseTo(13.5, within(0.5));
        assertThat(com[1]).isCloseTo(13.5, within(0.5));
    }

    @Test
    void anLIsPlacedByItsCentreOfMassNotItsBox() {
        // A 100 x 100 L: a 20-wide upright and a 20-high foot. Scaled by 0.2 to a 20 x 20 box of
        // a 4-wide upright (80 px, centre column 1.5, centre row 9.5) and a foot of 16 x 4 beside
        // it (64 px, column 11.5, row 17.5): centre of mass (5.94, 13.06). Moved to (13.5, 13.5)
        // by whole pixels: right by round(7.56) = 8, down by round(0.44) = 0.
        float[] d = DigitPreparation.prepare(page(400, 300, Color.WHITE, Color.BLACK,
                new int[][] {{150, 100, 20, 100}, {150, 180, 100, 20}}));
        assertThat(box(d, 0.5f)).containsExactly(8, 0, 27, 19);
    }

    @Test
    void lightInkOnDarkIsReadTheSameAsDarkOnLight() {
        int[][] strokes = {{40, 30, 30, 110}, {70, 30, 40, 25}};
        float[] dark = DigitPreparation.prepare(page(200, 180, Color.WHITE, Color.BLACK, strokes));
        float[] light = DigitPreparation.prepare(page(200, 180, Color.BLACK, Color.WHITE, strokes));
        assertThat(light).containsExactly(dark, within(1e-6f));
    }

    @Test
    void shrinkingAveragesTheAreaSoEdgesAreGrey() {
        // A 45 x 45 box (two 15-wide bars, 15 apart) becomes 20 x 20: source
        // pixel k covers target [k·4/9, (k+1)·4/9). The bar's edge at 15 falls at 6.67, so target
        // column 6 covers source [13.5, 15.75) of which 1.5 is ink: 0.667.
        float[] d = DigitPreparation.prepare(page(300, 300, Color.WHITE, Color.BLACK,
                new int[][] {{100, 100, 15, 45}, {130, 100, 15, 45}}));
        int[] box = box(d, 0.01f);
        int middle = box[1] + 10;
        assertThat(d[middle * 28 + box[0] + 5]).isEqualTo(1f);
        assertThat(d[middle * 28 + box[0] + 6]).as("the partly covered pixel's ink")
                .isCloseTo(0.667f, within(0.001f));
        assertThat(d[middle * 28 + box[0] + 7]).isZero();
        double mass = 0;
        for (float v : d) {
            mass += v;
        }
        assertThat(mass).as("area kept: 2 x 15 x 45 pixels times (20/45)^2").isCloseTo(
                2 * 15 * 45 * Math.pow(20 / 45.0, 2), within(0.01));
    }

    @Test
    void areaResamplingKeepsTheMean() {
        Random rng = new Random(3);
        float[] src = new float[280 * 210];
        double sum = 0;
        for (int k = 0; k < src.length; k++) {
            src[k] = rng.nextFloat();
            sum += src[k];
        }
        float[] out = AreaResampling.resample(src, 280, 0, 0, 280, 210, 20, 15);
        double outSum = 0;
        for (float v : out) {
            outSum += v;
        }
        assertThat(outSum / out.length).isCloseTo(sum / src.length, within(1e-4));
    }

    @Test
    void aGreyPhotosGrainAndUnevenLightAreNotTakenForInk() {
        // The rectangle of the first test, drawn at 60 on paper from 150 (top left) to 210
        // (bottom right) with grain of standard deviation 5: the grain and the paper's darker
        // corner are paper, so the box is the rectangle's, 20 x 10, and its ink is full.
        BufferedImage photo = page(300, 240, Color.WHITE, Color.BLACK, new int[0][]);
        Random grain = new Random(5);
        for (int y = 0; y < 240; y++) {
            for (int x = 0; x < 300; x++) {
                boolean ink = x >= 30 && x < 150 && y >= 150 && y < 210;
                int v = ink ? 60 : 150 + 60 * (x + y) / (300 + 240);
                v = (int) Math.max(0, Math.min(255, Math.round(v + 5 * grain.nextGaussian())));
                photo.setRGB(x, y, new Color(v, v, v).getRGB());
            }
        }
        float[] d = DigitPreparation.prepare(photo);
        int[] box = box(d, 0.01f);
        assertThat(box[2] - box[0] + 1).as("width").isEqualTo(20);
        assertThat(box[3] - box[1] + 1).as("height").isEqualTo(10);
        assertThat(d[box[1] * 28 + box[0] + 10]).as("the rectangle's ink").isGreaterThan(0.9f);
    }

    @Test
    void aThinStrokeIsFullInkAsEveryMnistDigitIs() {
        // A corner of two 2-pixel lines 300 long becomes 20 x 20, its lines 2/15 of a pixel
        // wide: ink 0.13 (0.25 where they meet), fainter than any MNIST digit (all reach 254 or
        // 255), until scaled to full strength.
        float[] d = DigitPreparation.prepare(page(400, 400, Color.WHITE, Color.BLACK,
                new int[][] {{50, 50, 300, 2}, {50, 50, 2, 300}}));
        float max = 0;
        for (float v : d) {
            max = Math.max(max, v);
        }
        assertThat(max).isEqualTo(1f);
    }

    @Test
    void inkTouchingTheEdgeDoesNotMoveThePaper() {
        // A tightly cropped L, its upright touching the top and bottom, its foot the bottom and
        // the right: ink on a third of the border. The paper is still the white around it.
        float[] cropped = DigitPreparation.prepare(page(90, 90, Color.WHITE, Color.BLACK,
                new int[][] {{30, 0, 30, 90}, {60, 70, 30, 20}}));
        float[] framed = DigitPreparation.prepare(page(190, 190, Color.WHITE, Color.BLACK,
                new int[][] {{80, 50, 30, 90}, {110, 120, 30, 20}}));
        assertThat(cropped).containsExactly(framed, within(1e-6f));
    }

    @Test
    void aMnistSizedPictureIsTakenAsItIs() {
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSample(3, 5, 0, 255);
        img.getRaster().setSample(4, 5, 0, 51);
        float[] d = DigitPreparation.prepare(img);
        assertThat(d[5 * 28 + 3]).isEqualTo(1f);
        assertThat(d[5 * 28 + 4]).isCloseTo(0.2f, within(1e-6f));
    }

    @Test
    void aBlankPictureOrAFileThatIsNoPictureIsNamed(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> DigitPreparation.prepare(page(50, 50, Color.WHITE, Color.BLACK,
                new int[0][]))).isInstanceOf(InvalidInputException.class).hasMessageContaining(
                        "blank");
        // At MNIST's own size too, white paper or black, with no more than paper's grain on it.
        for (Color paper : new Color[] {Color.WHITE, Color.BLACK}) {
            BufferedImage mnistSized = page(28, 28, paper, Color.GRAY, new int[0][]);
            mnistSized.getRaster().setSample(27, 27, 0, paper == Color.WHITE ? 250 : 5);
            assertThatThrownBy(() -> DigitPreparation.prepare(mnistSized))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("no digit found: the image is blank");
        }
        Path text = Files.writeString(dir.resolve("notes.png"), "not a picture");
        assertThatThrownBy(() -> DigitPreparation.prepare(text))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(text + ": not a PNG or JPEG image");
        assertThatThrownBy(() -> DigitPreparation.prepare(dir.resolve("gone.png")))
                .hasMessage(dir.resolve("gone.png") + ": no such file");
        Path folder = Files.createDirectory(dir.resolve("digits.png"));
        assertThatThrownBy(() -> DigitPreparation.prepare(folder))
                .hasMessage(folder + ": a folder, not a picture");
    }

    @Test
    void aHugePictureIsRefusedFromItsHeaderBeforeItIsDecoded(@TempDir Path dir)
            throws Exception {
        // 60 bytes that claim 12000 x 12000 pixels: decoded, 144 MB and more to prepare.
        Path huge = Files.write(dir.resolve("huge.png"), pngHeader(12_000, 12_000));
        assertThatThrownBy(() -> DigitPreparation.prepare(huge))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(huge + ": 12000x12000 pixels is larger than 100 megapixels: shrink"
                        + " the picture first");
        assertThatThrownBy(() -> DigitPreparation.prepare(pngHeader(12_000, 12_000)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("megapixels");
    }

    /** A PNG's signature, its header chunk (8-bit grey) and its end: no pixels. */
    private static byte[] pngHeader(int w, int h) {
        java.nio.ByteBuffer png = java.nio.ByteBuffer.allocate(8 + 25 + 12);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(png, "IHDR", java.nio.ByteBuffer.allocate(13).putInt(w).putInt(h)
                .put(new byte[] {8, 0, 0, 0, 0}).array());
        chunk(png, "IEND", new byte[0]);
        return png.array();
    }

    private static void chunk(java.nio.ByteBuffer png, String type, byte[] data) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        crc.update(data);
        png.putInt(data.length).put(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .put(data).putInt((int) crc.getValue());
    }

    /** A page of {@code paper} with {@code ink} rectangles {x, y, width, height}. */
    static BufferedImage page(int w, int h, Color paper, Color ink, int[][] rects) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(paper);
        g.fillRect(0, 0, w, h);
        g.setColor(ink);
        for (int[] r : rects) {
            g.fillRect(r[0], r[1], r[2], r[3]);
        }
        g.dispose();
        return img;
    }

    /** {left, top, right, bottom} of the pixels above {@code threshold}. */
    static int[] box(float[] d, float threshold) {
        int[] b = {28, 28, -1, -1};
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                if (d[y * 28 + x] > threshold) {
                    b[0] = Math.min(b[0], x);
                    b[1] = Math.min(b[1], y);
                    b[2] = Math.max(b[2], x);
                    b[3] = Math.max(b[3], y);
                }
            }
        }
        return b;
    }

    static double[] centreOfMass(float[] d) {
        double m = 0;
        double x = 0;
        double y = 0;
        for (int k = 0; k < d.length; k++) {
            m += d[k];
            x += d[k] * (k % 28);
            y += d[k] * (k / 28);
        }
        return new double[] {x / m, y / m};
    }
}
