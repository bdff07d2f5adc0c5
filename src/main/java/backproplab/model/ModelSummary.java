package backproplab.model;

import ai.djl.ndarray.types.Shape;
import backproplab.model.Architecture.Layer;
import java.util.Locale;

/**
 * The table torchsummary prints (layer, output shape, parameters), and beyond it each layer's
 * receptive field and multiply-accumulates, with totals and the memory one image needs.
 */
public final class ModelSummary {

    private ModelSummary() {}

    /** The table's width: under 80 columns, so a terminal of ordinary width shows it unwrapped. */
    private static final int WIDTH = 72;
    private static final String ROW = "%-23s %-13s %9s %7s %4s %11s%n";

    public static String table(Architecture a) {
        StringBuilder s = new StringBuilder();
        String rule = "-".repeat(WIDTH) + "\n";
        Shape input = a.inputShape(1);
        s.append(String.format(Locale.ROOT,
                "Model %s: input [%d, %d, %d]%n", a.name(), input.get(1),
                input.get(2), input.get(3)));
        s.append(rule);
        s.append(String.format(Locale.ROOT,
                ROW, "Layer (type)", "Output shape", "Param #", "RF", "Jump",
                "MACs"));
        s.append("=".repeat(WIDTH)).append("\n");
        int index = 1;
        String stage = "";
        for (Layer l : a.layers()) {
            if (!l.stage().equals(stage)) {
                // The stages the model file names, as the lab and inspect group feature maps.
                stage = l.stage();
                s.append("# ").append(stage).append('\n');
            }
            String params = parameters(l.parameters(), l.runningStats());
            s.append(String.format(Locale.ROOT,
                    ROW, l.kind() + "-" + index++, l.outputShape(), params,
                    l.receptiveField() + "x" + l.receptiveField(), l.jump(),
                    String.format(Locale.ROOT, "%,d", l.macs())));
        }
        for (Module m : a.unused()) {
            // Made by the class but not applied by its forward: PyTorch counts its parameters.
            s.append(String.format(Locale.ROOT, ROW,
                    m.label().replace(" (no bias)", "") + " (unused)", "-",
                    parameters(m.parameters(null), m.runningStats(null)), "-", "-", "0"));
        }
        s.append("=".repeat(WIDTH)).append("\n");
        s.append(String.format(Locale.ROOT, "Trainable parameters: %,d%n", a.parameters()));
        s.append(String.format(Locale.ROOT, "BatchNorm running statistics (not trained): %,d%n",
                a.runningStats()));
        s.append(String.format(Locale.ROOT, "Multiply-accumulates per image: %,d%n", a.macs()));
        s.append(rule);
        // As torchsummary estimates it: every layer output kept once for forward and once for
        // its gradient, in 32-bit floats.
        double inputKb = input.size() * Float.BYTES / 1024.0;
        double passKb = a.activations() * Float.BYTES * 2 / 1024.0;
        double paramsKb = (a.parameters() + a.runningStats()) * Float.BYTES / 1024.0;
        s.append(String.format(Locale.ROOT, "Input size (KB): %.2f%n", inputKb));
        s.append(String.format(Locale.ROOT,
                "Forward/backward pass size per image (KB): %.2f%n", passKb));
        s.append(String.format(Locale.ROOT, "Params size (KB): %.2f%n", paramsKb));
        s.append(String.format(Locale.ROOT, "Estimated total per image (KB): %.2f%n",
                inputKb + passKb + paramsKb));
        s.append(rule);
        s.append("RF: receptive field in input pixels; Jump: input pixels between neighbouring\n"
                + "outputs; Param # a+b: a trainable, b BatchNorm running statistics.\n");
        return s.toString();
    }

    /** A layer's "Param #": trainable, then "+" BatchNorm's running statistics where it has them. */
    private static String parameters(long trainable, long runningStats) {
        return runningStats > 0
                ? String.format(Locale.ROOT, "%,d+%d", trainable, runningStats)
                : String.format(Locale.ROOT, "%,d", trainable);
    }
}
