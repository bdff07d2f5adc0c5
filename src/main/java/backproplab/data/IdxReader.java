package backproplab.data;

import backproplab.InvalidInputException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the IDX format of the MNIST files, gzip-compressed or raw, and checks everything a broken
 * or mismatched file could get wrong: the magic number, the dimensions and the byte length.
 *
 * <p>The file is streamed, never read whole: a hostile file (a header that claims billions of
 * images, or a small gzip stream that inflates to gigabytes) is refused after at most the header's
 * claim, itself capped at {@link #MAX_ITEMS} items and {@link #MAX_BODY_BYTES} bytes.
 */
public final class IdxReader {

    /** IDX magic numbers: two zero bytes, type 0x08 (unsigned byte), then the number of dims. */
    static final int LABELS_MAGIC = 0x00000801;
    static final int IMAGES_MAGIC = 0x00000803;
    /** MNIST's files hold 60,000 and 10,000 items: a header claiming more is not MNIST. */
    static final int MAX_ITEMS = 100_000;
    /** {@link #MAX_ITEMS} images of 28x28. */
    static final long MAX_BODY_BYTES = (long) MAX_ITEMS * Digits.PIXELS;
    /** How far past the header's claim we read to say how long an overlong body is. */
    private static final int SURPLUS_SCAN = 1 << 20;

    private IdxReader() {}

    /** Images as unsigned bytes, row-major, {@code count * rows * cols} of them. */
    public record Images(int count, int rows, int cols, byte[] pixels) {}

    public static Images readImages(Path file) {
        try (DataInputStream in = open(file)) {
            expectMagic(file, in, IMAGES_MAGIC, "images");
            int count = count(file, dimension(file, in), "images");
            int rows = dimension(file, in);
            int cols = dimension(file, in);
            long expected = (long) count * rows * cols;
            if (expected > MAX_BODY_BYTES) {
                throw bad(file, String.format(Locale.ROOT,
                        "claims %,d images of %dx%d (%,d bytes), more than"
                        + " the %,d bytes this reader accepts", count, rows, cols, expected,
                        MAX_BODY_BYTES));
            }
            return new Images(count, rows, cols, body(file, in, (int) expected));
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /**
     * How many images the file's header says it holds, read from its first 8 bytes: what a
     * form checks --limit and --holdout against before anything is loaded. The body is checked
     * when the file is read.
     */
    public static int imageCount(Path file) {
        try (DataInputStream in = open(file)) {
            expectMagic(file, in, IMAGES_MAGIC, "images");
            return count(file, dimension(file, in), "images");
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    public static byte[] readLabels(Path file) {
        byte[] labels;
        try (DataInputStream in = open(file)) {
            expectMagic(file, in, LABELS_MAGIC, "labels");
            labels = body(file, in, count(file, dimension(file, in), "labels"));
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        for (byte label : labels) {
            if (label < 0 || label > 9) {
                throw bad(file, "holds label " + label + ", outside 0..9");
            }
        }
        return labels;
    }

    /** The file's bytes, inflated on the fly if it is gzip whatever its name says. */
    private static DataInputStream open(Path file) throws IOException {
        InputStream raw;
        try {
            raw = new BufferedInputStream(Files.newInputStream(file));
        } catch (IOException e) {
            throw bad(file, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        raw.mark(2);
        boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
        raw.reset();
        return new DataInputStream(gzip ? new BufferedInputStream(new GZIPInputStream(raw))
                : raw);
    }

    private static void expectMagic(Path file, DataInputStream in, int magic, String what)
            throws IOException {
        byte[] head = in.readNBytes(4);
        if (head.length < 4) {
            throw bad(file, "is too short to be an IDX file (" + head.length + " bytes)");
        }
        int actual = (head[0] & 0xff) << 24 | (head[1] & 0xff) << 16 | (head[2] & 0xff) << 8
                | head[3] & 0xff;
        if (actual != magic) {
            throw bad(file, String.format(Locale.ROOT,
                    "has magic number 0x%08x, expected 0x%08x (IDX %s)",
                    actual, magic, what));
        }
    }

    private static int dimension(Path file, DataInputStream in) throws IOException {
        int d;
        try {
            d = in.readInt();
        } catch (EOFException e) {
            throw bad(file, "ends inside its header");
        }
        if (d <= 0) {
            throw bad(file, "has a dimension of " + d);
        }
        return d;
    }

    private static int count(Path file, int count, String what) {
        if (count > MAX_ITEMS) {
            throw bad(file, String.format(Locale.ROOT,
                    "claims %,d %s, more than the %,d this reader accepts",
                    count, what, MAX_ITEMS));
        }
        return count;
    }

    /**
     * Exactly {@code expected} bytes, then the end of the file. readNBytes grows its buffer as
     * data arrives, so a short file never costs the header's claim in memory.
     */
    private static byte[] body(Path file, InputStream in, int expected) throws IOException {
        byte[] data = in.readNBytes(expected);
        if (data.length < expected) {
            throw bad(file, "has " + data.length + " data bytes, its header says " + expected
                    + " (truncated)");
        }
        int surplus = in.readNBytes(SURPLUS_SCAN + 1).length;
        if (surplus > SURPLUS_SCAN) {
            throw bad(file, "has more than " + ((long) expected + SURPLUS_SCAN)
                    + " data bytes, its header says " + expected + " (read no further)");
        }
        if (surplus > 0) {
            throw bad(file, "has " + ((long) expected + surplus) + " data bytes, its header says "
                    + expected);
        }
        return data;
    }

    private static InvalidInputException unreadable(Path file, IOException e) {
        if (e instanceof ZipException || e instanceof EOFException) {
            return bad(file, "is a truncated or corrupt gzip file");
        }
        return bad(file, "cannot be read (" + e.getClass().getSimpleName() + ")");
    }

    private static InvalidInputException bad(Path file, String problem) {
        return new InvalidInputException(file + " " + problem);
    }
}
