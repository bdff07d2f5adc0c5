package backproplab.assignment;

import backproplab.model.FeatureShape;
import backproplab.model.Module;
import backproplab.model.ModuleCatalog;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The layer kinds a rule may name: each as {@code torch.nn} names it (what a model file writes,
 * without {@code nn.}), "1x1 Conv2d", the transition that mixes channels and sees nothing new,
 * and "GAP", a global average pool however it is written.
 */
final class LayerKinds {

    private LayerKinds() {}

    static final String POINTWISE = "1x1 Conv2d";

    /**
     * {@code nn.AdaptiveAvgPool2d(1)}, or an {@code nn.AvgPool2d} whose one window is the whole
     * map: the course's own notebook writes {@code nn.AvgPool2d(kernel_size=6)} on 6x6 maps.
     */
    static final String GAP = "GAP";

    static List<String> names() {
        List<String> names = new ArrayList<>(Arrays.asList(ModuleCatalog.names().split(", ")));
        names.add(POINTWISE);
        names.add(GAP);
        return names;
    }

    static boolean known(String name) {
        return names().contains(name);
    }

    /** Whether {@code m}, given maps of shape {@code in}, is a layer of kind {@code name}. */
    static boolean is(Module m, FeatureShape in, String name) {
        if (name.equals(POINTWISE)) {
            return m instanceof Module.Conv2d c && c.kernel() == 1;
        }
        if (name.equals(GAP)) {
            // A window smaller than the map, or padded, leaves one value per channel that is
            // not the map's average (AvgPool2d(6) on 7x7 maps drops a row and a column).
            return m instanceof Module.GlobalAvgPool
                    || m instanceof Module.Pool2d p && !p.max() && p.padding() == 0
                    && p.kernel() == in.height() && p.kernel() == in.width();
        }
        String written = m.pytorch();
        int open = written.indexOf('(');
        return written.substring(written.startsWith("nn.") ? 3 : 0,
                open < 0 ? written.length() : open).equals(name);
    }
}
