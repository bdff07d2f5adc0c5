package backproplab.augment;

import backproplab.data.Digits;
import backproplab.report.DigitGrid;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** An {@link AugmentationSample} as a grid: a row per digit, its picture then its epochs. */
public final class AugmentationPicture {

    private AugmentationPicture() {}

    public static void writePng(Path file, String model, AugmentationSample sample)
            throws IOException {
        DigitGrid.writePng(file, title(model, sample), tiles(sample), columns(sample));
    }

    /** The same grid as PNG bytes, for the lab's card. */
    public static byte[] png(String model, AugmentationSample sample) {
        BufferedImage image = DigitGrid.image(title(model, sample), tiles(sample),
                columns(sample));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** "s6: rotation ±7°, shift ±0 px, seed 1 — each digit, then as epochs 1–8 train on it". */
    static String title(String model, AugmentationSample sample) {
        int draws = sample.rows().isEmpty() ? 0 : sample.rows().get(0).epochs().size();
        return model + ": " + sample.recipeText() + ", seed " + sample.seed()
                + " — each digit, then as epoch" + (draws == 1 ? " 1 trains" : "s 1–" + draws
                + " train") + " on it";
    }

    private static int columns(AugmentationSample sample) {
        return sample.rows().isEmpty() ? 1 : 1 + sample.rows().get(0).epochs().size();
    }

    private static List<DigitGrid.Tile> tiles(AugmentationSample sample) {
        List<DigitGrid.Tile> tiles = new ArrayList<>();
        for (AugmentationSample.Row row : sample.rows()) {
            tiles.add(new DigitGrid.Tile(bytes(row.original()), 0, "#" + row.image() + ": "
                    + row.label()));
            for (int e = 0; e < row.epochs().size(); e++) {
                tiles.add(new DigitGrid.Tile(bytes(row.epochs().get(e)), 0, "epoch " + (e + 1)));
            }
        }
        return tiles;
    }

    /** Pixels in [0, 1] as the grid's 0..255, rounded. */
    static byte[] bytes(float[] unit) {
        byte[] out = new byte[Digits.PIXELS];
        for (int k = 0; k < out.length; k++) {
            out[k] = (byte) Math.round(Math.max(0, Math.min(1, unit[k])) * 255);
        }
        return out;
    }
}
