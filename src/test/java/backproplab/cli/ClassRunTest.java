package backproplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.cli.BackpropCommandTest.Run;
import backproplab.training.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run of a notebook's class outlives the notebook, as a run of a model file outlives the
 * file: resumed, evaluated and inspected from the class it kept.
 */
class ClassRunTest {

    @TempDir
    Path dir;

    @Test
    void aClassRunIsResumedEvaluatedAndInspectedAfterTheNotebookGoes() throws IOException {
        Path notebook = Files.copy(Path.of("src", "test", "resources", "python",
                "notebook.ipynb"), dir.resolve("S6.ipynb"));
        Path run = dir.resolve("run");
        Run train = Run.of("train", "--model", notebook + ":Net2", "--epochs=2", "--limit=200",
                "--threads=1", "--out", run.toString());
        assertThat(train.code()).as(train.err()).isZero();
        String kept = Files.readString(run.resolve(RunFolder.MODEL));
        assertThat(kept).startsWith("# class Net2 of " + notebook + ", as backprop-lab read it\n");
        Files.delete(notebook);
        // As if stopped after its first epoch: the second's checkpoint not written yet.
        Path second = run.resolve(RunFolder.CHECKPOINTS).resolve("epoch-002.ckpt");
        Files.delete(second);

        Run resumed = Run.of("train", "--resume", run.toString());
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("epoch 2");
        assertThat(second).exists();
        assertThat(Files.readString(run.resolve(RunFolder.MODEL))).isEqualTo(kept);

        Run evaluated = Run.of("evaluate", "--run", run.toString(), "--threads=2");
        assertThat(evaluated.code()).as(evaluated.err()).isZero();
        assertThat(evaluated.out()).contains("of 10,000 test digits");

        Run inspected = Run.of("inspect", "--run", run.toString(), "--test-index", "0");
        assertThat(inspected.code()).as(inspected.err()).isZero();
        try (var files = Files.list(run.resolve("inspect"))) {
            assertThat(files.count()).isPositive();
        }
    }

    @Test
    void doctorChecksTheShapesOfAClass() {
        // blocks.py's second convolution: 16 to 32 channels, 3x3, on the 26x26 maps of the first.
        Run run = Run.of("doctor", "--model", Path.of("src", "test", "resources", "python",
                "blocks.py") + ":Net", "--calls", "1");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("16->32 3x3 pad 0, 26x26");
    }

    @Test
    void modelsExportWritesAClassAsARunKeepsItAndItReadsBack() throws IOException {
        Path notebook = Path.of("src", "test", "resources", "python", "notebook.ipynb");
        Path file = dir.resolve("net2.py");
        Run export = Run.of("models", "--export", notebook + ":Net2", file.toString());
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(Files.readString(file)).startsWith("# class Net2 of " + notebook
                + ", as backprop-lab read it\n").contains("class Net2(nn.Module):")
                .doesNotContain("class Net(nn.Module):");
        Run fromNotebook = Run.of("summary", "--model", notebook + ":Net2");
        Run fromFile = Run.of("summary", "--model", file.toString());
        assertThat(fromFile.code()).as(fromFile.err()).isZero();
        // The same table, under the file's name (net2) rather than the notebook's.
        assertThat(fromFile.out().lines().skip(1).toList())
                .isEqualTo(fromNotebook.out().lines().skip(1).toList());
        assertThat(fromNotebook.out()).contains("# CONVOLUTION BLOCK 1");
    }
}
