package backproplab.lab.workspace;

import backproplab.data.Digits;
import backproplab.data.MnistFiles;
import backproplab.lab.http.BadRequestException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** The MNIST test set, loaded on first use, and its digits as small PNGs for the pages. */
public final class TestDigits {

    private final Path dataDir;
    private final PrintStream log;
    private Digits digits;

    public TestDigits(Path dataDir, PrintStream log) {
        this.dataDir = dataDir;
        this.log = log;
    }

    public Path dataDir() {
        return dataDir;
    }

    public synchronized Digits digits() {
        if (digits == null) {
            digits = MnistFiles.loadTest(dataDir, log::println);
        }
        return digits;
    }

    /** Test digit {@code index} as a 28 × 28 grey PNG, dark ink on white as on paper. */
    public byte[] png(int index) {
        Digits d = digits();
        if (index < 0 || index >= d.count()) {
            throw new BadRequestException("test digit " + index + " does not exist: the test set"
                    + " has digits 0 to " + (d.count() - 1));
        }
        BufferedImage image = new BufferedImage(Digits.SIDE, Digits.SIDE,
                BufferedImage.TYPE_BYTE_GRAY);
        byte[] ink = new byte[Digits.PIXELS];
        for (int i = 0; i < ink.length; i++) {
            ink[i] = (byte) (255 - (d.pixels()[index * Digits.PIXELS + i] & 0xFF));
        }
        image.getRaster().setDataElements(0, 0, Digits.SIDE, Digits.SIDE, ink);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
