package backproplab.testing;

import backproplab.data.Digits;
import backproplab.data.MnistFiles;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Small MNIST folders for tests that train: raw IDX files cut from the shipped ones. Raw files
 * have no known checksum, so the loader checks only their structure. A test set of a few hundred
 * digits keeps each epoch's evaluation short.
 */
public final class SmallMnist {

    private static MnistFiles.Mnist shipped;

    private SmallMnist() {}

    /** The shipped MNIST files, read once per test JVM. */
    public static synchronized MnistFiles.Mnist shipped() {
        if (shipped == null) {
            shipped = MnistFiles.load(Path.of("data", "mnist"), line -> { });
        }
        return shipped;
    }

    /** A data folder of the first {@code train} and {@code test} shipped digits; returns it. */
    public static Path write(Path dir, int train, int test) throws IOException {
        return write(dir, shipped().train().first(train), shipped().test().first(test));
    }

    /** A data folder holding {@code train} and {@code test}; returns {@code dir}. */
    public static Path write(Path dir, Digits train, Digits test) throws IOException {
        Files.createDirectories(dir);
        write(dir, MnistFiles.TRAIN_IMAGES, MnistFiles.TRAIN_LABELS, train);
        write(dir, MnistFiles.TEST_IMAGES, MnistFiles.TEST_LABELS, test);
        return dir;
    }

    private static void write(Path dir, String imagesName, String labelsName, Digits d)
            throws IOException {
        try (DataOutputStream out = new DataOutputStream(
                Files.newOutputStream(dir.resolve(imagesName)))) {
            out.writeInt(0x00000803);
            out.writeInt(d.count());
            out.writeInt(Digits.SIDE);
            out.writeInt(Digits.SIDE);
            out.write(d.pixels());
        }
        try (DataOutputStream out = new DataOutputStream(
                Files.newOutputStream(dir.resolve(labelsName)))) {
            out.writeInt(0x00000801);
            out.writeInt(d.count());
            out.write(d.labels());
        }
    }
}
