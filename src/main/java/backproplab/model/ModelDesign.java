package backproplab.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A model file as it is being written: its layers with what {@code summary} computes for each,
 * the totals against the parameter budgets the course sets, the first error with its line and
 * column, and the course's hints that apply. The design page shows this as the learner types;
 * the numbers are {@link Architecture}'s, the same as {@code summary}'s.
 *
 * @param layers the layers, each with the line it is written on; empty when the file has an error
 * @param error  null, or what is wrong and where
 * @param hints  the course's advice that applies to this model, each at its line
 */
public record ModelDesign(List<Row> layers, long parameters, long runningStats, long macs,
                          List<Budget> budgets, Problem error, List<Hint> hints) {

    /** The course's targets: under 20,000 parameters, then under 8,000. */
    public static final List<Long> BUDGETS = List.of(20_000L, 8_000L);

    /** MNIST's digits are centred in a 20x20 box of the 28x28 image. */
    static final int DIGIT_SIDE = 20;

    public record Row(int line, String stage, String kind, String shape, long parameters,
                      long runningStats, int receptiveField, int jump, long macs) {}

    public record Budget(long limit, boolean within) {}

    public record Problem(int line, int column, String problem, String message) {}

    public record Hint(int line, String text) {}

    /** What {@code text} is as a model; {@code name} names it in messages. */
    public static ModelDesign of(String name, String text) {
        ModelFile file;
        try {
            file = ModelFile.parse(name, name.replaceFirst("\\.txt$", ""), text);
        } catch (ModelFileException e) {
            return failed(new Problem(e.line(), e.column(), e.problem(), e.getMessage()));
        } catch (backproplab.InvalidInputException e) {
            return failed(new Problem(0, 0, e.getMessage(), e.getMessage()));
        }
        Architecture arch = file.architecture();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < arch.layers().size(); i++) {
            Architecture.Layer l = arch.layers().get(i);
            rows.add(new Row(file.layers().get(i).line(), l.stage(), l.kind(), l.outputShape(),
                    l.parameters(), l.runningStats(), l.receptiveField(), l.jump(), l.macs()));
        }
        long parameters = arch.parameters();
        return new ModelDesign(rows, parameters, arch.runningStats(), arch.macs(),
                BUDGETS.stream().map(b -> new Budget(b, parameters < b)).toList(), null,
                hints(file, arch));
    }

    private static ModelDesign failed(Problem problem) {
        return new ModelDesign(List.of(), 0, 0, 0, List.of(), problem, List.of());
    }

    /** The course's rules of thumb, each only where it applies. */
    static List<Hint> hints(ModelFile file, Architecture arch) {
        List<Hint> hints = new ArrayList<>();
        List<Architecture.Layer> layers = arch.layers();
        boolean oneByOneSaid = false;
        boolean transitionSaid = false;
        boolean convolutionSeen = false;
        for (int i = 0; i < layers.size(); i++) {
            Architecture.Layer l = layers.get(i);
            int line = file.layers().get(i).line();
            boolean oneByOne = l.module() instanceof Module.Conv2d c && c.kernel() == 1;
            boolean pool = l.module() instanceof Module.Pool2d;
            if (!transitionSaid && convolutionSeen && (oneByOne || pool)) {
                transitionSaid = true;
                int rf = l.receptiveField();
                hints.add(new Hint(line, "The first transition is here, at a receptive field of "
                        + rf + "x" + rf + " px: block 1 should see edges and gradients first"
                        + (rf < 5 ? ", and at " + rf + " px it has barely begun"
                        : rf > 11 ? "; at " + rf + " px it already sees parts of digits" : "")
                        + "."));
            }
            if (oneByOne && !oneByOneSaid) {
                oneByOneSaid = true;
                hints.add(new Hint(line, "A 1x1 convolution mixes channels and does not grow the"
                        + " receptive field: it stays " + l.receptiveField() + "x"
                        + l.receptiveField() + " px."));
            }
            convolutionSeen |= l.module() instanceof Module.Conv2d;
        }
        // What the convolutions see before a layer mixes every position (a global average, a
        // Linear): that field must hold a digit; the mixing layer's own is always the image.
        int seen = layers.size() - 1;
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).module() instanceof Module.GlobalAvgPool
                    || layers.get(i).module() instanceof Module.Linear) {
                seen = Math.max(i - 1, 0);
                break;
            }
        }
        int field = layers.get(seen).receptiveField();
        if (field < DIGIT_SIDE) {
            hints.add(new Hint(file.layers().get(seen).line(), "The receptive field "
                    + (seen < layers.size() - 1 ? "before the layers that mix all positions" : "at"
                    + " the end") + " is " + field + "x" + field + " px, smaller than a digit"
                    + " (MNIST's fill a " + DIGIT_SIDE + "x" + DIGIT_SIDE + " box): each output"
                    + " sees only part of one."));
        }
        return hints;
    }
}
