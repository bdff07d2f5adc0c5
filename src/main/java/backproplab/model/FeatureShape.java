package backproplab.model;

/**
 * What a layer gives one image: {@code channels} maps of {@code height} x {@code width}, or, once
 * flattened, a vector of {@link #features()} values. A flat shape keeps the size of the map it
 * came from: the receptive field of a layer that mixes all of it needs that size.
 */
public record FeatureShape(int channels, int height, int width, boolean flat) {

    public static FeatureShape map(int channels, int height, int width) {
        return new FeatureShape(channels, height, width, false);
    }

    /** A vector of {@code n} values that saw a 1x1 map. */
    public static FeatureShape vector(int n) {
        return new FeatureShape(n, 1, 1, true);
    }

    public long features() {
        return (long) channels * height * width;
    }

    public FeatureShape flattened() {
        return new FeatureShape(channels, height, width, true);
    }

    /** "[16, 24, 24]", or "[144]" once flat, as torchsummary prints shapes. */
    @Override
    public String toString() {
        return flat ? "[" + features() + "]" : "[" + channels + ", " + height + ", " + width + "]";
    }

    /** "16x3x3 = 144 features", or "10 features": what a vector layer is told it gets. */
    public String featuresText() {
        return height == 1 && width == 1 ? channels + " features"
                : channels + "x" + height + "x" + width + " = " + features() + " features";
    }
}
