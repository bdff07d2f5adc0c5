package backproplab.cli;

import backproplab.model.Architecture;
import backproplab.model.Models;
import backproplab.model.Recipe;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "models", mixinStandardHelpOptions = true,
        header = "List the models with their parameter counts and default recipes.")
final class ModelsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.out.printf("%-8s %10s  %-52s %s%n", "model", "parameters", "default recipe",
                "what it is");
        for (Models m : Models.values()) {
            Architecture a = m.define();
            Recipe r = m.recipe();
            String recipe = String.format("%s lr %s, %s, %d epochs, batch %d", r.optimizer(),
                    r.learningRate(), r.schedule().toString().toLowerCase(), r.epochs(),
                    r.batchSize());
            System.out.printf("%-8s %,10d  %-52s %s%n", m.id(), a.parameters(), recipe,
                    m.description());
        }
        return 0;
    }
}
