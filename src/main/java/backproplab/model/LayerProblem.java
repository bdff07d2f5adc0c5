package backproplab.model;

/**
 * Why one layer of a model cannot be: its arguments, or what the layer before gives it. Said
 * in the layer's own words ("the layer before gives 8 channels"); {@link ModelFile} adds where
 * the layer is written, at the argument named by {@link #argument()} when there is one.
 */
public final class LayerProblem extends RuntimeException {

    private final String argument;

    public LayerProblem(String problem) {
        this(null, problem);
    }

    public LayerProblem(String argument, String problem) {
        super(problem, null, false, false);
        this.argument = argument;
    }

    /** The argument at fault, as PyTorch names it; null when the layer as a whole is. */
    public String argument() {
        return argument;
    }
}
