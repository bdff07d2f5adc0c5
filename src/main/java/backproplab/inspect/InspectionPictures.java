package backproplab.inspect;

import backproplab.data.Digits;
import backproplab.report.AtomicFiles;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * {@code inspect}'s PNGs, for a learner's report: the prepared input with the ten probabilities,
 * the first convolution's kernels, and one grid per convolution of its channels' feature maps.
 * Feature maps are grey, black at a channel's lowest value and white at its highest (the classes'
 * scores on one scale, {@link FeatureMap#grey}).
 */
public final class InspectionPictures {

    private static final int TITLE = 28;
    private static final int CAPTION = 16;
    private static final int GAP = 8;
    private static final int COLUMNS = 8;
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    private static final Font SMALL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private InspectionPictures() {}

    /** Writes every picture into {@code dir} and returns the files in the order written. */
    public static List<Path> write(Path dir, String source, Inspection inspection, Kernels kernels)
            throws IOException {
        List<Path> written = new ArrayList<>();
        written.add(png(dir.resolve("prediction.png"), prediction(source, inspection)));
        written.add(png(dir.resolve("kernels.png"), kernels(kernels)));
        for (FeatureMap map : inspection.maps()) {
            written.add(png(dir.resolve(String.format(Locale.ROOT, "conv-%02d.png", map.number())),
                    featureMaps(map)));
        }
        return written;
    }

    /**
     * Deletes the {@code conv-NN.png} in {@code dir} beyond the {@code convolutions} just written:
     * left there by an inspection of a deeper model, they would pass for this one's pictures.
     *
     * @return the files deleted
     */
    public static List<Path> removeStale(Path dir, int convolutions) throws IOException {
        List<Path> removed = new ArrayList<>();
        try (var files = Files.newDirectoryStream(dir, "conv-[0-9][0-9].png")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (Integer.parseInt(name.substring(5, 7)) > convolutions
                        && Files.deleteIfExists(f)) {
                    removed.add(f);
                }
            }
        }
        removed.sort(null);
        return removed;
    }

    private static Path png(Path file, BufferedImage image) throws IOException {
        AtomicFiles.write(file, out -> ImageIO.write(image, "png", out));
        return file;
    }

    /**
     * The prediction as the title, and below it what was predicted by what: {@code source}, a
     * file's name maybe long, widens the picture rather than push the prediction off its edge.
     */
    static BufferedImage prediction(String source, Inspection inspection) {
        int scale = 8;
        int side = Digits.SIDE * scale;
        int barsLeft = GAP * 3 + side;
        int barWidth = 260;
        int rowHeight = side / 10;
        int width = Math.max(barsLeft + 24 + barWidth + 70,
                GAP * 2 + textWidth(SMALL_FONT, source));
        BufferedImage image = canvas(width, TITLE + CAPTION + side + CAPTION + GAP);
        Graphics2D g = graphics(image);
        g.setFont(TITLE_FONT);
        g.drawString("predicted " + inspection.topText(3), GAP, 20);
        g.setFont(SMALL_FONT);
        g.setColor(Color.DARK_GRAY);
        g.drawString(source, GAP, TITLE + 10);
        int top = TITLE + CAPTION;
        drawGrey(g, grey(inspection.input()), Digits.SIDE, Digits.SIDE, GAP, top, scale);
        g.setFont(SMALL_FONT);
        g.setColor(Color.DARK_GRAY);
        g.drawString("input, prepared as MNIST (28x28)", GAP, top + side + CAPTION);
        int predicted = inspection.predicted();
        for (int c = 0; c < 10; c++) {
            int y = top + c * rowHeight;
            float p = inspection.probabilities()[c];
            g.setColor(Color.DARK_GRAY);
            g.drawString(Integer.toString(c), barsLeft, y + rowHeight - 7);
            g.setColor(c == predicted ? new Color(0x2f6fde) : new Color(0x9aa5b1));
            g.fillRect(barsLeft + 16, y + 3, Math.max(1, Math.round(p * barWidth)), rowHeight - 6);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%.1f%%", 100 * p),
                    barsLeft + 22 + Math.round(p * barWidth), y + rowHeight - 7);
        }
        g.drawString("probability of each class", barsLeft, top + side + CAPTION);
        g.dispose();
        return image;
    }

    static BufferedImage kernels(Kernels k) {
        int scale = 24;
        float max = k.maxAbs();
        int n = k.size() * k.size();
        return tiles(String.format(Locale.ROOT,
                "conv 1 kernels (%dx%d): what block 1 looks for", k.size(),
                        k.size()),
                String.format(Locale.ROOT,
                        "red positive, blue negative, white 0; one scale, ±%.3f", max),
                k.count(), k.size() * scale, k.size() * scale, 440, (g, i, x0, y0) -> {
                    for (int y = 0; y < k.size(); y++) {
                        for (int x = 0; x < k.size(); x++) {
                            g.setColor(diverging(k.weights()[i * n + y * k.size() + x] / max));
                            g.fillRect(x0 + x * scale, y0 + y * scale, scale, scale);
                        }
                    }
                    g.setColor(Color.DARK_GRAY);
                    g.drawRect(x0, y0, k.size() * scale - 1, k.size() * scale - 1);
                    return "kernel " + (i + 1);
                });
    }

    static BufferedImage featureMaps(FeatureMap map) {
        int scale = Math.max(2, 96 / map.width());
        return tiles(map.stage().isEmpty() ? map.title() : map.stage(),
                map.title() + "; " + map.scaleText(),
                map.channels(), map.width() * scale, map.height() * scale, 560,
                (g, c, x0, y0) -> {
                    drawGrey(g, map.grey(c), map.width(), map.height(), x0, y0, scale);
                    // Outside the tile: a white channel (the winning class) stays visible.
                    g.setColor(Color.LIGHT_GRAY);
                    g.drawRect(x0 - 1, y0 - 1, map.width() * scale + 1,
                            map.height() * scale + 1);
                    return map.channelName(c);
                });
    }

    /** Draws one tile with its top-left corner at (x0, y0) and returns its caption. */
    @FunctionalInterface
    private interface Tile {
        String draw(Graphics2D g, int index, int x0, int y0);
    }

    /** A titled picture of {@code count} captioned tiles, {@link #COLUMNS} to a row. */
    private static BufferedImage tiles(String title, String subtitle, int count, int tileW,
                                       int tileH, int minWidth, Tile tile) {
        int columns = Math.min(COLUMNS, count);
        int rows = (count + columns - 1) / columns;
        BufferedImage image = canvas(Math.max(minWidth, GAP + columns * (tileW + GAP)),
                TITLE + CAPTION + rows * (tileH + CAPTION + GAP) + GAP);
        Graphics2D g = graphics(image);
        g.setFont(TITLE_FONT);
        g.drawString(title, GAP, 20);
        g.setFont(SMALL_FONT);
        g.setColor(Color.DARK_GRAY);
        g.drawString(subtitle, GAP, TITLE + 10);
        for (int i = 0; i < count; i++) {
            int x0 = GAP + (i % columns) * (tileW + GAP);
            int y0 = TITLE + CAPTION + (i / columns) * (tileH + CAPTION + GAP);
            String caption = tile.draw(g, i, x0, y0);
            g.setColor(Color.DARK_GRAY);
            g.drawString(caption, x0, y0 + tileH + CAPTION - 3);
        }
        g.dispose();
        return image;
    }

    /** The width {@code text} is drawn at: anti-aliased, whole-pixel metrics, as in graphics(). */
    static int textWidth(Font font, String text) {
        return (int) Math.ceil(font.getStringBounds(text,
                new java.awt.font.FontRenderContext(null, true, false)).getWidth());
    }

    private static byte[] grey(float[] unit) {
        byte[] out = new byte[unit.length];
        for (int k = 0; k < unit.length; k++) {
            out[k] = (byte) Math.round(Math.max(0, Math.min(1, unit[k])) * 255);
        }
        return out;
    }

    private static void drawGrey(Graphics2D g, byte[] grey, int w, int h, int x0, int y0,
                                 int scale) {
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = grey[y * w + x] & 0xff;
                g.setColor(new Color(v, v, v));
                g.fillRect(x0 + x * scale, y0 + y * scale, scale, scale);
            }
        }
    }

    /** -1 blue, 0 white, +1 red. */
    private static Color diverging(float t) {
        float a = Math.min(1, Math.abs(t));
        int fade = Math.round(255 * (1 - a));
        return t >= 0 ? new Color(255, fade, fade) : new Color(fade, fade, 255);
    }

    private static BufferedImage canvas(int w, int h) {
        return new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    }

    private static Graphics2D graphics(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
                RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        return g;
    }
}
