package backproplab.lab.cnn;

import backproplab.inspect.FeatureMap;
import backproplab.inspect.Inspection;
import backproplab.inspect.Kernels;
import backproplab.model.Architecture.Layer;
import java.util.Base64;
import java.util.List;

/**
 * What the CNN page draws for one digit. Images travel as grey bytes (base64), one byte a pixel,
 * the page paints them on canvases: ~20 KB for a whole model, and the same grey levels as
 * {@code inspect}'s PNGs ({@link FeatureMap#grey}).
 *
 * @param label the true class of a test digit; null for a drawing
 * @param input the prepared 28x28 input, 0 paper to 255 ink
 */
record CnnView(String run, String model, int epoch, Integer index, Integer label, String input,
               float[] probabilities, int predicted, List<MapView> maps, KernelView kernels) {

    /**
     * One convolution's channels, concatenated, and where its outputs look: output (y, x) sees
     * the input square of side {@code rf} at ({@code start} + x·jump, {@code start} + y·jump).
     */
    record MapView(int number, String stage, String title, int channels, int height, int width,
                   int rf, int jump, int start, boolean classScores, String grey) {}

    record KernelView(int count, int size, float maxAbs, float[] weights) {}

    static CnnView of(String run, String model, int epoch, Integer index, Integer label,
                      Inspection seen, Kernels kernels) {
        byte[] input = new byte[seen.input().length];
        for (int k = 0; k < input.length; k++) {
            input[k] = (byte) Math.round(Math.max(0, Math.min(1, seen.input()[k])) * 255);
        }
        List<MapView> maps = seen.maps().stream().map(CnnView::mapView).toList();
        return new CnnView(run, model, epoch, index, label, base64(input), seen.probabilities(),
                seen.predicted(), maps, new KernelView(kernels.count(), kernels.size(),
                        kernels.maxAbs(), kernels.weights()));
    }

    private static MapView mapView(FeatureMap m) {
        int n = m.height() * m.width();
        byte[] grey = new byte[m.channels() * n];
        for (int c = 0; c < m.channels(); c++) {
            System.arraycopy(m.grey(c), 0, grey, c * n, n);
        }
        Layer l = m.layer();
        return new MapView(m.number(), m.stage(), m.title(), m.channels(), m.height(), m.width(),
                l.receptiveField(), l.jump(), l.coverage().start(), m.classScores(), base64(grey));
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
