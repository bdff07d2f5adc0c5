package backproplab.lab;

import backproplab.data.Digits;
import backproplab.data.MnistFiles;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A data folder of the first digits of the shipped MNIST files, as raw IDX files: training from
 * the lab in a test then evaluates a few hundred test digits, not 10,000.
 */
final class SmallMnist {

    private SmallMnist() {}

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
