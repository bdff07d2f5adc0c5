package backproplab.cli;

import backproplab.model.ModelFile;
import backproplab.model.ModelSummary;
import backproplab.model.Models;
import backproplab.model.PyTorchModule;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "summary", mixinStandardHelpOptions = true,
        header = "Show a model's layers: output shapes, parameters, receptive fields, MACs.",
        description = "Prints a torchsummary-style table of the model, with the receptive field and"
            + " multiply-accumulates of every layer, the totals, and the memory one image needs."
            + " --pytorch prints the model as a runnable PyTorch module instead.",
        footer = {"", "Examples:", "  backprop-lab summary", "  backprop-lab summary --model s6",
            "  backprop-lab summary --model my-net.txt",
            "  backprop-lab summary --model S6.ipynb:Net2",
            "  backprop-lab summary --model s6 --pytorch > s6.py"})
final class SummaryCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = ModelNames.LABEL, description = "one of the"
            + " built-in models, ${COMPLETION-CANDIDATES}; or " + ModelNames.FILES
            + " (default: ${DEFAULT-VALUE})",
            completionCandidates = ModelNames.class)
    String model = Models.DEFAULT.name();

    @Option(names = "--pytorch", description = "print the model as a PyTorch module (Python)"
            + " with the same layers, parameter names and counts")
    boolean pytorch;

    @Override
    public Integer call() {
        ModelFile m = Models.resolve(model, "--model");
        System.out.print(pytorch ? PyTorchModule.source(m) : ModelSummary.table(m.architecture()));
        return 0;
    }
}
