package backproplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.cli.BackpropCommandTest.Run;
import backproplab.inspect.TinyRun;
import backproplab.testing.SmallMnist;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every command shows the paths it writes the same way: relative to the working folder when they
 * lie under it, however they were given (here: absolute, as a script or evaluate's default gives
 * them), so that its lines fit 80 columns as far as the paths allow.
 */
class ShownPathsTest {

    /** The longest path a real run's inspect/ shows, for a model with a four-letter name. */
    private static final String REAL = "runs/lean-20261121-101500/inspect/conv-08.png";

    private static final Path HERE = Path.of("").toAbsolutePath();

    @Test
    void backpropShowsWhatItWroteRelativeToTheWorkingFolder() throws IOException {
        Path out = Files.createTempDirectory(Files.createDirectories(Path.of("target",
                "test-out")), "bp-").toAbsolutePath();
        Run run = Run.of("backprop", "--lr", "0.5", "--iterations", "2", "--out", out.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(wrote(run)).isNotEmpty()
                .allSatisfy(p -> assertThat(p).startsWith(HERE.relativize(out) + "/"));
    }

    @Test
    void evaluateShowsItsDefaultFolderRelativeToTheWorkingFolder() throws IOException {
        Path run = TinyRun.folder().toAbsolutePath();
        Path data = SmallMnist.write(Files.createTempDirectory(Path.of("target", "test-runs"),
                "data-"), SmallMnist.shipped().train().first(10),
                SmallMnist.shipped().test().first(200));
        Run evaluated = Run.of("evaluate", "--run", run.toString(), "--data-dir",
                data.toString(), "--threads", "2");
        assertThat(evaluated.code()).as(evaluated.err()).isZero();
        assertThat(wrote(evaluated)).containsExactly(
                HERE.relativize(run.resolve("evaluation/confusion.txt")).toString(),
                HERE.relativize(run.resolve("evaluation/confusion.png")).toString(),
                HERE.relativize(run.resolve("evaluation/misclassified.png")).toString(),
                HERE.relativize(run.resolve("evaluation/mistakes.csv")).toString());
    }

    @Test
    void inspectShowsItsFilesRelativeAndSaysShortlyWhatItRemoved() throws IOException {
        Path run = TinyRun.folder().toAbsolutePath();
        Path stale = Files.writeString(Files.createDirectories(run.resolve("inspect"))
                .resolve("conv-12.png"), "a deeper model's");
        Run inspected = Run.of("inspect", "--run", run.toString(), "--test-index", "0");
        assertThat(inspected.code()).as(inspected.err()).isZero();
        assertThat(wrote(inspected)).isNotEmpty().allSatisfy(p -> assertThat(p)
                .startsWith(HERE.relativize(run.resolve("inspect")) + "/"));
        String removed = HERE.relativize(stale).toString();
        List<String> lines = inspected.out().lines().filter(l -> l.startsWith("removed "))
                .toList();
        assertThat(lines).singleElement().asString().contains(removed);
        // With a real run's path in place of this test's, the line fits 80 columns.
        assertThat(lines.get(0).replace(removed, REAL).length()).isLessThanOrEqualTo(80);
    }

    @Test
    void trainNamesItsFolderRelativeToTheWorkingFolder() throws IOException {
        Path run = TinyRun.folder().toAbsolutePath();
        Run again = Run.of("train", "--out", run.toString());
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("--out: " + HERE.relativize(run) + " already holds")
                .doesNotContain(HERE.toString());
    }

    /** The paths of the "wrote PATH" lines. */
    private static List<String> wrote(Run run) {
        return run.out().lines().filter(l -> l.startsWith("wrote "))
                .map(l -> l.substring("wrote ".length())).toList();
    }
}
