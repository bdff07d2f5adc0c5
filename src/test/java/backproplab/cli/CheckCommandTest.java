package backproplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.cli.BackpropCommandTest.Run;
import backproplab.lab.RunFolders;
import backproplab.model.ModelFile;
import backproplab.model.Models;
import backproplab.training.EpochMetrics;
import backproplab.training.TrainSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check --run: a teacher grading three runs against S6, and against their own rules. */
class CheckCommandTest {

    @TempDir
    Path tmp;

    /**
     * A model over S6's budget: 1*32*9 + 2*32 + 32*72*9 + 2*72 + 72*10 = 288 + 64 + 20,736 + 144
     * + 720 = 21,952 parameters, with BatchNorm, Dropout and a global average pool.
     */
    private static final String WIDE = String.join("\n", "## wide: over the budget",
            "nn.Conv2d(1, 32, 3, bias=False),", "nn.ReLU(),", "nn.BatchNorm2d(32),",
            "nn.Dropout(0.1),", "nn.Conv2d(32, 72, 3, bias=False),", "nn.ReLU(),",
            "nn.BatchNorm2d(72),", "nn.Conv2d(72, 10, 1, bias=False),",
            "nn.AdaptiveAvgPool2d(1),", "nn.Flatten(),", "nn.LogSoftmax(dim=1),",
            "--epochs 15", "");

    private Path run(String name, ModelFile model, double... accuracies) throws IOException {
        TrainSettings s = new TrainSettings(model, model.recipe().withEpochs(accuracies.length),
                1, 1, "data/mnist", 0, 0);
        List<EpochMetrics> history = new ArrayList<>();
        for (int i = 0; i < accuracies.length; i++) {
            history.add(new EpochMetrics(i + 1, 0.1, 0.99, 0.03, accuracies[i], null, 0.01, 1,
                    1));
        }
        return RunFolders.write(tmp.resolve(name), s, history);
    }

    /** 15 epochs climbing to the target at epoch 10 and staying at or above it. */
    private static double[] held() {
        double[] a = new double[15];
        for (int i = 0; i < a.length; i++) {
            a[i] = i < 9 ? 0.985 + 0.001 * i : 0.9941 + 0.0001 * (i % 3);
        }
        return a;
    }

    @Test
    void threeRunsThreeVerdicts() throws IOException {
        Path good = run("lean-good", Models.LEAN, held());
        Path wide = run("wide-over", ModelFile.parse("wide.txt", "wide", WIDE), held());
        double[] once = held();
        once[11] = 0.9946;
        once[12] = 0.9938;
        once[13] = 0.9941;
        once[14] = 0.9939;
        Path touched = run("lean-touched", Models.LEAN, once);

        Run ok = Run.of("check", "--run", good.toString());
        assertThat(ok.code()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out()).startsWith(good + ": s6: all 6 rules met\n")
                .contains("  met  fewer than 20,000 parameters: 7,864 parameters\n")
                .contains("  met  at most 20 epochs: 15 trained\n")
                .contains("  met  test accuracy at least 99.4% in each of the last 3 epochs:"
                        + " lowest of epochs 13-15: 99.41%\n")
                .contains("  met  has GAP or Linear: AdaptiveAvgPool2d\n");

        Run over = Run.of("check", "--run", wide.toString());
        assertThat(over.code()).isEqualTo(1);
        assertThat(over.out()).startsWith(wide + ": s6: 5 of 6 rules met\n")
                .contains("  NOT MET  fewer than 20,000 parameters: 21,952 parameters\n")
                .contains("  met      at most 20 epochs: 15 trained\n");

        Run once1 = Run.of("check", "--run", touched.toString());
        assertThat(once1.code()).isEqualTo(1);
        assertThat(once1.out()).contains("  NOT MET  test accuracy at least 99.4% in each of the"
                + " last 3 epochs: lowest of epochs 13-15: 99.38%; 99.46% at epoch 12, not held\n")
                .contains("  met      fewer than 20,000 parameters: 7,864 parameters\n");

        Run all = Run.of("check", "--run", good.toString(), "--run", touched.toString());
        assertThat(all.code()).isEqualTo(1);
        assertThat(all.out()).contains(good + ": s6: all 6 rules met")
                .contains(touched + ": s6: 5 of 6 rules met");
    }

    @Test
    void aTeachersOwnRules() throws IOException {
        Path good = run("lean-good", Models.LEAN, held());
        Path rules = tmp.resolve("week7.txt");
        Files.writeString(rules, "## week 7\nparameters < 5000\nforbid 1x1 Conv2d\n");
        Run r = Run.of("check", "--run", good.toString(), "--assignment", rules.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).startsWith(good + ": week7: 0 of 2 rules met\n")
                .contains("fewer than 5,000 parameters: 7,864 parameters")
                .contains("has no 1x1 Conv2d: 2 x 1x1 Conv2d (no bias)");
    }

    @Test
    void aModelBeforeTrainingIsNotDoneYet() {
        Run r = Run.of("check", "--model", "lean");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).startsWith("lean (the model, before training): s6: 5 of 6 rules"
                + " met, 1 to come\n")
                .contains("  to come  test accuracy at least 99.4% in each of the last 3"
                        + " epochs: not trained yet\n");
    }

    @Test
    void badInputIsOneLineAndExitCode2() throws IOException {
        Run none = Run.of("check", "--run", tmp.resolve("nowhere").toString());
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err().strip().lines()).hasSize(1);
        assertThat(none.err()).contains("--run");

        Path rules = tmp.resolve("bad.txt");
        Files.writeString(rules, "epochs <= 20\nparameters under 9000\n");
        Path good = run("lean-good", Models.LEAN, held());
        Run bad = Run.of("check", "--run", good.toString(), "--assignment", rules.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--assignment: " + rules + ":2: not a rule: parameters"
                + " under 9000");
        assertThat(bad.err().strip().lines()).hasSize(1);

        Run nothing = Run.of("check");
        assertThat(nothing.code()).isEqualTo(2);
    }
}
