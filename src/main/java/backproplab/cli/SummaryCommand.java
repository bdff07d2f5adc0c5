package backproplab.cli;

import backproplab.model.ModelSummary;
import backproplab.model.Models;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "summary", mixinStandardHelpOptions = true,
        header = "Show a model's layers: output shapes, parameters, receptive fields, MACs.",
        description = "Prints a torchsummary-style table of the model, with the receptive field and"
            + " multiply-accumulates of every layer, the totals, and the memory one image needs.",
        footer = {"", "Examples:", "  backprop-lab summary", "  backprop-lab summary --model s6"})
final class SummaryCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "NAME", description = "one of: ${COMPLETION-CANDIDATES}"
            + " (default: ${DEFAULT-VALUE})", completionCandidates = ModelNames.class)
    String model = Models.DEFAULT.id();

    @Override
    public Integer call() {
        System.out.print(ModelSummary.table(Models.byName(model, "--model").define()));
        return 0;
    }
}
