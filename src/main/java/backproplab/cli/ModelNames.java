package backproplab.cli;

import backproplab.model.ModelFile;
import backproplab.model.Models;
import java.util.Iterator;

/** The model names for help texts. */
final class ModelNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        return Models.builtIn().stream().map(ModelFile::name).iterator();
    }
}
