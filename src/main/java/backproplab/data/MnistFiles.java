package backproplab.data;

import backproplab.InvalidInputException;
import backproplab.Sha256;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Finds, verifies and loads the four MNIST files of a folder. Known SHA-256 sums are built in
 * (the same as the shipped {@code SHA256SUMS}); a {@code SHA256SUMS} in the folder adds to them.
 * Missing files are downloaded from the standard mirrors into the folder, which must exist: one
 * that does not is most likely a typo, and MNIST fetched into a new folder there would hide it.
 * Every refusal names the folder's option, {@value #OPTION}, the user's way to mend it.
 */
public final class MnistFiles {

    /** How the user names the data folder, on every command that has one. */
    public static final String OPTION = "--data-dir";

    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    /** SHA-256 of the original gzip files. */
    static final Map<String, String> KNOWN_SHA256 = Map.of(
            "train-images-idx3-ubyte.gz",
            "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
            "train-labels-idx1-ubyte.gz",
            "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
            "t10k-images-idx3-ubyte.gz",
            "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
            "t10k-labels-idx1-ubyte.gz",
            "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6");

    /** A SHA256SUMS file is read whole: anything larger than this is not one. */
    static final long MAX_SUMS_BYTES = 64 * 1024;

    /** Mirrors of the original files, tried in order. */
    public static final List<URI> MIRRORS = List.of(
            URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
            URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/"));

    private MnistFiles() {}

    /** The training and test sets. */
    public record Mnist(Digits train, Digits test) {}

    /** Loads the folder's files, downloading missing ones from {@link #MIRRORS}. */
    public static Mnist load(Path dir, Consumer<String> log) {
        return load(dir, MIRRORS, log);
    }

    public static Mnist load(Path dir, List<URI> mirrors, Consumer<String> log) {
        return named(() -> {
            Map<String, String> sums = checksums(requireFolder(dir));
            return new Mnist(pair(dir, TRAIN_IMAGES, TRAIN_LABELS, sums, mirrors, log),
                    pair(dir, TEST_IMAGES, TEST_LABELS, sums, mirrors, log));
        });
    }

    /** MNIST's training set: what a folder without its training images will download. */
    public static final int MNIST_TRAINING_IMAGES = 60_000;

    /**
     * How many training images the folder holds, from their file's header alone; a folder that
     * lacks them will download MNIST's {@value #MNIST_TRAINING_IMAGES}.
     *
     * @throws InvalidInputException if the file is there but is not an IDX file of images
     */
    public static int trainingImages(Path dir) {
        Path file = locate(dir, TRAIN_IMAGES);
        return file == null ? MNIST_TRAINING_IMAGES : IdxReader.imageCount(file);
    }

    /**
     * The test set alone, for the commands that only evaluate or look (evaluate, predict, inspect,
     * the lab): they neither read nor download the 47 MB of training images.
     */
    public static Digits loadTest(Path dir, Consumer<String> log) {
        return named(() -> pair(dir, TEST_IMAGES, TEST_LABELS, checksums(requireFolder(dir)),
                MIRRORS, log));
    }

    /** Whatever is wrong with the folder or its files, said as the option's fault. */
    private static <T> T named(Supplier<T> load) {
        try {
            return load.get();
        } catch (InvalidInputException e) {
            throw new InvalidInputException(OPTION + ": " + e.getMessage(), e);
        }
    }

    private static Path requireFolder(Path dir) {
        if (!Files.exists(dir)) {
            throw new InvalidInputException(dir + " does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException(dir + " is not a folder");
        }
        return dir;
    }

    private static Digits pair(Path dir, String images, String labels, Map<String, String> sums,
                               List<URI> mirrors, Consumer<String> log) {
        return digits(present(dir, images, sums, mirrors, log),
                present(dir, labels, sums, mirrors, log));
    }

    /** The verified file of that name, downloaded first when the folder lacks it. */
    private static Path present(Path dir, String name, Map<String, String> sums,
                                List<URI> mirrors, Consumer<String> log) {
        Path file = locate(dir, name);
        if (file == null) {
            file = dir.resolve(name + ".gz");
            // The file and the last mirror's reason: a server's log may be far from the error.
            Optional<String> failure = Downloader.fetch(mirrors, name + ".gz", file,
                    sums.get(name + ".gz"), log);
            if (failure.isPresent()) {
                throw new InvalidInputException(dir + " lacks MNIST (download failed): " + name
                        + ".gz " + failure.get());
            }
        }
        verify(file, sums.get(file.getFileName().toString()));
        return file;
    }

    /** The gzip file if there is one, else the raw one, else null. */
    static Path locate(Path dir, String name) {
        for (Path p : List.of(dir.resolve(name + ".gz"), dir.resolve(name))) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    static Digits digits(Path imagesFile, Path labelsFile) {
        IdxReader.Images images = IdxReader.readImages(imagesFile);
        byte[] labels = IdxReader.readLabels(labelsFile);
        if (images.rows() != Digits.SIDE || images.cols() != Digits.SIDE) {
            throw new InvalidInputException(imagesFile + " holds " + images.rows() + "x"
                    + images.cols() + " images, expected 28x28");
        }
        if (images.count() != labels.length) {
            throw new InvalidInputException(labelsFile + " has " + labels.length
                    + " labels but " + imagesFile.getFileName() + " has " + images.count()
                    + " images");
        }
        return new Digits(images.pixels(), labels, labels.length);
    }

    static Map<String, String> checksums(Path dir) {
        Map<String, String> sums = new LinkedHashMap<>(KNOWN_SHA256);
        Path list = dir.resolve("SHA256SUMS");
        if (Files.isRegularFile(list)) {
            try {
                if (Files.size(list) > MAX_SUMS_BYTES) {
                    throw new InvalidInputException(list + " is " + Files.size(list)
                            + " bytes; a checksum list of a few files is far smaller");
                }
                for (String line : Files.readAllLines(list)) {
                    String[] parts = line.trim().split("\\s+\\*?");
                    if (parts.length == 2) {
                        sums.put(parts[1], parts[0].toLowerCase(Locale.ROOT));
                    }
                }
            } catch (IOException e) {
                throw new InvalidInputException(list + " cannot be read");
            }
        }
        return sums;
    }

    static void verify(Path file, String expectedSha256) {
        if (expectedSha256 == null) {
            return; // a raw file we have no sum for: the IDX reader still checks its structure
        }
        String actual = sha256(file);
        if (!actual.equals(expectedSha256)) {
            // Without the two sums: 128 hex digits would overflow the line and help no one.
            throw new InvalidInputException(file + " fails its SHA-256 check");
        }
    }

    static String sha256(Path file) {
        try {
            return Sha256.ofFile(file);
        } catch (IOException e) {
            throw new InvalidInputException(file + " cannot be read");
        }
    }
}
