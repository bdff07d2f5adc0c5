package backproplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.cli.BackpropCommandTest.Run;
import backproplab.testing.SmallMnist;
import backproplab.training.CheckpointFiles;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A run resumed after its first epoch ends with the same weights, BatchNorm statistics and
 * optimizer state as the uninterrupted run, with Adam and AdamW: their moments and step count
 * (the bias correction) must come back from the checkpoint. Through the command line, as a user
 * resumes.
 */
class ResumeWithAdamTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"adam, 0", "adamw, 0.01"})
    void resumingGivesBitIdenticalWeightsAndOptimizerState(String optimizer, String decay)
            throws IOException {
        Path data = SmallMnist.write(dir.resolve("data"), SmallMnist.shipped().train().first(300),
                SmallMnist.shipped().test().first(200));
        Path whole = dir.resolve("whole");
        Run run = Run.of("train", "--model", "s6", "--epochs", "2", "--data-dir", data.toString(),
                "--optimizer", optimizer, "--lr", "0.003", "--weight-decay", decay,
                "--schedule", "onecycle", "--seed", "3", "--threads", "2",
                "--out", whole.toString());
        assertThat(run.code()).as(run.err()).isZero();

        // The state an interruption after epoch 1 leaves: the run's files and its first checkpoint.
        Path cut = Files.createDirectories(dir.resolve("cut/checkpoints"));
        for (String file : List.of("settings.json", "command.txt", "summary.txt",
                "checkpoints/epoch-001.ckpt")) {
            Files.copy(whole.resolve(file), dir.resolve("cut").resolve(file));
        }
        Run resumed = Run.of("train", "--resume", cut.getParent().toString());
        assertThat(resumed.code()).as(resumed.err()).isZero();
        // The epoch table's rows start with "EPOCH/EPOCHS": only the second epoch is trained.
        assertThat(resumed.out()).contains("resuming").containsPattern("(?m)^2/2 ")
                .doesNotContainPattern("(?m)^1/2 ");

        assertThat(afterHeader(cut.resolve("epoch-002.ckpt")))
                .isEqualTo(afterHeader(whole.resolve("checkpoints/epoch-002.ckpt")));
    }

    /**
     * A checkpoint's bytes after its JSON header (which holds timings): the weights, BatchNorm
     * statistics and the optimizer's state; not the file's closing SHA-256, which covers the
     * header too.
     */
    private static byte[] afterHeader(Path checkpoint) throws IOException {
        byte[] bytes = Files.readAllBytes(checkpoint);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0,
                bytes.length - CheckpointFiles.SUM_BYTES))) {
            in.readUTF();
            in.skipNBytes(in.readInt());
            return in.readAllBytes();
        }
    }
}
