package backproplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.cli.BackpropCommandTest.Run;
import backproplab.inspect.EvaluatedDigits;
import backproplab.inspect.TinyRun;
import backproplab.model.Models;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code predict} and {@code inspect} against a trained run. */
class PredictCommandTest {

    @TempDir
    Path dir;

    @Test
    void predictReadsExportedTestDigitsAsEvaluateDoes() throws Exception {
        EvaluatedDigits evaluated = EvaluatedDigits.of(TinyRun.best(), 30);
        List<String> args = new ArrayList<>(List.of("predict", "--run",
                TinyRun.folder().toString()));
        for (int i = 0; i < 30; i++) {
            args.add(evaluated.writePng(i, dir.resolve("digit-" + i + ".png")).toString());
        }
        Run run = Run.of(args.toArray(String[]::new));
        assertThat(run.code()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(30);
        for (int i = 0; i < 30; i++) {
            // "…/digit-3.png: 5 (61.0%), 3 (20.1%), 8 (9.9%)": the first class is the prediction.
            assertThat(lines.get(i)).startsWith(dir.resolve("digit-" + i + ".png") + ": "
                    + evaluated.predictions()[i] + " (").matches(".*: \\d \\(\\d+\\.\\d%\\), \\d"
                    + " \\(\\d+\\.\\d%\\), \\d \\(\\d+\\.\\d%\\)");
        }
    }

    @Test
    void aMissingOrUnreadablePictureIsOneLineAndTheOthersArePredicted() throws Exception {
        Path good = EvaluatedDigits.of(TinyRun.best(), 1).writePng(0, dir.resolve("good.png"));
        Path text = Files.writeString(dir.resolve("notes.jpg"), "no picture");
        Path missing = dir.resolve("missing.png");
        Run run = Run.of("predict", "--run", TinyRun.folder().toString(), missing.toString(),
                good.toString(), text.toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.out().lines()).singleElement().asString().startsWith(good + ": ");
        assertThat(run.err().lines()).containsExactly(
                "backprop-lab predict: error: " + missing + ": no such file",
                "backprop-lab predict: error: " + text + ": not a PNG or JPEG image");
    }

    @Test
    void aFolderThatIsNoRunIsOneLine() {
        Run run = Run.of("predict", "--run", dir.toString(), "x.png");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err().lines()).singleElement().asString()
                .contains("--run: " + dir + " is not a training run folder");
    }

    @Test
    void inspectWritesOnePicturePerConvolutionAndKernelsAndPrediction() throws Exception {
        Path out = dir.resolve("seen");
        Run run = Run.of("inspect", "--run", TinyRun.folder().toString(), "--test-index", "0",
                "--out", out.toString());
        assertThat(run.code()).as(run.err()).isZero();
        long convolutions = Models.TINY.architecture().layers().stream()
                .filter(l -> l.kind().contains("Conv2d")).count();
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .hasSize((int) convolutions + 2).contains("prediction.png", "kernels.png",
                            "conv-01.png", String.format(Locale.ROOT,
                                    "conv-%02d.png", convolutions));
        }
        BufferedImage first = ImageIO.read(out.resolve("conv-01.png").toFile());
        assertThat(first.getWidth()).isGreaterThan(400);
        assertThat(run.out()).startsWith("test digit #0 (a 7): ");

        // A deeper model's pictures, inspected into the same folder before: they go.
        Files.writeString(out.resolve("conv-12.png"), "s6 had more convolutions");
        Files.writeString(out.resolve("notes.txt"), "the learner's own");
        Run again = Run.of("inspect", "--run", TinyRun.folder().toString(), "--test-index", "1",
                "--out", out.toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(out.resolve("conv-12.png")).doesNotExist();
        assertThat(out.resolve("notes.txt")).exists();
        assertThat(out.resolve(String.format(Locale.ROOT, "conv-%02d.png", convolutions))).exists();
        assertThat(again.out()).contains("removed " + out.resolve("conv-12.png"));

        Run bad = Run.of("inspect", "--run", TinyRun.folder().toString(), "--test-index",
                "10000", "--out", out.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().lines()).singleElement().asString()
                .contains("--test-index: 10000 is not a test digit (0 to 9999)");
    }
}
