package backproplab.cli;

import backproplab.console.ShownPath;
import backproplab.training.PyTorchExport;
import backproplab.training.RunFolder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Write a trained model for PyTorch: its module and its weights.",
        description = "Writes NAME.py, the model as a PyTorch nn.Sequential with a reader for"
            + " the weights, and NAME.safetensors, the weights under PyTorch's parameter names,"
            + " so that model.load_state_dict(...) loads them as they are. Exporting again"
            + " replaces them; a file of those names that someone edited since, or that export"
            + " did not write, is refused, and nothing is written.",
        footer = {"", "Examples:", "  backprop-lab export --run runs/lean-20261121-101500",
            "", "Then, in Python:", "  import lean",
            "  model = lean.lean()",
            "  model.load_state_dict(lean.load_weights('lean.safetensors'))",
            "  model.eval()"})
final class ExportCommand implements Callable<Integer> {

    @ArgGroup(multiplicity = "1")
    CheckpointSource source;

    @Option(names = "--out", paramLabel = "DIR",
            description = "output folder (default: the run folder's pytorch/, and"
                + " pytorch/epoch-NNN/ for an epoch's checkpoint)")
    Path out;

    @Override
    public Integer call() throws IOException {
        Path file = source.file();
        Path dir = ShownPath.of(out != null ? out : RunFolder.outputDir(file, "pytorch"));
        PyTorchExport.Files written = PyTorchExport.write(file, dir);
        System.out.println("wrote " + ShownPath.of(written.module()) + " and "
                + ShownPath.of(written.weights()));
        return 0;
    }
}
