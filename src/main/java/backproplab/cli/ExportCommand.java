package backproplab.cli;

import backproplab.InvalidInputException;
import backproplab.console.ShownPath;
import backproplab.training.PyTorchExport;
import backproplab.training.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Write a trained model for PyTorch: its module and its weights.",
        description = "Writes NAME.py, the model as a PyTorch nn.Sequential with a reader for"
            + " the weights, and NAME.safetensors, the weights under PyTorch's parameter names,"
            + " so that model.load_state_dict(...) loads them as they are.",
        footer = {"", "Examples:", "  backprop-lab export --run runs/lean-20261121-101500",
            "", "Then, in Python:", "  import lean",
            "  model = lean.lean()",
            "  model.load_state_dict(lean.load_weights('lean.safetensors'))",
            "  model.eval()"})
final class ExportCommand implements Callable<Integer> {

    @ArgGroup(multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--run", paramLabel = "DIR", description = "a run folder: exports its best.ckpt")
        Path run;

        @Option(names = "--checkpoint", paramLabel = "FILE", description = "a checkpoint file")
        Path checkpoint;
    }

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: the run folder's pytorch/)")
    Path out;

    @Override
    public Integer call() throws IOException {
        Path file = source.run != null ? RunFolder.open(source.run, "--run").best()
                : source.checkpoint;
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException((source.run != null ? "--run: " : "--checkpoint: ")
                    + file + " does not exist" + (source.run != null
                    ? " (no epoch has finished yet)" : ""));
        }
        Path dir = ShownPath.of(out != null ? out
                : file.toAbsolutePath().getParent().resolve("pytorch"));
        PyTorchExport.Files written = PyTorchExport.write(file, dir);
        System.out.println("wrote " + ShownPath.of(written.module()) + " and "
                + ShownPath.of(written.weights()));
        return 0;
    }
}
