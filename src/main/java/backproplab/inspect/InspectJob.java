package backproplab.inspect;

import backproplab.InvalidInputException;
import backproplab.data.Digits;
import backproplab.data.MnistFiles;
import backproplab.data.TrainBatches;
import backproplab.report.AtomicFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/** {@code inspect}: one digit through a trained model, as PNGs (see {@link InspectionPictures}). */
public final class InspectJob {

    private InspectJob() {}

    /** The digit to look at: a test image by index, or a picture file. */
    public sealed interface Source permits TestDigit, Picture {}

    public record TestDigit(int index, Path dataDir) implements Source {}

    public record Picture(Path file) implements Source {}

    public static Inspection run(Path checkpoint, Source source, Path outDir, PrintStream out)
            throws IOException {
        String name;
        float[] pixels;
        if (source instanceof TestDigit t) {
            Digits test = MnistFiles.loadTest(t.dataDir(), out::println);
            pixels = testDigit(test, t.index(), "--test-index");
            name = "test digit #" + t.index() + " (a " + test.label(t.index()) + ")";
        } else {
            Picture p = (Picture) source;
            pixels = DigitPreparation.prepare(p.file());
            name = p.file().getFileName().toString();
        }
        Inspection inspection;
        try (Inspector inspector = Inspector.open(checkpoint)) {
            // Made only now that the digit and the checkpoint are good: a refused inspection
            // leaves no empty folder behind.
            AtomicFiles.requireWritableDirectory(outDir, "--out");
            inspection = inspector.inspect(pixels);
            out.println(name + ": " + inspection.topText(3));
            // The pictures name the model too: they may end up in a report, far from the run.
            String about = name + " through run " + checkpoint.toAbsolutePath().getParent()
                    .getFileName() + " (" + inspector.meta().model() + ", epoch "
                    + inspector.meta().epoch() + ")";
            for (Path f : InspectionPictures.write(outDir, about, inspection,
                    inspector.kernels())) {
                out.println("wrote " + f);
            }
            for (Path f : InspectionPictures.removeStale(outDir, inspection.maps().size())) {
                // Short: with a run's path, the line must still fit 80 columns.
                out.println("removed " + f + " (left by a deeper model)");
            }
        }
        return inspection;
    }

    /** Test digit {@code index} as ink in [0, 1]. */
    public static float[] testDigit(Digits test, int index, String option) {
        if (index < 0 || index >= test.count()) {
            throw new InvalidInputException(option + ": " + index + " is not a test digit (0 to "
                    + (test.count() - 1) + ")");
        }
        return TrainBatches.unitPixels(test.slice(index, index + 1));
    }
}
