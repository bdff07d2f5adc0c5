package backproplab.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import backproplab.InvalidValueException;
import backproplab.data.Digits;
import backproplab.data.MnistFiles;
import backproplab.data.RandomAffine;
import backproplab.data.TrainBatches;
import backproplab.model.Recipe;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The grid's pictures are the ones training's batches hold: found, pixel for pixel, among an
 * epoch's batches made by {@link TrainBatches} itself with the same seed.
 */
class AugmentationSampleTest {

    private static Digits train;

    @BeforeAll
    static void load() {
        train = MnistFiles.load(Path.of("data", "mnist"), line -> { }).train().first(300);
    }

    /** Every image of epoch {@code epoch}'s batches, normalised, with its label, in order. */
    private static List<float[]> batchImages(Recipe recipe, long seed, int epoch,
                                             List<Integer> labels) {
        List<float[]> images = new ArrayList<>();
        try (TrainBatches batches = new TrainBatches(train, 64,
                new RandomAffine(recipe.rotation(), recipe.shift()), seed, epoch)) {
            while (batches.hasNext()) {
                TrainBatches.Batch batch = batches.next();
                FloatBuffer floats = batch.images().duplicate().order(batch.images().order())
                        .asFloatBuffer();
                for (int r = 0; r < batch.size(); r++) {
                    float[] image = new float[Digits.PIXELS];
                    floats.get(image);
                    images.add(image);
                    labels.add((int) batch.labels()[r]);
                }
            }
        }
        return images;
    }

    @Test
    void eachEpochsPictureIsTheOneItsBatchHolds() {
        Recipe recipe = Recipe.builder().rotation(12).shift(2).build();
        long seed = 5;
        AugmentationSample sample = AugmentationSample.of(train, recipe, seed,
                AugmentationSample.ALL_LABELS, 20, 3);
        assertThat(sample.rows()).hasSize(20);
        for (int epoch = 1; epoch <= 3; epoch++) {
            List<Integer> labels = new ArrayList<>();
            List<float[]> images = batchImages(recipe, seed, epoch, labels);
            for (AugmentationSample.Row row : sample.rows()) {
                float[] seen = row.epochs().get(epoch - 1).clone();
                // Moved, or the test would pass with no augmentation at all.
                assertThat(seen).isNotEqualTo(row.original());
                TrainBatches.normalise(seen);
                List<Integer> found = new ArrayList<>();
                for (int p = 0; p < images.size(); p++) {
                    if (Arrays.equals(images.get(p), seen)) {
                        found.add(p);
                    }
                }
                assertThat(found).as("digit #%d in epoch %d", row.image(), epoch).hasSize(1);
                assertThat(labels.get(found.get(0))).isEqualTo(row.label());
            }
        }
    }

    @Test
    void anotherSeedMovesTheDigitsOtherwise() {
        Recipe recipe = Recipe.builder().rotation(12).shift(2).build();
        float[] one = AugmentationSample.of(train, recipe, 1, List.of(3), 1, 1).rows().get(0)
                .epochs().get(0);
        float[] two = AugmentationSample.of(train, recipe, 2, List.of(3), 1, 1).rows().get(0)
                .epochs().get(0);
        assertThat(one).isNotEqualTo(two);
    }

    @Test
    void rotationZeroAndShiftZeroLeaveEveryDigitAsItIs() {
        Recipe recipe = Recipe.builder().rotation(0).shift(0).build();
        AugmentationSample sample = AugmentationSample.of(train, recipe, 1,
                AugmentationSample.ALL_LABELS, 10, 4);
        for (AugmentationSample.Row row : sample.rows()) {
            float[] expected = new float[Digits.PIXELS];
            for (int p = 0; p < Digits.PIXELS; p++) {
                expected[p] = (train.pixels()[row.image() * Digits.PIXELS + p] & 0xff) / 255f;
            }
            assertThat(row.original()).isEqualTo(expected);
            assertThat(row.epochs()).hasSize(4).allSatisfy(e -> assertThat(e).isEqualTo(expected));
        }
        assertThat(sample.recipeText()).isEqualTo("no augmentation");
    }

    @Test
    void rowsTakeTurnsThroughTheLabelsEachTheNextImageOfItsLabel() {
        AugmentationSample sample = AugmentationSample.of(train, Recipe.builder().build(), 1,
                List.of(4, 9), 5, 1);
        List<Integer> expected4 = new ArrayList<>();
        List<Integer> expected9 = new ArrayList<>();
        for (int i = 0; i < train.count(); i++) {
            (train.label(i) == 4 ? expected4 : train.label(i) == 9 ? expected9
                    : new ArrayList<Integer>()).add(i);
        }
        assertThat(sample.rows()).extracting(AugmentationSample.Row::label)
                .containsExactly(4, 9, 4, 9, 4);
        assertThat(sample.rows()).extracting(AugmentationSample.Row::image).containsExactly(
                expected4.get(0), expected9.get(0), expected4.get(1), expected9.get(1),
                expected4.get(2));
    }

    @Test
    void badCountsAndLabelsNameTheirOption() {
        Recipe recipe = Recipe.builder().build();
        assertThatThrownBy(() -> AugmentationSample.of(train, recipe, 1, List.of(10), 5, 1))
                .isInstanceOf(InvalidValueException.class).hasMessageStartingWith("--labels");
        assertThatThrownBy(() -> AugmentationSample.of(train, recipe, 1, List.of(1, 1), 5, 1))
                .isInstanceOf(InvalidValueException.class).hasMessageStartingWith("--labels");
        assertThatThrownBy(() -> AugmentationSample.of(train, recipe, 1, List.of(1), 0, 1))
                .isInstanceOf(InvalidValueException.class).hasMessageStartingWith("--digits");
        assertThatThrownBy(() -> AugmentationSample.of(train, recipe, 1, List.of(1), 1, 21))
                .isInstanceOf(InvalidValueException.class).hasMessageStartingWith("--draws");
    }
}
