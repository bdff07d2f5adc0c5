package backproplab.inspect;

import backproplab.model.Architecture.Layer;
import backproplab.model.Module;

/**
 * What one convolution outputs for one image, all channels: {@code values[c][y][x]} flattened.
 * It is taken where the notebook looks at it: after the ReLU and BatchNorm that follow the
 * convolution, when they do ({@code shownAfter} says which), else as the convolution gives it.
 *
 * @param number     the convolution's place among the model's convolutions, from 1
 * @param layer      the layer the values come out of (its shape, stage and receptive field)
 * @param conv       the convolution itself
 * @param classScores whether its channels are the classes' scores (the last convolution, which
 *                    only pooling and log-softmax follow)
 */
public record FeatureMap(int number, Layer conv, Layer layer, String shownAfter,
                         boolean classScores, float[] values) {

    /** "channel 3", or "class 2" for the last convolution's channels. */
    public String channelName(int channel) {
        return classScores ? "class " + channel : "channel " + (channel + 1);
    }

    public int channels() {
        return layer.channels();
    }

    public int height() {
        return layer.height();
    }

    public int width() {
        return layer.width();
    }

    public String stage() {
        return conv.stage();
    }

    /** E.g. "conv 2: 3x3, 16 channels, 24x24, after ReLU and BatchNorm2d". */
    public String title() {
        Module.Conv2d c = (Module.Conv2d) conv.module();
        String kernel = c.kernel() + "x" + c.kernel();
        return "conv " + number + ": " + kernel + ", " + channels() + " channels, " + height()
                + "x" + width() + (shownAfter.isEmpty() ? "" : ", after " + shownAfter);
    }

    /** How {@link #grey} scales, for a picture's or the page's caption. */
    public String scaleText() {
        return classScores ? "the ten classes on one scale, black (lowest) to white (highest)"
                : "each channel black (lowest) to white (highest)";
    }

    /**
     * One channel as grey levels 0..255, scaled from the channel's own minimum (0) to its maximum
     * (255), so a weak channel's pattern shows as well as a strong one's; a flat channel is 0.
     * The classes' scores share one scale instead: they compete, so the likeliest class should
     * be the lightest on average; and a 1x1 score (s6's last convolution) alone is flat, black.
     */
    public byte[] grey(int channel) {
        int n = height() * width();
        float[] range = classScores ? range(0, channels()) : range(channel, channel + 1);
        byte[] out = new byte[n];
        float span = range[1] - range[0];
        for (int k = 0; k < n; k++) {
            float v = values[channel * n + k];
            out[k] = (byte) (span > 0 ? Math.round((v - range[0]) / span * 255) : 0);
        }
        return out;
    }

    /** The smallest and largest value of channels {@code from} to {@code to} (exclusive). */
    private float[] range(int from, int to) {
        int n = height() * width();
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int k = from * n; k < to * n; k++) {
            min = Math.min(min, values[k]);
            max = Math.max(max, values[k]);
        }
        return new float[] {min, max};
    }
}
