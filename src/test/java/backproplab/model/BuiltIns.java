package backproplab.model;

import java.util.stream.Stream;

/** The built-in models, for parameterised tests: {@code @MethodSource(BuiltIns.ALL)}. */
public final class BuiltIns {

    public static final String ALL = "backproplab.model.BuiltIns#all";

    private BuiltIns() {}

    public static Stream<ModelFile> all() {
        return Models.builtIn().stream();
    }
}
