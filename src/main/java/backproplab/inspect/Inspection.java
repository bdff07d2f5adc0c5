package backproplab.inspect;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * One image through a trained CNN: the prepared input (ink in [0, 1]), the probability of each
 * class, and every convolution's feature maps in order.
 */
public record Inspection(float[] input, float[] probabilities, List<FeatureMap> maps) {

    public int predicted() {
        return top(1).get(0);
    }

    /** The {@code k} most probable classes, most probable first. */
    public List<Integer> top(int k) {
        return IntStream.range(0, probabilities.length).boxed()
                .sorted(Comparator.comparingDouble(c -> -probabilities[c])).limit(k).toList();
    }

    /** E.g. "7 (98.1%), 2 (1.2%), 3 (0.4%)". */
    public String topText(int k) {
        return String.join(", ", top(k).stream()
                .map(c -> String.format(Locale.ROOT,
                        "%d (%.1f%%)", c, 100 * probabilities[c])).toList());
    }
}
