package backproplab.backprop;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.ss.util.CellReference;

/**
 * The columns of a learning-rate sheet, in the original spreadsheet's order, and the Excel formula
 * of each derived column written with the sheet's own names ({@code {aO1}} is a_o1 in this row,
 * {@code {prev.w5}} w5 in the row above, {@code {eta}} the learning-rate cell).
 */
public enum SheetColumns {
    T1("t1", null), T2("t2", null), I1("i1", null), I2("i2", null),
    W1("w1", "{prev.w1}-{eta}*{prev.dW1}"),
    W2("w2", "{prev.w2}-{eta}*{prev.dW2}"),
    W3("w3", "{prev.w3}-{eta}*{prev.dW3}"),
    W4("w4", "{prev.w4}-{eta}*{prev.dW4}"),
    H1("h1", "{w1}*{i1}+{w2}*{i2}"),
    A_H1("a_h1", "1/(1+EXP(-{h1}))"),
    H2("h2", "{w3}*{i1}+{w4}*{i2}"),
    A_H2("a_h2", "1/(1+EXP(-{h2}))"),
    W5("w5", "{prev.w5}-{eta}*{prev.dW5}"),
    W6("w6", "{prev.w6}-{eta}*{prev.dW6}"),
    W7("w7", "{prev.w7}-{eta}*{prev.dW7}"),
    W8("w8", "{prev.w8}-{eta}*{prev.dW8}"),
    O1("o1", "{w5}*{a_h1}+{w6}*{a_h2}"),
    A_O1("a_o1", "1/(1+EXP(-{o1}))"),
    O2("o2", "{w7}*{a_h1}+{w8}*{a_h2}"),
    A_O2("a_o2", "1/(1+EXP(-{o2}))"),
    E1("E1", "0.5*({t1}-{a_o1})^2"),
    E2("E2", "0.5*({t2}-{a_o2})^2"),
    E_TOTAL("E_total", "{E1}+{E2}"),
    // ∂E/∂w1..w4 go back through both outputs and then through their own hidden neuron's slope.
    // Brackets group each slope a(1-a) as TinyNetwork does, so Excel and Java round alike.
    D_W1("∂E/∂w1", "(({a_o1}-{t1})*({a_o1}*(1-{a_o1}))*{w5}+({a_o2}-{t2})*({a_o2}*(1-{a_o2}))*{w7})"
            + "*({a_h1}*(1-{a_h1}))*{i1}"),
    D_W2("∂E/∂w2", "(({a_o1}-{t1})*({a_o1}*(1-{a_o1}))*{w5}+({a_o2}-{t2})*({a_o2}*(1-{a_o2}))*{w7})"
            + "*({a_h1}*(1-{a_h1}))*{i2}"),
    D_W3("∂E/∂w3", "(({a_o1}-{t1})*({a_o1}*(1-{a_o1}))*{w6}+({a_o2}-{t2})*({a_o2}*(1-{a_o2}))*{w8})"
            + "*({a_h2}*(1-{a_h2}))*{i1}"),
    D_W4("∂E/∂w4", "(({a_o1}-{t1})*({a_o1}*(1-{a_o1}))*{w6}+({a_o2}-{t2})*({a_o2}*(1-{a_o2}))*{w8})"
            + "*({a_h2}*(1-{a_h2}))*{i2}"),
    D_W5("∂E/∂w5", "({a_o1}-{t1})*({a_o1}*(1-{a_o1}))*{a_h1}"),
    D_W6("∂E/∂w6", "({a_o1}-{t1})*({a_o1}*(1-{a_o1}))*{a_h2}"),
    D_W7("∂E/∂w7", "({a_o2}-{t2})*({a_o2}*(1-{a_o2}))*{a_h1}"),
    D_W8("∂E/∂w8", "({a_o2}-{t2})*({a_o2}*(1-{a_o2}))*{a_h2}");

    private static final Pattern NAME = Pattern.compile("\\{(prev\\.)?([^}]+)}");

    private final String header;
    private final String template;

    SheetColumns(String header, String template) {
        this.header = header;
        this.template = template;
    }

    public String header() {
        return header;
    }

    public int index() {
        return ordinal();
    }

    public String letter() {
        return CellReference.convertNumToColString(ordinal());
    }

    /** t, i and the weights are typed into the first row; every other cell is a formula. */
    public boolean isInputInFirstRow() {
        return template == null || this.name().startsWith("W");
    }

    /**
     * The formula of this column in the given (1-based) Excel row. Inputs and targets below the
     * first row repeat the row above, so editing the first row changes the whole sheet.
     */
    public String formula(int excelRow, String etaCell) {
        if (template == null) {
            return letter() + (excelRow - 1);
        }
        Matcher m = NAME.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(2);
            String ref = name.equals("eta") ? etaCell
                    : byKey(name).letter() + (m.group(1) != null ? excelRow - 1 : excelRow);
            m.appendReplacement(out, Matcher.quoteReplacement(ref));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** This column's value in a row computed by {@link TinyNetwork}: what the formula must give. */
    public double valueOf(TinyNetwork.Inputs in, TinyNetwork.Targets t, Iteration row) {
        TinyNetwork.Weights w = row.weights();
        TinyNetwork.Forward f = row.forward();
        TinyNetwork.Gradients g = row.gradients();
        return switch (this) {
            case T1 -> t.t1();
            case T2 -> t.t2();
            case I1 -> in.i1();
            case I2 -> in.i2();
            case W1 -> w.w1();
            case W2 -> w.w2();
            case W3 -> w.w3();
            case W4 -> w.w4();
            case H1 -> f.h1();
            case A_H1 -> f.aH1();
            case H2 -> f.h2();
            case A_H2 -> f.aH2();
            case W5 -> w.w5();
            case W6 -> w.w6();
            case W7 -> w.w7();
            case W8 -> w.w8();
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
        };
    }

    private static SheetColumns byKey(String key) {
        for (SheetColumns c : values()) {
            if (c.key().equals(key)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no column named " + key);
    }

    /** The name a formula template uses: the header, or dW1..dW8 for the gradients. */
    private String key() {
        return name().startsWith("D_W") ? "dW" + name().substring(3) : header;
    }
}
