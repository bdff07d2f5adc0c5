package backproplab.cli;

import backproplab.model.Models;
import java.util.Arrays;
import java.util.Iterator;

/** The model names for help texts. */
final class ModelNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        return Arrays.stream(Models.values()).map(Models::id).iterator();
    }
}
