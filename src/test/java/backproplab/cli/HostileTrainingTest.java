package backproplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import backproplab.cli.BackpropCommandTest.Run;
import backproplab.model.Models;
import backproplab.testing.BackpropLabJvm;
import backproplab.training.CheckpointFiles;
import backproplab.training.RunFolder;
import backproplab.training.StopRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sun.misc.Signal;

/**
 * The classes of hostile input found against train and evaluate: each ends in one line naming the
 * option or file, exit code 2, no stack trace, and nothing earlier lost.
 */
class HostileTrainingTest {

    /** A tiny run on 300 images: 3 steps an epoch. */
    private static final String SETTINGS = """
            {"model": "tiny", "recipe": {"epochs": 2, "batchSize": 128, "optimizer": "SGD",
              "learningRate": 0.1, "momentum": 0.9, "nesterov": true, "weightDecay": 0.0,
              "schedule": "ONECYCLE", "stepEvery": 0, "stepGamma": 0.1, "rotation": 7.0,
              "shift": 1.0, "labelSmoothing": 0.0, "dropout": 0.05},
             "seed": 1, "threads": 2, "dataDir": "data/mnist", "limit": 300, "holdout": 0}
            """;

    @TempDir
    Path dir;

    private static void oneLineNaming(Run run, String... named) {
        assertThat(run.code()).as(run.err()).isEqualTo(2);
        assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
        assertThat(run.err()).contains(named).doesNotContain("\tat ", "Exception:");
    }

    private Path runFolder(String name, String settings) throws IOException {
        Path run = Files.createDirectories(dir.resolve(name));
        Files.writeString(run.resolve(RunFolder.SETTINGS), settings);
        return run;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{}|--model: missing",
        "null|it is empty",
        "'{\"model\": \"tiny\"}'|recipe: missing",
        "batchSize\": 128|--batch-size: must be between 1 and 4096, got 0",
        "epochs\": 2|--epochs: must be between 1 and 1000, got -2",
        "not json|is not valid JSON"})
    void aBadSettingsFileIsNamedBeforeAnyWork(String content, String problem) throws IOException {
        String settings = switch (content) {
            case "batchSize\": 128" -> SETTINGS.replace(content, "batchSize\": 0");
            case "epochs\": 2" -> SETTINGS.replace(content, "epochs\": -2");
            default -> content;
        };
        Path run = runFolder("run", settings);
        Run resumed = Run.of("train", "--resume", run.toString());
        oneLineNaming(resumed, run.resolve(RunFolder.SETTINGS).toString(), problem);
    }

    @Test
    void checkpointsThatDoNotFitTheRunAreNamed() throws IOException {
        Path run = runFolder("run", SETTINGS);
        Path checkpoint = CheckpointFiles.write(Files.createDirectories(run.resolve(
                RunFolder.CHECKPOINTS)).resolve("epoch-001.ckpt"), Models.LEAN);
        oneLineNaming(Run.of("train", "--resume", run.toString()), checkpoint.toString(),
                "holds a lean model, not tiny");

        CheckpointFiles.replaceHeader(checkpoint, "null");
        oneLineNaming(Run.of("train", "--resume", run.toString()), checkpoint.toString(),
                "header is empty");
        assertThat(run.resolve(RunFolder.SETTINGS)).hasContent(SETTINGS);
    }

    @Test
    void aRunFolderInUseIsRefusedToASecondWriter() throws IOException {
        Path run = runFolder("run", SETTINGS);
        try (RunFolder owner = RunFolder.resume(run)) {
            oneLineNaming(Run.of("train", "--resume", run.toString()), "--resume: " + run,
                    "is in use");
            oneLineNaming(Run.of("train", "--out", run.toString()), "--out: " + run, "is in use");
        }
        assertThat(run.resolve(RunFolder.SETTINGS)).hasContent(SETTINGS);
    }

    @Test
    void limitAndHoldoutAreCheckedAgainstTheImagesLoaded() throws IOException {
        oneLineNaming(Run.of("train", "--limit=70000", "--holdout=65000", "--out",
                dir.resolve("a").toString()), "--limit: 70000 is more than the 60000");
        Run holdout = Run.of("train", "--holdout=60000", "--out", dir.resolve("b").toString());
        oneLineNaming(holdout, "--holdout: 60000 leaves none of the 60000");
        assertThat(holdout.out()).as("a refused run announces no folder").doesNotContain("into");
        // A refused run leaves no empty folder of its own behind, and a folder the user made
        // beforehand stays.
        assertThat(dir.resolve("a")).doesNotExist();
        assertThat(dir.resolve("b")).doesNotExist();
        Path own = Files.createDirectories(dir.resolve("c"));
        oneLineNaming(Run.of("train", "--holdout=60000", "--out", own.toString()), "--holdout");
        assertThat(own).isEmptyDirectory();
    }

    @Test
    void moreThreadsThanCoresAreCappedWithOneWarning() {
        Run run = Run.of("train", "--threads=1000", "--limit=70000", "--out",
                dir.resolve("a").toString());
        int cores = Runtime.getRuntime().availableProcessors();
        assertThat(run.err().lines().findFirst()).hasValue("backprop-lab train: warning: --threads"
                + " 1000 is more than the " + cores + " cores here; using " + cores);
    }

    /**
     * Options beside --resume change nothing (the run keeps its settings): one warning line names
     * them, within 80 columns. Here the run's data folder is gone, so it stops right after.
     */
    @Test
    void optionsIgnoredByResumeAreNamedInOneWarning() throws IOException {
        Path run = runFolder("run", SETTINGS.replace("data/mnist", dir.resolve("gone").toString()));
        Run resumed = Run.of("train", "--resume", run.toString(), "--epochs", "5", "--lr", "0.01");
        List<String> lines = resumed.err().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("backprop-lab train: warning: --resume ignores")
                .contains("--epochs", "--lr").doesNotContain("--resume " + run);
        assertThat(lines.get(0).length()).isLessThanOrEqualTo(80);
        assertThat(lines.get(1)).contains("--data-dir");
        // Many: as many names as fit, and how many more.
        Run many = Run.of("train", "--resume", run.toString(), "--epochs=5", "--lr=0.01",
                "--threads=1", "--batch-size=64", "--optimizer=adam", "--momentum=0.5",
                "--weight-decay=0.1", "--seed=4");
        assertThat(many.err().lines().findFirst()).get().asString()
                .contains("--epochs", "more").satisfies(l -> assertThat(l.length())
                        .isLessThanOrEqualTo(80));
    }

    /**
     * A finished run is refused in one line, which does not hide that the options given were
     * ignored (--epochs does not make it train longer), and says how to evaluate it.
     */
    @Test
    void aFinishedRunIsRefusedSayingTheEpochsGivenAreIgnored() throws IOException {
        Path run = runFolder("run", SETTINGS.replace("\"epochs\": 2", "\"epochs\": 1"));
        CheckpointFiles.write(Files.createDirectories(run.resolve(RunFolder.CHECKPOINTS))
                .resolve("epoch-001.ckpt"), Models.TINY);
        Run resumed = Run.of("train", "--resume", run.toString(), "--epochs", "5");
        oneLineNaming(resumed, "--resume: " + run, "--epochs ignored",
                "evaluate --run " + run);
        assertThat(resumed.out()).isEmpty();
        oneLineNaming(Run.of("train", "--resume", run.toString()), "--resume: " + run,
                "evaluate --run " + run);
    }

    /**
     * Every command suggested for pasting starts with the launcher as the user can run it
     * ({@code ./backprop-lab} beside it): the refusal of a finished run and the pointer to help
     * alike. A process of its own, for the launcher's environment.
     */
    @Test
    void suggestedCommandsStartWithTheLauncherAsTyped() throws Exception {
        Path run = runFolder("run", SETTINGS.replace("\"epochs\": 2", "\"epochs\": 1"));
        CheckpointFiles.write(Files.createDirectories(run.resolve(RunFolder.CHECKPOINTS))
                .resolve("epoch-001.ckpt"), Models.TINY);
        assertThat(launched("train", "--resume", run.toString()))
                .contains("./backprop-lab evaluate --run " + run);
        assertThat(launched("trian")).contains("(see ./backprop-lab --help)");
        assertThat(launched("train", "--epoch", "3"))
                .contains("(see ./backprop-lab train --help)");
    }

    /** stderr of backprop-lab run as the launcher runs it from its own folder. */
    private static String launched(String... args) throws Exception {
        List<String> command = BackpropLabJvm.command(List.of(), args);
        Path here = Path.of("").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder(command).directory(here.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("BACKPROP_LAB_HOME", here.toString());
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(err).isEqualTo(2);
        return err;
    }

    @Test
    void staleTemporaryFilesOfAKilledSaveAreRemovedAtTheStart() throws IOException {
        Path run = runFolder("run", SETTINGS.replace("\"limit\": 300", "\"limit\": 70000"));
        Path stale = Files.writeString(Files.createDirectories(run.resolve(RunFolder.CHECKPOINTS))
                .resolve(".epoch-001.ckpt.999.123.tmp"), "half a checkpoint");
        oneLineNaming(Run.of("train", "--resume", run.toString()), "--limit");
        assertThat(stale).doesNotExist();
    }

    @Test
    void evaluateRefusesAnUnwritableOutAsBadInput() throws IOException {
        Path checkpoint = CheckpointFiles.write(dir.resolve("a.ckpt"), Models.TINY);
        oneLineNaming(Run.of("evaluate", "--checkpoint", checkpoint.toString(), "--out",
                checkpoint.resolve("sub").toString()), "--out: ");
    }

    /**
     * A failed start leaves no run behind; the corrected command runs; a signal stops it at a
     * safe point with the command that goes on; and that command finishes the run.
     */
    @Test
    void aFailedStartLeavesNoRunAndAStoppedRunResumes() throws Exception {
        Path out = dir.resolve("run");
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("train-images-idx3-ubyte"), "not MNIST");
        Run failed = Run.of("train", "--model=tiny", "--data-dir", data.toString(), "--out",
                out.toString());
        assertThat(failed.code()).isEqualTo(2);
        assertThat(out.resolve(RunFolder.SETTINGS)).doesNotExist();
        // The failed start removed the folder it made.
        oneLineNaming(Run.of("train", "--resume", out.toString()), "--resume: " + out
                + " does not exist");

        // The engine loads on this thread, so the run below trains on one where DJL never
        // turned libtorch's grad mode off, as a web server's thread would.
        Engine.getInstance();
        StopRequest guard = new StopRequest();
        try (AutoCloseable signals = guard.onSignals()) {
            CompletableFuture<Run> training = CompletableFuture.supplyAsync(() -> Run.of("train",
                    "--model=tiny", "--epochs=1", "--limit=300", "--threads=2", "--out",
                    out.toString()));
            for (int i = 0; i < 600 && !Files.exists(out.resolve(RunFolder.SETTINGS)); i++) {
                Thread.sleep(50);
            }
            Signal.raise(new Signal("TERM"));
            Run stopped = training.get(5, TimeUnit.MINUTES);
            assertThat(guard.requested()).as("the run's own handler had the signal").isFalse();
            assertThat(stopped.code()).as(stopped.err()).isEqualTo(143);
            assertThat(stopped.err().strip()).isEqualTo("backprop-lab train: stopped by SIGTERM in"
                    + " epoch 1: no epoch had finished, so there is no checkpoint; start it again"
                    + " with: backprop-lab train --resume " + out);
        }
        Run resumed = Run.of("train", "--resume", out.toString());
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(out.resolve("checkpoints/epoch-001.ckpt")).isNotEmptyFile();
    }
}
