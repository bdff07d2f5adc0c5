package backproplab.augment;

import static backproplab.Bounds.between;

import backproplab.InvalidValueException;
import backproplab.data.Digits;
import backproplab.data.TrainBatches;
import backproplab.model.Recipe;
import backproplab.training.TrainingRun;
import java.util.ArrayList;
import java.util.List;

/**
 * Training digits as a run's epochs give them to the model: for each digit, its picture, then
 * what epoch 1, 2, … make of it with the recipe's rotation and shift and the run's seed
 * ({@link TrainBatches#asTrained}). Epoch k's picture of a digit is the one its batch holds.
 *
 * @param rows one per digit, in the order the labels were asked for
 */
public record AugmentationSample(Recipe recipe, long seed, List<Row> rows) {

    public static final int MAX_DIGITS = 40;
    public static final int MAX_DRAWS = 20;
    /** Rows of one of each class: every digit 0 to 9 once. */
    public static final int DEFAULT_DIGITS = 10;
    public static final int DEFAULT_DRAWS = 8;
    public static final List<Integer> ALL_LABELS = List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);

    /**
     * One training digit: its index among the run's training images, its label, its pixels in
     * [0, 1], and its pictures in epochs 1, 2, ….
     */
    public record Row(int image, int label, float[] original, List<float[]> epochs) {}

    /**
     * {@code digits} rows whose labels take turns through {@code labels} (4, 9, 4, 9, …), each
     * the next training image of its label; fewer if the training images run out of a label.
     * Each row has {@code draws} epochs.
     *
     * @throws InvalidValueException naming --digits, --draws or --labels
     */
    public static AugmentationSample of(Digits train, Recipe recipe, long seed,
                                        List<Integer> labels, int digits, int draws) {
        between("--digits", digits, 1, MAX_DIGITS);
        between("--draws", draws, 1, MAX_DRAWS);
        checkLabels(labels);
        int[] wanted = pick(train, labels, digits);
        List<float[][]> epochs = new ArrayList<>();
        for (int epoch = 1; epoch <= draws; epoch++) {
            epochs.add(TrainBatches.asTrained(train, TrainingRun.augmentation(recipe), seed,
                    epoch, wanted));
        }
        List<Row> rows = new ArrayList<>();
        for (int k = 0; k < wanted.length; k++) {
            float[] original = new float[Digits.PIXELS];
            train.unitPixels(wanted[k], original, 0);
            List<float[]> seen = new ArrayList<>();
            for (float[][] epoch : epochs) {
                seen.add(epoch[k]);
            }
            rows.add(new Row(wanted[k], train.label(wanted[k]), original, List.copyOf(seen)));
        }
        return new AugmentationSample(recipe, seed, List.copyOf(rows));
    }

    private static void checkLabels(List<Integer> labels) {
        if (labels.isEmpty()) {
            throw new InvalidValueException("--labels", "name at least one digit, 0 to 9");
        }
        for (int label : labels) {
            between("--labels", label, 0, 9);
        }
        if (labels.stream().distinct().count() < labels.size()) {
            throw new InvalidValueException("--labels", "a digit is named twice: " + labels);
        }
    }

    /** The training images of the rows, in order. */
    static int[] pick(Digits train, List<Integer> labels, int digits) {
        List<List<Integer>> byLabel = new ArrayList<>();
        for (int k = 0; k < labels.size(); k++) {
            byLabel.add(new ArrayList<>());
        }
        for (int i = 0; i < train.count(); i++) {
            int k = labels.indexOf(train.label(i));
            if (k >= 0 && byLabel.get(k).size() * labels.size() < digits) {
                byLabel.get(k).add(i);
            }
        }
        List<Integer> rows = new ArrayList<>();
        for (int n = 0; rows.size() < digits; n++) {
            boolean any = false;
            for (int k = 0; k < labels.size() && rows.size() < digits; k++) {
                if (n < byLabel.get(k).size()) {
                    rows.add(byLabel.get(k).get(n));
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        return rows.stream().mapToInt(Integer::intValue).toArray();
    }

    /** "rotation ±7°, shift ±1 px", or "no augmentation". */
    public String recipeText() {
        if (recipe.rotation() == 0 && recipe.shift() == 0) {
            return "no augmentation";
        }
        return "rotation ±" + number(recipe.rotation()) + "°, shift ±" + number(recipe.shift())
                + " px";
    }

    private static String number(float v) {
        return v == Math.rint(v) ? Integer.toString((int) v) : Float.toString(v);
    }
}
