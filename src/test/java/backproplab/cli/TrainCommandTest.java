package backproplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.cli.BackpropCommandTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The training-side commands end to end, and how they turn down bad input. */
class TrainCommandTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--model=resnet|unknown model 'resnet'",
        "--epochs=0|--epochs",
        "--lr=-1|--lr",
        "--optimizer=rmsprop|--optimizer",
        "--batch-size=x|--batch-size",
        "--dropout=2|--dropout",
        "--limit=-3|--limit",
        "--threads=0|--threads",
        "--batch-size=1000000|--batch-size: must be between 1 and 4096",
        "--epochs=-3|--epochs",
        "--lr=NaN|--lr",
        "--holdout=-1|--holdout"})
    void nonsenseOptionsGetOneLineNamingThem(String option, String named) {
        Run run = Run.of("train", option, "--out", dir.resolve("r").toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).contains(named).doesNotContain("\tat ", "Exception");
        assertThat(dir.resolve("r")).doesNotExist();
    }

    @Test
    void aResumeFolderThatIsNotARunIsNamed() throws IOException {
        Path notARun = Files.createDirectories(dir.resolve("empty"));
        Run run = Run.of("train", "--resume", notARun.toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("--resume", "not a training run folder")
                .doesNotContain("\tat ");
    }

    @Test
    void aCorruptDataFileFailsItsChecksumWithTheFileNamed() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        for (Path f : Files.newDirectoryStream(Path.of("data", "mnist"))) {
            Files.copy(f, data.resolve(f.getFileName()));
        }
        Path labels = data.resolve("train-labels-idx1-ubyte.gz");
        byte[] bytes = Files.readAllBytes(labels);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(labels, bytes);
        Run run = Run.of("train", "--epochs=1", "--limit=100", "--threads=2",
                "--data-dir", data.toString(), "--out", dir.resolve("r").toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).contains("train-labels-idx1-ubyte.gz", "SHA-256")
                .doesNotContain("\tat ");
    }

    @Test
    void trainThenEvaluateWritesTheRunFolderAndTheEvaluation() throws IOException {
        Path out = dir.resolve("run");
        Run train = Run.of("train", "--model", "s6", "--epochs=1", "--limit=1000", "--threads=2",
                "--out", out.toString());
        assertThat(train.code()).as(train.err()).isZero();
        assertThat(train.out()).contains("train loss", "\n1/1 ", "best test accuracy",
                "8,370 parameters");
        assertThat(Files.readString(out.resolve("command.txt"))).contains("--limit=1000");
        assertThat(Files.readString(out.resolve("summary.txt"))).contains("8,370");

        Run again = Run.of("train", "--epochs=1", "--out", out.toString());
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("already holds a run");

        Run eval = Run.of("evaluate", "--run", out.toString(), "--threads=2");
        assertThat(eval.code()).as(eval.err()).isZero();
        assertThat(eval.out()).contains("true\\pred", "of 10,000 test digits");
        for (String f : new String[] {"confusion.txt", "confusion.png", "misclassified.png"}) {
            assertThat(out.resolve("evaluation").resolve(f)).isNotEmptyFile();
        }
    }

    @Test
    void summaryAndModelsListTheModels() {
        assertThat(Run.of("summary", "--model", "s6").out()).contains("Trainable parameters: 8,370");
        assertThat(Run.of("models").out()).contains("s6", "8,370");
        Run bad = Run.of("summary", "--model", "nope");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("unknown model 'nope'");
    }
}
