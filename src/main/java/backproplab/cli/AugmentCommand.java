package backproplab.cli;

import backproplab.InvalidValueException;
import backproplab.augment.AugmentationPicture;
import backproplab.augment.AugmentationSample;
import backproplab.console.ShownPath;
import backproplab.model.ModelFile;
import backproplab.model.Models;
import backproplab.model.RecipeField;
import backproplab.training.TrainSettings;
import backproplab.training.TrainingRun;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

@Command(name = "augment", mixinStandardHelpOptions = true, sortOptions = false,
        modelTransformer = AugmentCommand.Options.class,
        header = "See the recipe's augmentation: training digits as each epoch moves them.",
        description = "Writes a PNG grid: a row per training digit, its picture then what epochs"
            + " 1, 2, ... give the model of it, drawn by training's own augmentation with the"
            + " run's seed (the same --rotation, --shift, --seed, --limit and --holdout as"
            + " train's, from the model's recipe unless given).",
        footer = {"", "Examples:", "  backprop-lab augment --model s6 --out grid.png",
            "  backprop-lab augment --model lean --rotation 15 --shift 2",
            "  backprop-lab augment --model s6 --labels 4,9 --digits 6 --draws 10"})
final class AugmentCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = ModelNames.LABEL,
            description = "one of the built-in models, ${COMPLETION-CANDIDATES}; or "
                    + ModelNames.FILES
                    + " (default: ${DEFAULT-VALUE})", completionCandidates = ModelNames.class)
    String model = Models.DEFAULT.name();

    @Option(names = "--digits", paramLabel = "N", description = "rows: training digits shown"
            + " (default: ${DEFAULT-VALUE}, one of each label; at most "
            + AugmentationSample.MAX_DIGITS + ")")
    int digits = AugmentationSample.DEFAULT_DIGITS;

    @Option(names = "--labels", paramLabel = "D,D", split = ",", description = "the labels the"
            + " rows take turns through, e.g. 4,9 for two digits a model confuses (default: 0"
            + " to 9)")
    List<Integer> labels = AugmentationSample.ALL_LABELS;

    @Option(names = "--draws", paramLabel = "K", description = "columns after the original:"
            + " epochs 1 to K (default: ${DEFAULT-VALUE}; at most " + AugmentationSample.MAX_DRAWS
            + ")")
    int draws = AugmentationSample.DEFAULT_DRAWS;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "MNIST files (default: the shipped data/mnist)")
    Path dataDir = Defaults.dataDir();

    @Option(names = "--out", paramLabel = "FILE",
            description = "the PNG (default: out/augment/MODEL.png)")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (out != null) {
            requirePicture(out);
        }
        ModelFile m = Models.resolve(model, "--model");
        ParseResult parsed = spec.commandLine().getParseResult();
        OptionChecks checks = new OptionChecks(spec);
        TrainSettings settings = checks.obey(() -> RecipeOptionsOf.settings(m, parsed,
                RecipeField.AUGMENTATION, 1, dataDir));
        AugmentationSample sample = checks.obey(() -> AugmentationSample.of(
                TrainingRun.trainImages(settings, System.out::println), settings.recipe(),
                settings.seed(), labels, digits, draws));
        Path file = ShownPath.of(out != null ? out
                : Path.of("out", "augment", m.name() + ".png"));
        AugmentationPicture.writePng(file, m.name(), sample);
        System.out.printf(Locale.ROOT, "%s: %d digit(s), %s, seed %d, epochs 1-%d%n", file,
                sample.rows().size(), sample.recipeText(), sample.seed(), draws);
        return 0;
    }

    /**
     * --out names a PNG, and a file already there is replaced only if it is a picture too: a
     * run's checkpoint or metrics named by a slip of the hand stay as they are.
     */
    static void requirePicture(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new InvalidValueException("--out", file + " is a folder; name the picture in"
                    + " it, e.g. " + file.resolve("augment.png"));
        }
        Path name = file.getFileName();
        if (name == null || !name.toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw new InvalidValueException("--out", file + ": the picture is a PNG; give a"
                    + " name that ends in .png");
        }
        if (Files.exists(file) && !isPng(file)) {
            throw new InvalidValueException("--out", file + " exists and is not a PNG; choose"
                    + " another file name");
        }
    }

    private static boolean isPng(Path file) throws IOException {
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(signature.length), signature);
        }
    }

    /** The recipe's augmentation options and the run's, as train has them. */
    static final class Options implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            return RecipeOptionsOf.add(spec, RecipeField.AUGMENTATION);
        }
    }
}
