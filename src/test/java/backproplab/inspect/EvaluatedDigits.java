package backproplab.inspect;

import ai.djl.training.ParameterStore;
import backproplab.data.Digits;
import backproplab.data.MnistFiles;
import backproplab.training.Evaluation;
import backproplab.training.ModelLoader;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** The first MNIST test digits with the classes {@code evaluate}'s code predicts for them. */
public record EvaluatedDigits(Digits digits, int[] predictions) {

    public static EvaluatedDigits of(Path checkpoint, int count) {
        Digits digits = MnistFiles.load(Path.of("data", "mnist"), line -> { }).test()
                .first(count);
        try (ModelLoader.Loaded loaded = ModelLoader.load(checkpoint);
             Evaluation evaluation = new Evaluation(loaded.model().getNDManager(), digits)) {
            return new EvaluatedDigits(digits, evaluation.run(loaded.block(),
                    new ParameterStore(loaded.model().getNDManager(), false)).predictions());
        }
    }

    /** Digit {@code i} as a 28x28 grey PNG, light ink on black, as MNIST stores it. */
    public Path writePng(int i, Path file) throws IOException {
        BufferedImage img = new BufferedImage(Digits.SIDE, Digits.SIDE,
                BufferedImage.TYPE_BYTE_GRAY);
        for (int k = 0; k < Digits.PIXELS; k++) {
            img.getRaster().setSample(k % Digits.SIDE, k / Digits.SIDE, 0,
                    digits.pixels()[i * Digits.PIXELS + k] & 0xff);
        }
        ImageIO.write(img, "png", file.toFile());
        return file;
    }
}
