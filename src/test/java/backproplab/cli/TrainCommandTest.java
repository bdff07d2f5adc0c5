package backproplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.cli.BackpropCommandTest.Run;
import backproplab.model.Models;
import backproplab.training.CheckpointFiles;
import backproplab.training.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        "--model=resnet|--model: unknown model 'resnet'",
        "--schedule=step --step-gamma=0|--step-gamma",
        "--optimizer=adam --nesterov|--nesterov: only with --optimizer sgd",
        "--optimizer=adam --lr -1|--lr: must be a finite number > 0, got -1.0",
        // lean's own Nesterov, or one turned off, is no Nesterov asked for beside adam.
        "--optimizer=adam --limit=-3|--limit",
        "--optimizer=adam --no-nesterov --limit=-3|--limit",
        "--momentum=abc|--momentum: expected a number, got 'abc'",
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
        "--holdout=-1|--holdout",
        "--assignment=no-such-rules.txt|--assignment: no-such-rules.txt: no such file"})
    void nonsenseOptionsGetOneLineNamingThem(String option, String named) {
        List<String> args = new ArrayList<>(List.of("train"));
        args.addAll(List.of(option.split(" ")));
        args.addAll(List.of("--out", dir.resolve("r").toString()));
        Run run = Run.of(args.toArray(String[]::new));
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).contains(named).doesNotContain("\tat ", "Exception");
        assertThat(dir.resolve("r")).doesNotExist();
    }

    /**
     * A run is not mixed into a folder of other files (backprop's workbook, the runs folder
     * itself): refused before anything is written there, not even the run's lock file. The
     * --limit here would fail too, later: the folder must be refused first.
     */
    @Test
    void aFolderWithOtherFilesIsNoRunFolder() throws IOException {
        Path other = Files.createDirectories(dir.resolve("out-backprop"));
        Files.writeString(other.resolve("BackPropagation.xlsx"), "the workbook");
        Run run = Run.of("train", "--limit=70000", "--out", other.toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("backprop-lab train: error: --out: " + other
                + " is not empty; choose a new folder");
        try (var files = Files.list(other)) {
            assertThat(files).containsExactly(other.resolve("BackPropagation.xlsx"));
        }
    }

    /** An empty path would be the working folder: backprop would write its files there. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "backprop --out=|--out",
        "train --limit=70000 --out=|--out",
        "train --limit=70000 --data-dir=|--data-dir",
        "train --resume=|--resume",
        "evaluate --run=|--run",
        "evaluate --checkpoint=|--checkpoint",
        "evaluate --run=missing --out=|--out",
        "evaluate --run=missing --data-dir=|--data-dir",
        "inspect --run=missing --test-index=0 --out=|--out",
        "inspect --run=missing --image=|--image",
        "predict --run=missing ''|IMAGE",
        "serve --port=-1 --runs=|--runs"})
    void anEmptyPathIsRefusedNamingTheOption(String args, String option) {
        List<String> parts = new ArrayList<>(List.of(args.split(" ")));
        parts.replaceAll(a -> a.equals("''") ? "" : a);
        Run run = Run.of(parts.toArray(String[]::new));
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).startsWith("backprop-lab " + parts.get(0) + ": error: " + option
                + ": the path is empty").doesNotContain("Exception");
        assertThat(run.out()).isEmpty();
    }

    /**
     * A --data-dir that is no folder is named at once, before any download is tried (a typo
     * would otherwise fetch MNIST into a new folder, or fail at a file inside a file).
     */
    @ParameterizedTest
    @CsvSource({"evaluate, missing", "evaluate, file", "inspect, missing", "inspect, file",
        "train, missing", "train, file"})
    void aDataDirThatIsNoFolderIsOneLineWithoutADownload(String command, String kind)
            throws IOException {
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve(RunFolder.SETTINGS), "{}");
        CheckpointFiles.write(run.resolve(RunFolder.BEST), Models.TINY);
        Path data = kind.equals("missing") ? dir.resolve("nonexistent")
                : Files.writeString(dir.resolve("hostname"), "a file");
        List<String> args = new ArrayList<>(List.of(command, "--data-dir", data.toString()));
        args.addAll(switch (command) {
            case "evaluate" -> List.of("--run", run.toString());
            case "inspect" -> List.of("--run", run.toString(), "--test-index", "0");
            default -> List.of("--model", "tiny", "--limit", "300", "--out",
                    dir.resolve("new").toString());
        });
        Run refused = Run.of(args.toArray(String[]::new));
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err().strip()).isEqualTo("backprop-lab " + command + ": error:"
                + " --data-dir: " + data + (kind.equals("missing") ? " does not exist"
                : " is not a folder"));
        assertThat(refused.out()).doesNotContain("downloading");
        assertThat(dir.resolve("nonexistent")).doesNotExist();
        assertThat(dir.resolve("new")).doesNotExist();
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
        // The closing checklist: S6's rules, with the figure that decides each; one epoch
        // cannot hold 99.4% over three, and the notebook's network has no GAP or FC head. A
        // rule too long for 80 columns goes on under the rule, clear of the status column.
        assertThat(train.out()).contains("\ns6: 4 of 6 rules met\n",
                "  met      fewer than 20,000 parameters: 8,370 parameters\n",
                "  NOT MET  test accuracy at least 99.4% in each of the last 3 epochs: 1 epoch\n"
                        + "           trained\n",
                "  NOT MET  has GAP or Linear: none\n");
        assertThat(Files.readString(out.resolve("command.txt"))).contains("--limit=1000");
        assertThat(Files.readString(out.resolve("summary.txt"))).contains("8,370");
        // train --help names every file and folder a run folder really holds.
        String help = Run.of("train", "--help").out().replaceAll("\\s+", " ");
        try (var files = Files.list(out)) {
            assertThat(files.map(f -> f.getFileName() + (Files.isDirectory(f) ? "/" : ""))
                    .filter(name -> !name.startsWith(".")).toList())
                    .isNotEmpty().allSatisfy(name -> assertThat(help).contains(name));
        }

        Run again = Run.of("train", "--epochs=1", "--out", out.toString());
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("already holds a run");

        Run eval = Run.of("evaluate", "--run", out.toString(), "--threads=2");
        assertThat(eval.code()).as(eval.err()).isZero();
        assertThat(eval.out()).contains("true\\pred", "of 10,000 test digits");
        for (String f : new String[] {"confusion.txt", "confusion.png", "misclassified.png"}) {
            assertThat(out.resolve("evaluation").resolve(f)).isNotEmptyFile();
        }
        // An epoch's checkpoint is evaluated into a folder of its own in the run's evaluation/,
        // beside (not over) the best model's.
        Run epoch = Run.of("evaluate", "--checkpoint",
                out.resolve("checkpoints/epoch-001.ckpt").toString(), "--threads=2");
        assertThat(epoch.code()).as(epoch.err()).isZero();
        assertThat(out.resolve("evaluation/epoch-001/confusion.txt")).isNotEmptyFile();
        assertThat(out.resolve("checkpoints/evaluation")).doesNotExist();

        // A refused evaluation or inspection leaves no folder behind.
        Path empty = Files.createDirectories(dir.resolve("no-data"));
        for (String command : new String[] {"evaluate", "inspect"}) {
            Path refused = dir.resolve("refused-" + command);
            List<String> args = new ArrayList<>(List.of(command, "--run", out.toString(),
                    "--data-dir", empty.toString(), "--out", refused.toString()));
            if (command.equals("inspect")) {
                args.addAll(List.of("--test-index", "0"));
            }
            Run run = Run.of(args.toArray(String[]::new));
            assertThat(run.code()).as(run.err()).isEqualTo(2);
            assertThat(refused).as(command).doesNotExist();
        }
        Run badIndex = Run.of("inspect", "--run", out.toString(), "--test-index", "10000",
                "--out", dir.resolve("refused-index").toString());
        assertThat(badIndex.code()).as(badIndex.err()).isEqualTo(2);
        assertThat(dir.resolve("refused-index")).doesNotExist();

        // A file that cannot be written where --out puts it is the user's to mend: exit code 2,
        // the file named.
        Path blocked = Files.createDirectories(dir.resolve("blocked").resolve("confusion.png"));
        Run cannot = Run.of("evaluate", "--run", out.toString(), "--threads=2", "--out",
                blocked.getParent().toString());
        assertThat(cannot.code()).as(cannot.err()).isEqualTo(2);
        assertThat(cannot.err().strip()).isEqualTo("backprop-lab evaluate: error: cannot write "
                + blocked + ": is a directory");
    }

    @Test
    void aRunFolderThatDoesNotExistIsSaidSo() {
        Path missing = dir.resolve("missing");
        for (String command : new String[] {"evaluate", "inspect"}) {
            Run run = command.equals("evaluate") ? Run.of(command, "--run", missing.toString())
                    : Run.of(command, "--run", missing.toString(), "--test-index", "0");
            assertThat(run.code()).as(run.err()).isEqualTo(2);
            assertThat(run.err().strip().lines()).hasSize(1);
            assertThat(run.err()).contains("--run: " + missing + " does not exist");
        }
    }

    @Test
    void aRunWithoutItsBestModelSaysWhy() throws IOException {
        Path run = backproplab.lab.RunFolders.write(dir.resolve("run"), 2, 0.98, 0.99);
        Run fresh = Run.of("evaluate", "--run", run.toString());
        assertThat(fresh.code()).as(fresh.err()).isEqualTo(2);
        assertThat(fresh.err()).contains(run.resolve("best.ckpt") + " does not exist (no epoch"
                + " has finished yet)");
        // Epochs finished, and best.ckpt moved away since: not a run that never trained.
        Path epoch = Files.createDirectories(run.resolve("checkpoints"))
                .resolve("epoch-002.ckpt");
        Files.writeString(epoch, "");
        for (String command : new String[] {"evaluate", "inspect"}) {
            List<String> args = new ArrayList<>(List.of(command, "--run", run.toString(),
                    "--out", dir.resolve(command).toString()));
            if (command.equals("inspect")) {
                args.addAll(List.of("--test-index", "0"));
            }
            Run moved = Run.of(args.toArray(String[]::new));
            assertThat(moved.code()).as(moved.err()).isEqualTo(2);
            assertThat(moved.err().strip().lines()).hasSize(1);
            assertThat(moved.err()).contains(run.resolve("best.ckpt") + " does not exist (moved"
                    + " or deleted; its epochs' checkpoints are there, e.g. --checkpoint "
                    + epoch + ")");
        }
    }

    /** A run folder given where a checkpoint file belongs is named as such, with the way out. */
    @Test
    void aFolderGivenAsCheckpointIsSaidToBeOne() throws IOException {
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve(RunFolder.SETTINGS), "{}");
        Run asCheckpoint = Run.of("evaluate", "--checkpoint", run.toString());
        assertThat(asCheckpoint.code()).isEqualTo(2);
        assertThat(asCheckpoint.err().strip()).isEqualTo("backprop-lab evaluate: error:"
                + " --checkpoint: " + run + " is a run folder, not a checkpoint; use --run "
                + run);
        Path plain = Files.createDirectories(dir.resolve("plain"));
        Run folder = Run.of("evaluate", "--checkpoint", plain.toString());
        assertThat(folder.code()).isEqualTo(2);
        assertThat(folder.err().strip()).isEqualTo("backprop-lab evaluate: error:"
                + " --checkpoint: " + plain + " is a folder, not a checkpoint");
    }

    @Test
    void summaryAndModelsListTheModels() {
        assertThat(Run.of("summary", "--model", "s6").out())
                .contains("Trainable parameters: 8,370");
        assertThat(Run.of("models").out()).contains("s6", "8,370");
        Run bad = Run.of("summary", "--model", "nope");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--model: unknown model 'nope'");
    }

    /**
     * A built-in model written out is a learner's starting point: the same model, by the same
     * parser.
     */
    @Test
    void modelsExportWritesABuiltInAsAModelFileAndNeverReplacesOne() throws IOException {
        Path file = dir.resolve("my-net.txt");
        Run export = Run.of("models", "--export", "lean", file.toString());
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(Files.readString(file)).isEqualTo(Models.LEAN.text());
        Run summary = Run.of("summary", "--model", file.toString());
        assertThat(summary.out()).isEqualTo(Run.of("summary", "--model", "lean").out()
                .replace("Model lean:", "Model my-net:"));
        Files.writeString(file, "# mine\n");
        Run again = Run.of("models", "--export", "s6", file.toString());
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains(file + " exists");
        assertThat(Files.readString(file)).isEqualTo("# mine\n");
        assertThat(Run.of("models", "--export", "s6").out()).isEqualTo(Models.S6.text());
        Run unknown = Run.of("models", "--export", "resnet");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("models --export: unknown model 'resnet'");
    }
}
