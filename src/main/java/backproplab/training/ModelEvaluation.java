package backproplab.training;

import ai.djl.training.ParameterStore;
import backproplab.console.Progress;
import backproplab.data.Digits;
import backproplab.data.MnistFiles;
import backproplab.report.AtomicFiles;
import backproplab.report.ConfusionMatrix;
import backproplab.report.DigitGrid;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code evaluate}: a saved model against the 10,000 test images, with per-class accuracy, a
 * confusion matrix (text and PNG), a grid of the digits it gets wrong and, for the hints that
 * name confused digits, the list of them all ({@link Misread#FILE}).
 */
public final class ModelEvaluation {

    public static final String CONFUSION_TEXT = "confusion.txt";
    public static final String CONFUSION_PNG = "confusion.png";
    public static final String MISTAKES_PNG = "misclassified.png";
    /** What an evaluation writes, in the order it says so. */
    public static final List<String> FILES = List.of(CONFUSION_TEXT, CONFUSION_PNG,
            MISTAKES_PNG, Misread.FILE);

    /** At most this many misclassified digits in the grid. */
    static final int GRID_LIMIT = 100;

    private ModelEvaluation() {}

    public static Evaluation.Result run(Path checkpoint, Path dataDir, Path outDir,
                                        PrintStream out) throws IOException {
        Checkpoint.Meta meta = Checkpoint.readMeta(checkpoint);
        // The folder is made only once the checkpoint's header and the test files have passed
        // their checks, so a refused evaluation leaves no empty folder behind.
        Digits test = MnistFiles.loadTest(dataDir, out::println);
        AtomicFiles.requireWritableDirectory(outDir, "--out");
        Evaluation.Result result;
        try (ModelLoader.Loaded loaded = ModelLoader.load(checkpoint);
             Evaluation evaluation = new Evaluation(loaded.model().getNDManager(), test);
             Progress progress = Progress.of("test", evaluation.batches(), out)) {
            result = evaluation.run(loaded.block(),
                    new ParameterStore(loaded.model().getNDManager(), false), progress);
        }
        ConfusionMatrix confusion = new ConfusionMatrix(Evaluation.CLASSES, test.labels(),
                result.predictions());
        String title = String.format(Locale.ROOT,
                "%s after epoch %d: %.2f%% of %,d test digits", meta.model(),
                meta.epoch(), 100 * result.accuracy(), test.count());
        AtomicFiles.writeString(outDir.resolve(CONFUSION_TEXT), title + "\n\n" + confusion.text());
        confusion.writePng(outDir.resolve(CONFUSION_PNG), title);
        List<Integer> wrong = Mistakes.mostConfidentFirst(test, result);
        List<DigitGrid.Tile> tiles = wrong.stream().limit(GRID_LIMIT)
                .map(i -> new DigitGrid.Tile(test.pixels(), i * Digits.PIXELS,
                        Mistakes.caption(i, test.label(i), result.predictions()[i],
                                result.confidences()[i]))).toList();
        DigitGrid.writePng(outDir.resolve(MISTAKES_PNG), String.format(Locale.ROOT, 
                "The %,d most confident mistakes of %,d: #test image, true \u2192 predicted,"
                        + " the model's probability for its prediction", tiles.size(),
                wrong.size()), tiles);
        Misread.write(outDir.resolve(Misread.FILE), wrong.stream().map(i -> new Misread(i,
                test.label(i), result.predictions()[i], result.confidences()[i])).toList());

        out.println(title);
        out.println();
        out.print(confusion.text());
        out.println();
        for (String f : FILES) {
            out.println("wrote " + outDir.resolve(f));
        }
        return result;
    }
}
