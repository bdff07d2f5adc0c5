package backproplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.data.MnistFiles;
import backproplab.model.Models;
import backproplab.training.CheckpointFiles;
import backproplab.training.RunFolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data folder that lacks one MNIST file, with no network: the command ends in one line that
 * names the folder, the file and why its download failed; exit code 2, no stack trace.
 */
class MissingMnistTest {

    /** The file the folder lacks: the last the loaders look for. */
    static final String MISSING = MnistFiles.TEST_LABELS + ".gz";

    @TempDir
    Path dir;

    /** The shipped MNIST files but {@link #MISSING}, in {@code folder}; returns it. */
    static Path folder(Path folder) throws IOException {
        Files.createDirectories(folder);
        for (String name : List.of(MnistFiles.TRAIN_IMAGES, MnistFiles.TRAIN_LABELS,
                MnistFiles.TEST_IMAGES)) {
            Files.copy(Path.of("data", "mnist", name + ".gz"), folder.resolve(name + ".gz"));
        }
        return folder;
    }

    /** What the one line says after the command's own prefix, up to the download's reason. */
    static String refusal(Path folder) {
        return "--data-dir: " + folder + " lacks MNIST (download failed): " + MISSING + " from "
                + OfflineJvm.LAST_MIRROR + ": ";
    }

    @Test
    void trainSaysWhichFileAndWhy() throws Exception {
        Path data = folder(dir.resolve("data"));
        assertOneLine("train", "train", "--model", "tiny", "--limit", "100", "--data-dir",
                data.toString(), "--out", dir.resolve("run").toString());
        assertThat(dir.resolve("run")).doesNotExist();
    }

    @Test
    void evaluateSaysWhichFileAndWhy() throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve(RunFolder.SETTINGS), "{}");
        CheckpointFiles.write(run.resolve(RunFolder.BEST), Models.TINY);
        assertOneLine("evaluate", "evaluate", "--run", run.toString(), "--data-dir",
                folder(dir.resolve("data")).toString());
    }

    private void assertOneLine(String command, String... args) throws Exception {
        Process p = OfflineJvm.start(Map.of(), args);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isEqualTo(2);
        assertThat(err.strip().lines()).as(err).hasSize(1);
        assertThat(err).startsWith("backprop-lab " + command + ": error: "
                + refusal(dir.resolve("data"))).doesNotContain("\tat ", "Exception");
        // Each mirror tried, and why it failed, as the lines before.
        assertThat(out).contains("downloading " + MISSING + " from " + OfflineJvm.LAST_MIRROR);
    }
}
