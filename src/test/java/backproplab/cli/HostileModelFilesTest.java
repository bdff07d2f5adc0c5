package backproplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.cli.BackpropCommandTest.Run;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hostile model files, as the issue lists them, given to the commands that take a model: each
 * ends in one line naming the file (and line), exit code 2, no stack trace, nothing built.
 */
class HostileModelFilesTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "huge widths|nn.Conv2d(1, 4096, 3)\\nnn.Conv2d(4096, 4096, 3)|net.txt:2:1:"
            + "|over the limit of 5,000,000",
        "zero size|nn.Conv2d(1, 0, 3)|net.txt:1:14:"
            + "|out_channels must be between 1 and 4096 (was 0)",
        "negative size|nn.MaxPool2d(-2)|net.txt:1:14:"
            + "|kernel_size must be between 1 and 1024 (was -2)",
        "10,000 layers|REPEAT|net.txt:201:1:|more than 200 layers",
        "unbalanced|nn.Conv2d(1, 8, 3\\nnn.ReLU()|net.txt:1:18:|missing ')'",
        "unbalanced, wrapped|nn.Conv2d(1, 8,\\n3, bias=False\\nnn.ReLU()|net.txt:1:|missing ')'",
        "unknown layer|nn.Conv3d(1, 8, 3)|net.txt:1:1:"
            + "|unknown layer nn.Conv3d (did you mean nn.Conv2d?)",
        "empty|## nothing here|net.txt:|no layers",
    })
    void eachEndsInOneLine(String what, String text, String where, String problem)
            throws IOException {
        Path file = dir.resolve("net.txt");
        Files.writeString(file, text.equals("REPEAT") ? "nn.ReLU()\n".repeat(10_000)
                : text.replace("\\n", "\n") + "\n");
        for (String command : new String[] {"summary", "train", "doctor"}) {
            Run run = Run.of(command, "--model", file.toString());
            assertThat(run.code()).as(what + ": " + command + ": " + run.err()).isEqualTo(2);
            assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
            assertThat(run.err()).contains(where.replace("net.txt", file.toString()), problem)
                    .doesNotContain("\tat ", "Exception");
        }
    }

    /** Wide maps at a big batch: refused before a batch can exhaust the memory. */
    @org.junit.jupiter.api.Test
    void aBatchTooBigForTheModelIsRefusedNamingWhatFits() throws IOException {
        Path file = dir.resolve("wide.txt");
        Files.writeString(file, """
                nn.Conv2d(1, 256, 3, padding=1), nn.ReLU()
                nn.Conv2d(256, 10, 1), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.LogSoftmax(dim=1)
                """);
        // Per image: 2 · 256·28·28 + 10·28·28 + 10 + 10 values; the Flatten's 10 are the
        // pooled values seen as a vector (a view in PyTorch): nothing more to keep.
        long perImage = 2L * 256 * 28 * 28 + 10 * 28 * 28 + 20;
        Run run = Run.of("train", "--model", file.toString(), "--batch-size", "4096");
        assertThat(run.code()).as(run.err()).isEqualTo(2);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).contains("--batch-size: at most " + 500_000_000 / perImage
                + " images of wide fit in memory");
    }

    @ParameterizedTest
    @CsvSource({"binary junk", "a 1 GB file", "a folder", "no file"})
    void filesThatAreNoModelFilesEndInOneLine(String what) throws IOException {
        Path file = dir.resolve("net.txt");
        String problem;
        switch (what) {
            case "binary junk" -> {
                Files.write(file, new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, (byte) 0xc3, 0x28});
                problem = "not a text file";
            }
            case "a 1 GB file" -> {
                try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                    f.setLength(1L << 30);
                }
                problem = "a model file is at most 256 KB";
            }
            case "a folder" -> {
                Files.createDirectories(file);
                problem = "a folder, not a model file";
            }
            default -> problem = "no such file";
        }
        Run run = Run.of("summary", "--model", file.toString());
        assertThat(run.code()).as(run.err()).isEqualTo(2);
        assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
        assertThat(run.err()).contains("--model: " + file, problem);
    }
}
