package backproplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.cli.BackpropCommandTest.Run;
import backproplab.model.ModelFile;
import backproplab.model.Models;
import backproplab.training.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model is data, parsed once at the edge: {@code train} of a model file parses the file once,
 * and its settings, summary, run and every epoch's checkpoint carry the parsed model.
 */
class ModelParsedOnceTest {

    @TempDir
    Path dir;

    @Test
    void trainParsesItsModelFileOnceForTwoEpochs() throws IOException {
        Path file = Files.writeString(dir.resolve("my-tiny.txt"), Models.text("tiny"));
        long before = ModelFile.parses();
        Run run = Run.of("train", "--model", file.toString(), "--epochs=2", "--limit=200",
                "--threads=1", "--out", dir.resolve("run").toString());
        long parses = ModelFile.parses() - before;
        assertThat(run.code()).as(run.err()).isZero();
        // Two epochs: two checkpoints and a best model were written, each with the model's text.
        assertThat(dir.resolve("run").resolve(RunFolder.CHECKPOINTS).resolve("epoch-002.ckpt"))
                .exists();
        assertThat(Files.readString(dir.resolve("run").resolve(RunFolder.MODEL)))
                .isEqualTo(Models.text("tiny"));
        assertThat(parses).isEqualTo(1);
    }

    @Test
    void aClassIsReadOnceByTrainOnceByExportAndOnceBySummary() {
        String model = Path.of("src", "test", "resources", "python", "models.py") + ":Model_2";
        Path run = dir.resolve("run");
        long before = ModelFile.parses();
        Run train = Run.of("train", "--model", model, "--epochs=1", "--limit=200",
                "--threads=1", "--out", run.toString());
        assertThat(train.code()).as(train.err()).isZero();
        assertThat(ModelFile.parses() - before).as("train").isEqualTo(1);
        // export writes the weights under the class's own keys, carried in the model read.
        before = ModelFile.parses();
        Run export = Run.of("export", "--run", run.toString(), "--out",
                dir.resolve("pytorch").toString());
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(ModelFile.parses() - before).as("export").isEqualTo(1);
        before = ModelFile.parses();
        Run summary = Run.of("summary", "--model", model, "--pytorch");
        assertThat(summary.code()).as(summary.err()).isZero();
        assertThat(summary.out()).contains("class Model_2(nn.Module):", "return Model_2()");
        assertThat(ModelFile.parses() - before).as("summary --pytorch").isEqualTo(1);
    }

    @Test
    void trainOfABuiltInModelParsesNothingMore() {
        // The built-in models are parsed once, when the jar's models are first read.
        Models.builtIn();
        long before = ModelFile.parses();
        Run run = Run.of("train", "--model", "tiny", "--epochs=1", "--limit=200", "--threads=1",
                "--out", dir.resolve("run").toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(ModelFile.parses() - before).isZero();
    }
}
