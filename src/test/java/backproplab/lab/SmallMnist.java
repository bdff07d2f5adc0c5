package backproplab.lab;

import backproplab.data.Digits;
import backproplab.data.MnistFiles;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A data folder of the first digits of the shipped MNIST files, as raw IDX files: training from
 * the lab in a test then evaluates a few hundred test digits, not 10,000.
 */
final class SmallMnist {

    private SmallMnist() {}

    /**
     * A quiet lab on {@code root}/runs with 640 training and 300 test digits in
     * {@code root}/mnist: what the page tests train and look at.
     */
    static LabServer lab(Path root) throws IOException {
        Path data = write(root.resolve("mnist"), 640, 300);
        return LabServer.start("127.0.0.1", 0, Files.createDirectories(root.resolve("runs")),
                data, new PrintStream(PrintStream.nullOutputStream(), true,
                        StandardCharsets.UTF_8));
    }

    static Path write(Path dir, int train, int test) throws IOException {
        MnistFiles.Mnist mnist = MnistFiles.load(Path.of("data", "mnist"), line -> { });
        Files.createDirectories(dir);
        write(dir, MnistFiles.TRAIN_IMAGES, MnistFiles.TRAIN_LABELS, mnist.train().first(train));
        write(dir, MnistFiles.TEST_IMAGES, MnistFiles.TEST_LABELS, mnist.test().first(test));
        return dir;
    }

    private static void write(Path dir, String images, String labels, Digits d)
            throws IOException {
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(dir.resolve(images)))) {
            out.writeInt(0x803);
            out.writeInt(d.count());
            out.writeInt(Digits.SIDE);
            out.writeInt(Digits.SIDE);
            out.write(d.pixels());
        }
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(dir.resolve(labels)))) {
            out.writeInt(0x801);
            out.writeInt(d.count());
            out.write(d.labels());
        }
    }
}
