package backproplab.inspect;

import backproplab.InvalidInputException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** {@code predict}: the three most probable digits for each picture, one line per picture. */
public final class PredictJob {

    private PredictJob() {}

    /**
     * Predicts every picture it can read; a picture that cannot be read is one line to
     * {@code problems} and does not stop the others.
     *
     * @return how many pictures could not be read
     */
    public static int run(Path checkpoint, List<Path> images, PrintStream out,
                          Consumer<String> problems) {
        int failed = 0;
        try (Inspector inspector = Inspector.open(checkpoint)) {
            for (Path image : images) {
                try {
                    Inspection seen = inspector.inspect(DigitPreparation.prepare(image));
                    out.println(image + ": " + seen.topText(3));
                } catch (InvalidInputException e) {
                    problems.accept(e.getMessage());
                    failed++;
                }
            }
        }
        return failed;
    }
}
