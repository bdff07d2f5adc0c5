package backproplab.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The learner's class a model was read from, and where PyTorch keeps its weights: the
 * state-dict key of each layer of the chain ({@code convblock1.0}, {@code bn1}; null for a
 * function such as {@code F.relu}, which has none), and of each of {@link ModelFile#unused()}.
 * Read with the model, so that {@code export} and {@code summary --pytorch} never read the class
 * again.
 *
 * @param name   the class's name, {@code Net}
 * @param layers a key per layer of {@link ModelFile#layers()}, in order
 * @param unused a key per layer of {@link ModelFile#unused()}, in order
 */
public record PyTorchClass(String name, List<String> layers, List<String> unused) {

    public PyTorchClass {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a class has a name");
        }
        // A null key is a function's: List.copyOf would refuse it.
        layers = Collections.unmodifiableList(new ArrayList<>(layers));
        unused = List.copyOf(unused);
    }
}
