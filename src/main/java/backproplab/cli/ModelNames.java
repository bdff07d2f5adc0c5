package backproplab.cli;

import backproplab.model.ModelFile;
import backproplab.model.Models;
import java.util.Iterator;

/** The model names for help texts, and what {@code --model} takes, said once for every command. */
final class ModelNames implements Iterable<String> {

    /** {@code --model}'s value in every command's help. */
    static final String LABEL = "NAME|FILE";

    /**
     * What else than a built-in model's name {@code --model} takes. Worded so that no name
     * with a '.' or ':' falls where picocli wraps a line at 80 columns, which would cut it in
     * two (EightyColumnsTest): reword the commands' texts around it if one does.
     */
    static final String FILES = "a model file FILE.txt, or the model class of a Python file"
            + " FILE.py or notebook FILE.ipynb (of several: S6.ipynb:Net2)";

    @Override
    public Iterator<String> iterator() {
        return Models.builtIn().stream().map(ModelFile::name).iterator();
    }
}
