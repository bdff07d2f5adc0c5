package backproplab.backprop;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.ss.util.CellReference;

/**
 * Which {@link SheetColumns} a learning-rate sheet has and where each one sits: the course's
 * network has no bias columns, a network with biases has b1, b2, ∂E/∂b1 and ∂E/∂b2 as well.
 */
public final class SheetLayout {

    private static final Pattern NAME = Pattern.compile("\\{(prev\\.)?([^}]+)}");
    /**
     * Where a printed page's band of columns begins after the first (the inputs and the first
     * weights): the hidden layer and the second weights, the outputs and the error, the
     * gradients.
     */
    private static final List<SheetColumns> BANDS_BEGIN = List.of(SheetColumns.H1,
            SheetColumns.O1, SheetColumns.D_W1);

    private final boolean withBiases;
    private final boolean trainBiases;
    private final List<SheetColumns> columns;

    public SheetLayout(boolean withBiases, boolean trainBiases) {
        this.withBiases = withBiases;
        this.trainBiases = trainBiases;
        this.columns = Arrays.stream(SheetColumns.values())
                .filter(c -> withBiases || !c.isAboutBiases()).toList();
    }

    public static SheetLayout of(BackpropSettings s) {
        return new SheetLayout(s.biases().isPresent(), s.trainBiases());
    }

    /** The columns, left to right. */
    public List<SheetColumns> columns() {
        return columns;
    }

    /** 0-based column index on the sheet. */
    public int index(SheetColumns c) {
        int index = columns.indexOf(c);
        if (index < 0) {
            throw new IllegalArgumentException(c.header() + " is not a column of this layout");
        }
        return index;
    }

    /** A band of columns printed side by side on a page: its first and last 0-based index. */
    public record Band(int first, int last) {

        public Band {
            if (first < 0 || last < first) {
                throw new IllegalArgumentException("no band from column " + first + " to " + last);
            }
        }

        public int width() {
            return last - first + 1;
        }
    }

    /**
     * The bands of columns printed on separate pages, left to right. The iteration column is
     * printed beside each of them, so it belongs to none.
     */
    public List<Band> printedBands() {
        List<Band> bands = new ArrayList<>();
        int first = index(SheetColumns.ITERATION) + 1;
        for (SheetColumns next : BANDS_BEGIN) {
            bands.add(new Band(first, index(next) - 1));
            first = index(next);
        }
        bands.add(new Band(first, columns.size() - 1));
        return bands;
    }

    public String letter(SheetColumns c) {
        return CellReference.convertNumToColString(index(c));
    }

    /**
     * The formula of column {@code c} in the given (1-based) Excel row. Inputs, targets and fixed
     * biases below the first row repeat the row above, so editing the first row changes the whole
     * sheet.
     */
    public String formula(SheetColumns c, int excelRow, String etaCell) {
        String template = c.template(withBiases, trainBiases);
        if (template == null) {
            return letter(c) + (excelRow - 1);
        }
        Matcher m = NAME.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(2);
            String ref = name.equals("eta") ? etaCell
                    : letter(SheetColumns.byKey(name))
                            + (m.group(1) != null ? excelRow - 1 : excelRow);
            m.appendReplacement(out, Matcher.quoteReplacement(ref));
        }
        m.appendTail(out);
        return out.toString();
    }
}
