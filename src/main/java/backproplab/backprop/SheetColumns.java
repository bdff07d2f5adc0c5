package backproplab.backprop;

/**
 * The columns of a learning-rate sheet, in the original spreadsheet's order (b1 and b2 after the
 * weights they sit beside), and the Excel formula of each derived column written with the sheet's
 * own names ({@code {a_o1}} is a_o1 in this row, {@code {prev.w5}} w5 in the row above, {@code
 * {eta}} the learning-rate cell). {@link SheetLayout} places them on a sheet.
 */
public enum SheetColumns {
    ITERATION("iteration", null),
    T1("t1", null), T2("t2", null), I1("i1", null), I2("i2", null),
    W1("w1", "{prev.w1}-{eta}*{prev.dW1}"),
    W2("w2", "{prev.w2}-{eta}*{prev.dW2}"),
    W3("w3", "{prev.w3}-{eta}*{prev.dW3}"),
    W4("w4", "{prev.w4}-{eta}*{prev.dW4}"),
    B1("b1", "{prev.b1}-{eta}*{prev.dB1}"),
    H1("h1", "{w1}*{i1}+{w2}*{i2}", "b1"),
    A_H1("a_h1", "1/(1+EXP(-{h1}))"),
    H2("h2", "{w3}*{i1}+{w4}*{i2}", "b1"),
    A_H2("a_h2", "1/(1+EXP(-{h2}))"),
    W5("w5", "{prev.w5}-{eta}*{prev.dW5}"),
    W6("w6", "{prev.w6}-{eta}*{prev.dW6}"),
    W7("w7", "{prev.w7}-{eta}*{prev.dW7}"),
    W8("w8", "{prev.w8}-{eta}*{prev.dW8}"),
    B2("b2", "{prev.b2}-{eta}*{prev.dB2}"),
    O1("o1", "{w5}*{a_h1}+{w6}*{a_h2}", "b2"),
    A_O1("a_o1", "1/(1+EXP(-{o1}))"),
    O2("o2", "{w7}*{a_h1}+{w8}*{a_h2}", "b2"),
    A_O2("a_o2", "1/(1+EXP(-{o2}))"),
    E1("E1", "0.5*({t1}-{a_o1})^2"),
    E2("E2", "0.5*({t2}-{a_o2})^2"),
    E_TOTAL("E_total", "{E1}+{E2}"),
    // ∂E/∂w1..w4 go back through both outputs and then through their own hidden neuron's slope.
    // Brackets group each slope a(1-a) as TinyNetwork does, so Excel and Java round alike.
    D_W1("∂E/∂w1", Templates.DELTA_H1 + "*{i1}"),
    D_W2("∂E/∂w2", Templates.DELTA_H1 + "*{i2}"),
    D_W3("∂E/∂w3", Templates.DELTA_H2 + "*{i1}"),
    D_W4("∂E/∂w4", Templates.DELTA_H2 + "*{i2}"),
    D_W5("∂E/∂w5", Templates.DELTA_O1 + "*{a_h1}"),
    D_W6("∂E/∂w6", Templates.DELTA_O1 + "*{a_h2}"),
    D_W7("∂E/∂w7", Templates.DELTA_O2 + "*{a_h1}"),
    D_W8("∂E/∂w8", Templates.DELTA_O2 + "*{a_h2}"),
    // A shared bias collects the deltas of every neuron it feeds.
    D_B1("∂E/∂b1", Templates.DELTA_H1 + "+" + Templates.DELTA_H2),
    D_B2("∂E/∂b2", Templates.DELTA_O1 + "+" + Templates.DELTA_O2);

    /** The deltas δ = ∂E/∂(a neuron's sum), written once for the gradients that share them. */
    private static final class Templates {
        static final String DELTA_O1 = "({a_o1}-{t1})*({a_o1}*(1-{a_o1}))";
        static final String DELTA_O2 = "({a_o2}-{t2})*({a_o2}*(1-{a_o2}))";
        static final String DELTA_H1 = "(" + DELTA_O1 + "*{w5}+" + DELTA_O2 + "*{w7})"
                + "*({a_h1}*(1-{a_h1}))";
        static final String DELTA_H2 = "(" + DELTA_O1 + "*{w6}+" + DELTA_O2 + "*{w8})"
                + "*({a_h2}*(1-{a_h2}))";
    }

    private final String header;
    private final String template;
    private final String addedBias;

    SheetColumns(String header, String template) {
        this(header, template, null);
    }

    /** {@code addedBias}: the bias this neuron's sum gains when the network has biases. */
    SheetColumns(String header, String template, String addedBias) {
        this.header = header;
        this.template = template;
        this.addedBias = addedBias;
    }

    public String header() {
        return header;
    }

    /** The iteration column counts the rows: plain numbers, neither inputs nor formulas. */
    public boolean isCount() {
        return this == ITERATION;
    }

    /**
     * One format per column, so a column never mixes 0.00015709 with 9.62113E-05: the errors and
     * gradients fall over orders of magnitude and read best in scientific notation (as on the
     * console), the values around 1 with nine fixed decimals.
     */
    public String numberFormat() {
        if (this == ITERATION) {
            return "0";
        }
        boolean spansMagnitudes = this == E1 || this == E2 || this == E_TOTAL
                || name().startsWith("D_");
        return spansMagnitudes ? "0.000000E+00" : "0.000000000";
    }

    /** b1, b2 and their gradients exist only in a network with biases. */
    public boolean isAboutBiases() {
        return this == B1 || this == B2 || this == D_B1 || this == D_B2;
    }

    /** t, i, the weights and the biases are typed into the first row; the rest are formulas. */
    public boolean isInputInFirstRow() {
        return template == null && !isCount() || name().startsWith("W") || this == B1
                || this == B2;
    }

    /**
     * The formula template, with {@code {name}} for this row's cell of a column, {@code
     * {prev.name}} for the row above and {@code {eta}} for the learning rate; null for a column
     * that only repeats the row above.
     */
    String template(boolean withBiases, boolean trainBiases) {
        if (template == null || (this == B1 || this == B2) && !trainBiases) {
            return null;
        }
        return addedBias != null && withBiases ? template + "+{" + addedBias + "}" : template;
    }

    /** This column's value in a row computed by {@link TinyNetwork}: what the formula must give. */
    public double valueOf(TinyNetwork.Inputs in, TinyNetwork.Targets t, Iteration row) {
        TinyNetwork.Weights w = row.weights();
        TinyNetwork.Biases b = row.biases();
        TinyNetwork.Forward f = row.forward();
        TinyNetwork.Gradients g = row.gradients();
        return switch (this) {
            case ITERATION -> row.number();
            case T1 -> t.t1();
            case T2 -> t.t2();
            case I1 -> in.i1();
            case I2 -> in.i2();
            case W1 -> w.w1();
            case W2 -> w.w2();
            case W3 -> w.w3();
            case W4 -> w.w4();
            case B1 -> b.b1();
            case H1 -> f.h1();
            case A_H1 -> f.aH1();
            case H2 -> f.h2();
            case A_H2 -> f.aH2();
            case W5 -> w.w5();
            case W6 -> w.w6();
            case W7 -> w.w7();
            case W8 -> w.w8();
            case B2 -> b.b2();
            case O1 -> f.o1();
            case A_O1 -> f.aO1();
            case O2 -> f.o2();
            case A_O2 -> f.aO2();
            case E1 -> f.e1();
            case E2 -> f.e2();
            case E_TOTAL -> f.eTotal();
            case D_W1 -> g.dW1();
            case D_W2 -> g.dW2();
            case D_W3 -> g.dW3();
            case D_W4 -> g.dW4();
            case D_W5 -> g.dW5();
            case D_W6 -> g.dW6();
            case D_W7 -> g.dW7();
            case D_W8 -> g.dW8();
            case D_B1 -> g.dB1();
            case D_B2 -> g.dB2();
        };
    }

    static SheetColumns byKey(String key) {
        for (SheetColumns c : values()) {
            if (c.key().equals(key)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no column named " + key);
    }

    /** The name a formula template uses: the header, or dW1, dB1, ... for the gradients. */
    private String key() {
        return name().startsWith("D_") ? "d" + name().substring(2).replace("_", "") : header;
    }
}
