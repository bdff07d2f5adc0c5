package backproplab.cli;

import backproplab.InvalidInputException;
import backproplab.training.RunFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --run DIR | --checkpoint FILE}: the trained model a command reads (evaluate, export). */
final class CheckpointSource {

    @Option(names = "--run", paramLabel = "DIR", description = "a run folder: its best.ckpt")
    Path run;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "a checkpoint file: a run's best.ckpt, or one epoch's in its"
                + " checkpoints/")
    Path checkpoint;

    /** The checkpoint file, or one line naming the option and what is wrong. */
    Path file() {
        if (run != null) {
            RunFolder folder = RunFolder.open(run, "--run");
            if (!Files.isRegularFile(folder.best())) {
                throw new InvalidInputException("--run: " + folder.best() + " does not exist ("
                        + folder.whyNoBest() + ")");
            }
            return folder.best();
        }
        Path file = checkpointFile(checkpoint);
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("--checkpoint: " + file + " does not exist");
        }
        return file;
    }

    /**
     * The file --checkpoint names. A folder there is most often a run folder, the other option's
     * kind: "does not exist" would send the user looking for a file that is not missing.
     */
    private static Path checkpointFile(Path given) {
        if (!Files.isDirectory(given)) {
            return given;
        }
        throw new InvalidInputException("--checkpoint: " + given + (Files.isRegularFile(
                given.resolve(RunFolder.SETTINGS)) ? " is a run folder, not a checkpoint;"
                + " use --run " + given : " is a folder, not a checkpoint"));
    }
}
