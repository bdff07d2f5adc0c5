package backproplab.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import backproplab.InvalidInputException;
import backproplab.lab.RunFolders;
import backproplab.model.Models;
import backproplab.model.Recipe;
import backproplab.training.EpochMetrics;
import backproplab.training.TrainSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attempts side by side: their figures, what was changed between them, their curves. */
@Tag("locale")
class ComparisonTest {

    @TempDir
    Path tmp;

    /** A run of {@code model} whose epochs have these test accuracies, losses and durations. */
    private Path run(String name, TrainSettings settings, double[] accuracy, double[] loss,
                     double[] seconds) throws IOException {
        List<EpochMetrics> history = new ArrayList<>();
        for (int i = 0; i < accuracy.length; i++) {
            // Train and test time split unevenly: the figure is their sum.
            history.add(new EpochMetrics(i + 1, 0.3, 0.97, loss[i], accuracy[i], null,
                    0.01 * (i + 1), 0.75 * seconds[i], 0.25 * seconds[i]));
        }
        return RunFolders.write(tmp.resolve(name), settings, history);
    }

    private static TrainSettings settings(String model, Recipe recipe, long seed) {
        return new TrainSettings(model, recipe, seed, 1, "data/mnist", 0, 0);
    }

    @Test
    void eachRunsFiguresAndOnlyTheSettingsThatDiffer() throws IOException {
        Recipe lean = Models.LEAN.recipe();
        // Best, last, the first epoch at 99.4% and the lowest of the last three all differ; the
        // slow first epoch moves the mean (23.75 s) but not the median.
        double[] accuracyA = {0.9812, 0.9941, 0.9952, 0.9938, 0.9945};
        double[] secondsA = {60, 15, 10, 20, 13};
        Path a = run("lean-a", settings("lean", lean.withEpochs(6), 1), accuracyA,
                new double[] {0.08, 0.03, 0.02, 0.025, 0.021}, secondsA);
        double[] accuracyB = {0.97, 0.985};
        Path b = run("lean-b", settings("lean", lean.toBuilder().learningRate(0.1f).epochs(6)
                .build(), 2), accuracyB, new double[] {0.1, 0.05}, new double[] {12, 9});

        Comparison c = Comparison.of(List.of(Attempt.read(a, "RUN"), Attempt.read(b, "RUN")));

        assertThat(c.target()).isEqualTo(99.4);
        RunFigures fa = c.runs().get(0);
        assertThat(fa.run()).isEqualTo("lean-a");
        assertThat(fa.model()).isEqualTo("lean");
        assertThat(fa.parameters()).isEqualTo(Models.LEAN.architecture().parameters());
        assertThat(fa.epochs()).isEqualTo(5);
        assertThat(fa.plannedEpochs()).isEqualTo(6);
        assertThat(fa.bestAccuracy()).isEqualTo(accuracyA[2]);
        assertThat(fa.bestEpoch()).isEqualTo(3);
        assertThat(fa.lastAccuracy()).isEqualTo(accuracyA[4]);
        assertThat(fa.firstAtTarget()).isEqualTo(2);
        assertThat(fa.lowestOfLast()).isEqualTo(accuracyA[3]);
        // Sorted: 10, 13, 15, 20, 60.
        assertThat(fa.secondsPerEpoch()).isEqualTo(secondsA[1]);
        RunFigures fb = c.runs().get(1);
        assertThat(fb.firstAtTarget()).isNull();
        assertThat(fb.firstAtTargetText()).isEqualTo("not reached");
        // Two epochs: both are the last ones, and the median of two is their mean.
        assertThat(fb.lastCounted()).isEqualTo(2);
        assertThat(fb.lowestOfLast()).isEqualTo(accuracyB[0]);
        assertThat(fb.secondsPerEpoch()).isEqualTo((12 + 9) / 2.0);

        assertThat(c.differences()).containsExactly(
                new Comparison.Difference("lr", "--lr", List.of(
                        String.valueOf(lean.learningRate()), "0.1")),
                new Comparison.Difference("seed", "--seed", List.of("1", "2")));

        Comparison.Series sa = c.series().get(0);
        assertThat(sa.run()).isEqualTo("lean-a");
        assertThat(sa.epoch()).containsExactly(1, 2, 3, 4, 5);
        assertThat(sa.testAccuracy()).containsExactly(accuracyA);
        assertThat(sa.testLoss()).containsExactly(0.08, 0.03, 0.02, 0.025, 0.021);
        assertThat(sa.learningRate()).containsExactly(0.01, 0.02, 0.03, 0.04, 0.05);
        assertThat(c.series().get(1).testAccuracy()).containsExactly(accuracyB);
    }

    @Test
    void resultsNameEveryFigure() throws IOException {
        Path a = run("r", settings("tiny", Models.TINY.recipe().withEpochs(4), 1),
                new double[] {0.99, 0.9951, 0.9939, 0.9947}, new double[] {0.1, 0.1, 0.1, 0.1},
                new double[] {4, 2, 3, 5});
        assertThat(Attempt.read(a, "RUN").figures().results()).isEqualTo("""
                - Parameters: 4,596
                - Best test accuracy: 99.51% (epoch 2 of 4)
                - Last epoch: 99.47%
                - First epoch at or above 99.4%: 2
                - Lowest of the last 3 epochs: 99.39%
                - Time per epoch: 3.5 s (median)""");
    }

    @Test
    void aComparisonIsRefusedNamingTheRunThatCannotBeCompared() throws IOException {
        Path done = RunFolders.write(tmp.resolve("done"), 3, 0.99);
        Path fresh = RunFolders.write(tmp.resolve("fresh"), 3);
        Path twin = RunFolders.write(tmp.resolve("elsewhere").resolve("done"), 3, 0.98);

        assertThatThrownBy(() -> Comparison.of(List.of(Attempt.read(done, "RUN"),
                Attempt.read(fresh, "RUN")))).isInstanceOf(InvalidInputException.class)
                .hasMessage("RUN: " + fresh + " has not finished an epoch yet");
        assertThatThrownBy(() -> Comparison.of(List.of(Attempt.read(done, "runs"),
                Attempt.read(done, "runs")))).hasMessage("runs: done is listed twice");
        assertThatThrownBy(() -> Comparison.of(List.of(Attempt.read(done, "RUN"),
                Attempt.read(twin, "RUN")))).hasMessageStartingWith("RUN: two runs are named"
                + " done (" + done + " and " + twin + ")");
        assertThatThrownBy(() -> Attempt.read(tmp.resolve("nowhere"), "RUN"))
                .hasMessage("RUN: " + tmp.resolve("nowhere") + " does not exist");
        Files.writeString(done.resolve("metrics.json"), "[{\"epoch\": 1,");
        assertThatThrownBy(() -> Attempt.read(done, "RUN")).hasMessage("RUN: "
                + done.resolve("metrics.json") + " cannot be read: it is damaged or cut short");
        Files.writeString(fresh.resolve("settings.json"), "{}");
        assertThatThrownBy(() -> Attempt.read(fresh, "RUN"))
                .hasMessageStartingWith("RUN: " + fresh.resolve("settings.json")
                        + " is not valid: ");
    }

    @Test
    void aRunsModelFileWithAMistakeIsNamedItselfAtItsLine() throws IOException {
        Path run = RunFolders.write(tmp.resolve("edited"), 2, 0.99);
        Files.writeString(run.resolve("model.txt"), "nn.Conv2d(1, 8, 3)\nnn.Conv2D(8, 10, 26)\n"
                + "nn.Flatten()\nnn.LogSoftmax(dim=1)\n");
        assertThatThrownBy(() -> Attempt.read(run, "RUN"))
                .hasMessageStartingWith("RUN: " + run.resolve("model.txt") + ":2:1: ")
                .hasMessageContaining("unknown layer nn.Conv2D")
                .hasMessageNotContaining("settings.json");
    }
}
