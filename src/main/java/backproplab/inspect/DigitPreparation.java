package backproplab.inspect;

import backproplab.InvalidInputException;
import backproplab.data.Digits;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Prepares any picture of a digit the way MNIST's digits were made: the ink's bounding box scaled
 * (area-averaged, so anti-aliased) to fit 20x20 keeping its aspect ratio, then placed in 28x28 so
 * that its centre of mass is the image's centre. The result is ink intensity in [0, 1], as
 * MNIST's bytes / 255; the model's normalisation comes after ({@link Inspector}).
 *
 * <p>Which side is ink is read from the border: a light border means dark ink on light paper (a
 * scan, a photo, the lab's canvas), a dark border light ink on dark (MNIST's own look). The
 * border also gives the paper's level and grain, removed before the ink is boxed, and the boxed
 * ink is scaled to full strength, as every MNIST digit is.
 *
 * <p>A 28x28 picture is taken to be in MNIST's format already (an exported test digit, say) and
 * is only turned to ink, not boxed and centred again: preparing a prepared digit would move it
 * by a rounding and change what the model sees.
 */
public final class DigitPreparation {

    /** The longer side of the ink's box in the prepared image, as in MNIST. */
    static final int BOX = 20;
    /** Ink fainter than this (after removing the background) is noise, not the digit's edge. */
    private static final float INK = 0.1f;
    /** How many standard deviations of the paper's noise count as paper too. */
    private static final double GRAIN = 3;
    /** The largest picture decoded: a 100-megapixel photo takes about 1.2 GB to prepare. */
    static final long MAX_PIXELS = 100_000_000;

    private DigitPreparation() {}

    /** The picture in {@code file}, prepared; the message names the file if it cannot be. */
    public static float[] prepare(Path file) {
        if (Files.isDirectory(file)) {
            // Java opens a folder as an empty stream: it would be "not a PNG or JPEG image".
            throw new InvalidInputException(file + ": a folder, not a picture");
        }
        try (InputStream in = Files.newInputStream(file)) {
            BufferedImage image = decode(in);
            if (image == null) {
                throw new InvalidInputException("not a PNG or JPEG image");
            }
            return prepare(image);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read it (" + e.getMessage() + ")");
        } catch (InvalidInputException e) {
            throw new InvalidInputException(file + ": " + e.getMessage());
        }
    }

    /** PNG or JPEG bytes (the lab's canvas), prepared. */
    public static float[] prepare(byte[] encoded) {
        BufferedImage image;
        try {
            image = decode(new java.io.ByteArrayInputStream(encoded));
        } catch (IOException e) {
            image = null;
        }
        if (image == null) {
            throw new InvalidInputException("the image is not a PNG or JPEG");
        }
        return prepare(image);
    }

    /**
     * The picture, or null if no reader knows it. Its size is read from the header first: a
     * small file can hold a huge, blank picture that decodes to gigabytes (4 bytes a pixel, and
     * twice that again below), which would end in an out-of-memory error naming nothing.
     */
    private static BufferedImage decode(InputStream bytes) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(bytes)) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if ((long) w * h > MAX_PIXELS) {
                    throw new InvalidInputException(w + "x" + h + " pixels is larger than "
                            + MAX_PIXELS / 1_000_000 + " megapixels: shrink the picture first");
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        }
    }

    public static float[] prepare(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] ink = inkOf(image);
        // Asked of a 28x28 picture too: a blank one would otherwise get a confident answer.
        boolean blank = true;
        for (float v : ink) {
            blank &= !(v > INK);
        }
        if (blank) {
            throw new InvalidInputException("no digit found: the image is blank");
        }
        if (w == Digits.SIDE && h == Digits.SIDE) {
            return ink;
        }
        int left = w;
        int right = -1;
        int top = h;
        int bottom = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (ink[y * w + x] > INK) {
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                }
            }
        }
        int bw = right - left + 1;
        int bh = bottom - top + 1;
        double scale = (double) BOX / Math.max(bw, bh);
        int tw = Math.max(1, (int) Math.round(bw * scale));
        int th = Math.max(1, (int) Math.round(bh * scale));
        float[] box = AreaResampling.resample(ink, w, left, top, bw, bh, tw, th);
        return centred(fullStrength(box), tw, th);
    }

    /**
     * The ink scaled so its strongest pixel is 1: every MNIST test digit reaches 254 or 255, so
     * a thin pen, a pencil or a grey photo would otherwise reach the model fainter than anything
     * it learnt from.
     */
    private static float[] fullStrength(float[] box) {
        float max = 0;
        for (float v : box) {
            max = Math.max(max, v);
        }
        for (int k = 0; k < box.length; k++) {
            box[k] /= max;
        }
        return box;
    }

    /** Ink in [0, 1] per pixel: lightness, turned so ink is high, with the paper removed. */
    private static float[] inkOf(BufferedImage image) {
        float[] light = lightness(image);
        double[] border = border(light, image.getWidth(), image.getHeight());
        boolean darkInk = border[0] > 0.5;
        // The paper's level and its grain (a photo's noise and uneven light, JPEG's ripples)
        // are removed: faint specks far from the digit would stretch its box over the picture.
        float paper = (float) Math.min(1, (darkInk ? 1 - border[0] : border[0])
                + GRAIN * border[1]);
        float[] ink = new float[light.length];
        for (int k = 0; k < ink.length; k++) {
            float v = darkInk ? 1 - light[k] : light[k];
            ink[k] = paper >= 1 ? 0 : Math.max(0, Math.min(1, (v - paper) / (1 - paper)));
        }
        return ink;
    }

    /** Each pixel's lightness in [0, 1]. */
    private static float[] lightness(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] light = new float[w * h];
        Raster raster = image.getRaster();
        if (raster.getNumBands() == 1) {
            // Grey pixels as stored: getRGB would pass them through a gamma curve first.
            float max = (1 << image.getColorModel().getComponentSize(0)) - 1;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    light[y * w + x] = raster.getSample(x, y, 0) / max;
                }
            }
            return light;
        }
        boolean alpha = image.getColorModel().hasAlpha();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = image.getRGB(x, y);
                float a = (argb >>> 24) / 255f;
                float lum = (0.299f * ((argb >> 16) & 0xff) + 0.587f * ((argb >> 8) & 0xff)
                        + 0.114f * (argb & 0xff)) / 255f;
                // A transparent pixel is paper: a canvas exported without a background.
                light[y * w + x] = alpha ? a * lum + (1 - a) : lum;
            }
        }
        return light;
    }

    /**
     * The border's median lightness and its spread: 1.4826 times the median absolute deviation,
     * which is the standard deviation of Gaussian noise. Medians, so that ink touching the edge
     * (a tightly cropped digit, an MNIST digit's own edge) moves neither.
     */
    private static double[] border(float[] light, int w, int h) {
        float[] edge = new float[w * h - Math.max(0, w - 2) * Math.max(0, h - 2)];
        int n = 0;
        for (int x = 0; x < w; x++) {
            edge[n++] = light[x];
            if (h > 1) {
                edge[n++] = light[(h - 1) * w + x];
            }
        }
        for (int y = 1; y < h - 1; y++) {
            edge[n++] = light[y * w];
            if (w > 1) {
                edge[n++] = light[y * w + w - 1];
            }
        }
        double median = median(edge);
        for (int k = 0; k < edge.length; k++) {
            edge[k] = (float) Math.abs(edge[k] - median);
        }
        return new double[] {median, 1.4826 * median(edge)};
    }

    private static double median(float[] values) {
        float[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2.0;
    }

    /** The box in a 28x28 image, shifted so its centre of mass falls on the image's centre. */
    private static float[] centred(float[] box, int w, int h) {
        double mass = 0;
        double mx = 0;
        double my = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float v = box[y * w + x];
                mass += v;
                mx += v * x;
                my += v * y;
            }
        }
        // Pixel k's centre is at k + 0.5; the image's centre at 14, i.e. between pixels 13 and 14.
        double centre = (Digits.SIDE - 1) / 2.0;
        int dx = (int) Math.round(centre - mx / mass);
        int dy = (int) Math.round(centre - my / mass);
        float[] out = new float[Digits.PIXELS];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int tx = x + dx;
                int ty = y + dy;
                if (tx >= 0 && tx < Digits.SIDE && ty >= 0 && ty < Digits.SIDE) {
                    out[ty * Digits.SIDE + tx] = box[y * w + x];
                }
            }
        }
        return out;
    }
}
