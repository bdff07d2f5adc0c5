package backproplab.cli;

import backproplab.model.Architecture;
import backproplab.model.Models;
import backproplab.model.Recipe;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "models", mixinStandardHelpOptions = true,
        header = "List the models with their parameter counts and default recipes.",
        description = "Each model trains with its own recipe unless train's options say"
            + " otherwise; --verbose shows every value of every recipe.",
        footer = {"", "Examples:", "  backprop-lab models", "  backprop-lab models --verbose"})
final class ModelsCommand implements Callable<Integer> {

    @Option(names = {"-v", "--verbose"}, description = "show each model's whole recipe: every"
            + " option of train with its default for each model")
    boolean verbose;

    @Override
    public Integer call() {
        System.out.printf("%-6s %10s  %s%n", "model", "parameters", "default recipe");
        for (Models m : Models.values()) {
            Architecture a = m.define();
            Recipe r = m.recipe();
            String recipe = String.format("%s %s, %s, %d epochs", r.optimizer(),
                    r.learningRate(), r.schedule().toString().toLowerCase(), r.epochs());
            System.out.printf("%-6s %,10d  %s%n       %s%n", m.id(), a.parameters(), recipe,
                    m.description());
        }
        if (verbose) {
            System.out.println();
            System.out.print(RecipeHelp.table());
        } else {
            System.out.println();
            System.out.println("Whole recipes: backprop-lab models --verbose");
        }
        return 0;
    }
}
