package backproplab.data;

import backproplab.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX format of the MNIST files, gzip-compressed or raw, and checks everything a broken
 * or mismatched file could get wrong: the magic number, the dimensions and the byte length.
 */
public final class IdxReader {

    /** IDX magic numbers: two zero bytes, type 0x08 (unsigned byte), then the number of dims. */
    static final int LABELS_MAGIC = 0x00000801;
    static final int IMAGES_MAGIC = 0x00000803;

    private IdxReader() {}

    /** Images as unsigned bytes, row-major, {@code count * rows * cols} of them. */
    public record Images(int count, int rows, int cols, byte[] pixels) {}

    public static Images readImages(Path file) {
        ByteBuffer b = ByteBuffer.wrap(readBytes(file));
        expectMagic(file, b, IMAGES_MAGIC, "images");
        int count = dimension(file, b);
        int rows = dimension(file, b);
        int cols = dimension(file, b);
        long expected = (long) count * rows * cols;
        expectBody(file, b, expected);
        byte[] pixels = new byte[(int) expected];
        b.get(pixels);
        return new Images(count, rows, cols, pixels);
    }

    public static byte[] readLabels(Path file) {
        ByteBuffer b = ByteBuffer.wrap(readBytes(file));
        expectMagic(file, b, LABELS_MAGIC, "labels");
        int count = dimension(file, b);
        expectBody(file, b, count);
        byte[] labels = new byte[count];
        b.get(labels);
        for (byte label : labels) {
            if (label < 0 || label > 9) {
                throw bad(file, "holds label " + label + ", outside 0..9");
            }
        }
        return labels;
    }

    static byte[] readBytes(Path file) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (IOException e) {
            throw bad(file, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        boolean gzip = raw.length >= 2 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b;
        if (!gzip) {
            return raw;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw bad(file, "is a truncated or corrupt gzip file");
        }
    }

    private static void expectMagic(Path file, ByteBuffer b, int magic, String what) {
        if (b.remaining() < 4) {
            throw bad(file, "is too short to be an IDX file (" + b.remaining() + " bytes)");
        }
        int actual = b.getInt();
        if (actual != magic) {
            throw bad(file, String.format("has magic number 0x%08x, expected 0x%08x (IDX %s)",
                    actual, magic, what));
        }
    }

    private static int dimension(Path file, ByteBuffer b) {
        if (b.remaining() < 4) {
            throw bad(file, "ends inside its header");
        }
        int d = b.getInt();
        if (d <= 0) {
            throw bad(file, "has a dimension of " + d);
        }
        return d;
    }

    private static void expectBody(Path file, ByteBuffer b, long expected) {
        if (b.remaining() != expected) {
            throw bad(file, "has " + b.remaining() + " data bytes, its header says " + expected
                    + (b.remaining() < expected ? " (truncated)" : ""));
        }
    }

    private static InvalidInputException bad(Path file, String problem) {
        return new InvalidInputException(file + " " + problem);
    }
}
