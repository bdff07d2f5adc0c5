package backproplab.cli;

import backproplab.InvalidInputException;
import backproplab.model.ModelFile;
import backproplab.model.Models;
import backproplab.model.Recipe;
import backproplab.report.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "models", mixinStandardHelpOptions = true,
        header = "List the models with their parameter counts and default recipes.",
        description = "Each model trains with its own recipe unless train's options say"
            + " otherwise; --verbose shows every value of every recipe. Each built-in model is a"
            + " model file; --export NAME writes one out, a starting point for your own model.",
        footer = {"", "Examples:", "  backprop-lab models", "  backprop-lab models --verbose",
            "  backprop-lab models --export lean my-net.txt",
            "  backprop-lab models --export S6.ipynb:Net2 net2.py"})
final class ModelsCommand implements Callable<Integer> {

    @Option(names = {"-v", "--verbose"}, description = "show each model's whole recipe: every"
            + " option of train with its default for each model")
    boolean verbose;

    @Option(names = "--export", paramLabel = "NAME", description = "write the model file of the"
            + " built-in model NAME to FILE (or print it); for a model class of a Python file or"
            + " notebook (S6.ipynb:Net2), the class with the constants it reads")
    String export;

    @Parameters(paramLabel = "FILE", arity = "0..1", description = "where --export writes (an"
            + " existing file is not replaced)")
    Path file;

    @Override
    public Integer call() throws IOException {
        if (export != null) {
            return export();
        }
        if (file != null) {
            throw new InvalidInputException("FILE: only with --export NAME");
        }
        System.out.printf(Locale.ROOT, "%-6s %10s  %s%n", "model", "parameters", "default recipe");
        for (ModelFile m : Models.builtIn()) {
            Recipe r = m.recipe();
            String recipe = String.format(Locale.ROOT, "%s %s, %s, %d epochs", r.optimizer(),
                    r.learningRate(), r.schedule().toString().toLowerCase(Locale.ROOT), r.epochs());
            System.out.printf(Locale.ROOT, "%-6s %,10d  %s%n       %s%n", m.name(),
                    m.architecture().parameters(), recipe, m.description());
        }
        System.out.println();
        if (verbose) {
            System.out.print(RecipeHelp.table());
        } else {
            System.out.println("Whole recipes: backprop-lab models --verbose");
            System.out.println("Your own model: backprop-lab models --export lean my-net.txt");
        }
        return 0;
    }

    private int export() throws IOException {
        String text = Models.text(export);
        if (file == null) {
            System.out.print(text);
            return 0;
        }
        if (Files.exists(file)) {
            // A learner's model file is their work: never replaced by a starting point.
            throw new InvalidInputException(file + " exists; choose another file name");
        }
        AtomicFiles.writeString(file, text);
        System.out.println("wrote " + file + "; try it: " + Defaults.launcher()
                + " summary --model " + Defaults.quoted(file.toString()));
        return 0;
    }
}
