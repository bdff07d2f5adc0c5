package backproplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.cli.BackpropCommandTest.Run;
import backproplab.inspect.TinyRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code export} into a folder: it replaces what it wrote itself, never a file the learner
 * edited or put there, and a failed export leaves the file system as it was.
 */
class ExportCommandTest {

    @TempDir
    Path dir;

    private static Run export(Path out) throws IOException {
        return Run.of("export", "--run", TinyRun.folder().toString(), "--out", out.toString());
    }

    @Test
    void exportingAgainIntoTheSameFolderReplacesItsOwnFiles() throws IOException {
        Path out = dir.resolve("pytorch");
        assertThat(export(out).code()).isZero();
        Map<String, String> first = listing(out);
        Run again = export(out);
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(listing(out)).isEqualTo(first);
        // Without its list, a file holding exactly what export writes is still replaceable.
        Files.delete(out.resolve(".backprop-lab-export"));
        Run unlisted = export(out);
        assertThat(unlisted.code()).as(unlisted.err()).isZero();
        assertThat(listing(out)).isEqualTo(first);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny.py", "tiny.safetensors"})
    void aFileEditedSinceIsRefusedInOneLineAndNothingIsTouched(String name) throws IOException {
        Path out = dir.resolve("pytorch");
        assertThat(export(out).code()).isZero();
        Files.writeString(out.resolve(name), "\n# my own line\n", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        Map<String, String> before = listing(out);
        Run refused = export(out);
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err().strip()).doesNotContain("\n")
                .contains("--out: " + out.resolve(name) + " was edited since export wrote it")
                .contains("choose another --out");
        assertThat(listing(out)).isEqualTo(before);
    }

    @Test
    void aFileExportDidNotWriteIsRefusedAndNothingIsWritten() throws IOException {
        Path out = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(out.resolve("tiny.py"), "import torch\n", StandardCharsets.UTF_8);
        Map<String, String> before = listing(out);
        Run refused = export(out);
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err().strip()).doesNotContain("\n")
                .contains(out.resolve("tiny.py") + " exists and export did not write it");
        // Not even the weights, nor the list of what export wrote.
        assertThat(listing(out)).isEqualTo(before);
    }

    @Test
    void aFailedExportLeavesNoFolderBehind() throws IOException {
        Path run = Files.createDirectories(dir.resolve("run"));
        byte[] whole = Files.readAllBytes(TinyRun.best());
        // Cut short past the header, so reading the model's weights is what fails.
        Files.write(run.resolve("best.ckpt"), Arrays.copyOf(whole, 3000));
        Path out = dir.resolve("exp-trunc-best").resolve("epoch");
        Run named = Run.of("export", "--checkpoint", run.resolve("best.ckpt").toString(),
                "--out", out.toString());
        assertThat(named.code()).as(named.err()).isEqualTo(2);
        Run byDefault = Run.of("export", "--checkpoint", run.resolve("best.ckpt").toString());
        assertThat(byDefault.code()).as(byDefault.err()).isEqualTo(2);
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.map(f -> dir.relativize(f).toString().replace('\\', '/')).sorted())
                    .containsExactly("", "run", "run/best.ckpt");
        }
    }

    /** Every file under {@code root}, hidden ones too, with its content. */
    private static Map<String, String> listing(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(f).toString(), new String(Files.readAllBytes(f),
                        StandardCharsets.ISO_8859_1));
            }
        }
        return files;
    }
}
