package backproplab.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import backproplab.InvalidInputException;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IDX reader and the MNIST loader on generated files, good and broken. */
class IdxFilesTest {

    @TempDir
    Path dir;

    static byte[] idxImages(int count, int rows, int cols, int bodyBytes) {
        ByteBuffer b = ByteBuffer.allocate(16 + bodyBytes);
        b.putInt(IdxReader.IMAGES_MAGIC).putInt(count).putInt(rows).putInt(cols);
        for (int k = 0; k < bodyBytes; k++) {
            b.put((byte) (k * 7));
        }
        return b.array();
    }

    static byte[] idxLabels(int count, int bodyBytes) {
        ByteBuffer b = ByteBuffer.allocate(8 + bodyBytes);
        b.putInt(IdxReader.LABELS_MAGIC).putInt(count);
        for (int k = 0; k < bodyBytes; k++) {
            b.put((byte) (k % 10));
        }
        return b.array();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(raw);
        }
        return bytes.toByteArray();
    }

    @Test
    void readsRawAndGzipFilesAlike() throws IOException {
        byte[] raw = idxImages(3, 28, 28, 3 * 784);
        Path plain = Files.write(dir.resolve("a-images"), raw);
        Path packed = Files.write(dir.resolve("b-images.gz"), gzip(raw));
        IdxReader.Images a = IdxReader.readImages(plain);
        IdxReader.Images b = IdxReader.readImages(packed);
        assertThat(a.count()).isEqualTo(3);
        assertThat(a.rows()).isEqualTo(28);
        assertThat(b.pixels()).isEqualTo(a.pixels());
        assertThat(a.pixels()[5]).isEqualTo((byte) 35);
        byte[] labels = IdxReader.readLabels(Files.write(dir.resolve("l"), idxLabels(12, 12)));
        assertThat(labels).hasSize(12).startsWith(0, 1, 2);
    }

    @Test
    void rejectsAWrongMagicNumberNamingTheFile() throws IOException {
        Path labelsAsImages = Files.write(dir.resolve("swapped"), idxLabels(4, 4));
        assertThatThrownBy(() -> IdxReader.readImages(labelsAsImages))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("swapped").hasMessageContaining("magic number 0x00000801");
    }

    @Test
    void rejectsTruncatedAndOverlongBodies() throws IOException {
        Path shortFile = Files.write(dir.resolve("short"), idxImages(3, 28, 28, 3 * 784 - 1));
        assertThatThrownBy(() -> IdxReader.readImages(shortFile))
                .hasMessageContaining("short").hasMessageContaining("truncated");
        Path longFile = Files.write(dir.resolve("long"), idxLabels(3, 4));
        assertThatThrownBy(() -> IdxReader.readLabels(longFile))
                .hasMessageContaining("has 4 data bytes, its header says 3");
        Path header = Files.write(dir.resolve("header"), new byte[] {0, 0, 8, 3, 0, 0});
        assertThatThrownBy(() -> IdxReader.readImages(header)).hasMessageContaining("header");
    }

    @Test
    void rejectsACorruptGzipAndLabelsOutOfRange() throws IOException {
        byte[] packed = gzip(idxImages(2, 28, 28, 2 * 784));
        Path cut = Files.write(dir.resolve("cut.gz"), Arrays.copyOf(packed, packed.length / 2));
        assertThatThrownBy(() -> IdxReader.readImages(cut))
                .hasMessageContaining("cut.gz").hasMessageContaining("gzip");
        byte[] labels = idxLabels(2, 2);
        labels[9] = 12;
        Path badLabel = Files.write(dir.resolve("labels"), labels);
        assertThatThrownBy(() -> IdxReader.readLabels(badLabel)).hasMessageContaining("label 12");
    }

    @Test
    void aHeaderClaimingBillionsOfImagesIsRefusedBeforeAnyAllocation() throws IOException {
        Path images = Files.write(dir.resolve("huge-images"), idxImages(Integer.MAX_VALUE, 28, 28,
                784));
        assertThatThrownBy(() -> IdxReader.readImages(images))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("huge-images").hasMessageContaining("2,147,483,647 images");
        Path labels = Files.write(dir.resolve("huge-labels"), idxLabels(1 << 30, 10));
        assertThatThrownBy(() -> IdxReader.readLabels(labels))
                .hasMessageContaining("huge-labels").hasMessageContaining("1,073,741,824 labels");
        // Within the count, but 100,000 images of 1,000x1,000 pixels would be 100 GB.
        Path wide = Files.write(dir.resolve("wide"), idxImages(100_000, 1000, 1000, 784));
        assertThatThrownBy(() -> IdxReader.readImages(wide))
                .hasMessageContaining("wide").hasMessageContaining("100,000 images of 1000x1000");
    }

    /**
     * A gzip bomb under a raw file's name: a header that claims two images, then megabytes of
     * zeros, then a broken end. Reading everything first would meet the broken end (or, for a
     * 2 GB stream, run out of memory); the reader must stop soon after the header's claim.
     */
    @Test
    void aGzipStreamLongerThanItsHeaderIsRefusedWithoutReadingToItsEnd() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(idxImages(2, 28, 28, 2 * 784));
            byte[] zeros = new byte[1 << 20];
            for (int k = 0; k < 16; k++) {
                out.write(zeros);
            }
        }
        byte[] packed = bytes.toByteArray();
        assertThat(packed.length).as("a small file").isLessThan(100_000);
        Path bomb = Files.write(dir.resolve("train-images-idx3-ubyte"),
                Arrays.copyOf(packed, packed.length - 20));
        assertThatThrownBy(() -> IdxReader.readImages(bomb))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("train-images-idx3-ubyte")
                .hasMessageContaining("its header says 1568").hasMessageContaining("more than");
    }

    @Test
    void labelsThatDoNotMatchTheImagesAreNamed() throws IOException {
        Path images = Files.write(dir.resolve("img"), idxImages(3, 28, 28, 3 * 784));
        Path labels = Files.write(dir.resolve("lab"), idxLabels(4, 4));
        assertThatThrownBy(() -> MnistFiles.digits(images, labels))
                .hasMessageContaining("4 labels but img has 3 images");
        Path small = Files.write(dir.resolve("small"), idxImages(4, 8, 8, 4 * 64));
        assertThatThrownBy(() -> MnistFiles.digits(small, labels)).hasMessageContaining("8x8");
    }

    @Test
    void theShippedFilesPassTheirChecksumsAndAFlippedByteFails() throws IOException {
        Path shipped = Path.of("data", "mnist");
        Path labels = shipped.resolve("t10k-labels-idx1-ubyte.gz");
        MnistFiles.verify(labels,
                MnistFiles.checksums(shipped).get(labels.getFileName().toString()));
        byte[] bytes = Files.readAllBytes(labels);
        bytes[100] ^= 1;
        Path flipped = Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), bytes);
        assertThatThrownBy(() -> MnistFiles.verify(flipped,
                MnistFiles.KNOWN_SHA256.get("t10k-labels-idx1-ubyte.gz")))
                .hasMessageContaining("fails its SHA-256 check");
    }

    @Test
    void anOversizedChecksumListIsRefusedUnread() throws IOException {
        Path sums = dir.resolve("SHA256SUMS");
        try (var out = Files.newOutputStream(sums)) {
            out.write(new byte[(int) MnistFiles.MAX_SUMS_BYTES + 1]);
        }
        assertThatThrownBy(() -> MnistFiles.checksums(dir))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("SHA256SUMS");
    }

    @Test
    void aMissingFileIsDownloadedVerifiedAndRenamedFromALoopbackMirror() throws IOException {
        byte[] served = gzip(idxLabels(5, 5));
        List<String> requests = new ArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestURI().getPath());
            byte[] body = exchange.getRequestURI().getPath().startsWith("/m/") ? served : null;
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
        try {
            URI dead = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/dead/");
            URI mirror = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/m/");
            Path target = dir.resolve("labels.gz");
            assertThat(Downloader.fetch(List.of(dead, mirror), "labels.gz", target,
                    MnistFiles.sha256(Files.write(dir.resolve("expected"), served)), line -> { }))
                    .isEmpty();
            assertThat(Files.readAllBytes(target)).isEqualTo(served);
            assertThat(requests).containsExactly("/dead/labels.gz", "/m/labels.gz");

            Path wrong = Files.createDirectories(dir.resolve("wrong")).resolve("labels.gz");
            List<String> log = new ArrayList<>();
            assertThat(Downloader.fetch(List.of(mirror), "labels.gz", wrong, "00".repeat(32),
                    log::add)).get().asString().startsWith("from 127.0.0.1: ")
                    .endsWith("not the expected file (its SHA-256 differs)");
            assertThat(log).last().asString().contains("SHA-256");
            try (var left = Files.list(wrong.getParent())) {
                assertThat(left).as("nothing left behind by a bad download").isEmpty();
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theTestSetLoadsFromAFolderWithoutTheTrainingFiles() throws IOException {
        for (String name : List.of(MnistFiles.TEST_IMAGES, MnistFiles.TEST_LABELS)) {
            Files.copy(Path.of("data", "mnist", name + ".gz"), dir.resolve(name + ".gz"));
        }
        List<String> log = new ArrayList<>();
        Digits test = MnistFiles.loadTest(dir, log::add);
        assertThat(test.count()).isEqualTo(10_000);
        assertThat(log).as("nothing downloaded").isEmpty();
        try (var left = Files.list(dir)) {
            assertThat(left).hasSize(2);
        }
    }

    @Test
    void aMirrorThatCannotBeReachedIsNamedWithAReasonInWords() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        List<URI> mirrors = List.of(URI.create("http://127.0.0.1:" + closedPort + "/m/"),
                URI.create("http://mirror.invalid/m/"));
        List<String> log = new ArrayList<>();
        assertThat(Downloader.fetch(mirrors, "labels.gz", dir.resolve("labels.gz"), null,
                log::add)).contains("from mirror.invalid: host not found (is this machine"
                + " offline?)");
        assertThat(log).containsExactly("downloading labels.gz from 127.0.0.1",
                "  failed: could not connect", "downloading labels.gz from mirror.invalid",
                "  failed: host not found (is this machine offline?)");
    }

    /**
     * A data folder that cannot be one is said so before any download; a folder that lacks a
     * file and cannot get it is named in one line, with the file and why the download failed.
     * Every line logged fits 80 columns.
     */
    @Test
    void aWrongDataFolderIsNamedInOneShortLine() throws IOException {
        List<URI> unreachable = List.of(URI.create("http://mirror.invalid/mnist/"));
        List<String> log = new ArrayList<>();
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> MnistFiles.load(missing, unreachable, log::add))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("--data-dir: " + missing + " does not exist");
        assertThat(missing).doesNotExist();
        Path file = Files.writeString(dir.resolve("file"), "not a folder");
        assertThatThrownBy(() -> MnistFiles.load(file, unreachable, log::add))
                .hasMessage("--data-dir: " + file + " is not a folder");
        assertThat(log).as("nothing downloaded").isEmpty();

        Path empty = Files.createDirectories(dir.resolve("e"));
        assertThatThrownBy(() -> MnistFiles.load(empty, unreachable, log::add))
                .hasMessage("--data-dir: " + empty + " lacks MNIST (download failed): "
                        + MnistFiles.TRAIN_IMAGES + ".gz from mirror.invalid: host not found"
                        + " (is this machine offline?)");
        assertThat(log).containsExactly(
                "downloading " + MnistFiles.TRAIN_IMAGES + ".gz from mirror.invalid",
                "  failed: host not found (is this machine offline?)");
        List<String> real = new ArrayList<>();
        for (URI mirror : MnistFiles.MIRRORS) {
            real.add("downloading " + MnistFiles.TRAIN_IMAGES + ".gz from " + mirror.getHost());
        }
        assertThat(real).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
    }
}
