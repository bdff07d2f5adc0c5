package backproplab.assignment;

import backproplab.model.Module;
import backproplab.model.ModuleCatalog;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The layer kinds a rule may name: each as {@code torch.nn} names it (what a model file writes,
 * without {@code nn.}), and "1x1 Conv2d", the transition that mixes channels and sees nothing
 * new.
 */
final class LayerKinds {

    private LayerKinds() {}

    static final String POINTWISE = "1x1 Conv2d";

    static List<String> names() {
        List<String> names = new ArrayList<>(Arrays.asList(ModuleCatalog.names().split(", ")));
        names.add(POINTWISE);
        return names;
    }

    static boolean known(String name) {
        return names().contains(name);
    }

    /** Whether {@code m} is a layer of kind {@code name}. */
    static boolean is(Module m, String name) {
        if (name.equals(POINTWISE)) {
            return m instanceof Module.Conv2d c && c.kernel() == 1;
        }
        String written = m.pytorch();
        int open = written.indexOf('(');
        return written.substring(written.startsWith("nn.") ? 3 : 0,
                open < 0 ? written.length() : open).equals(name);
    }
}
