package backproplab.backprop;

import java.util.List;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;

/** The chain-rule derivation of the gradients, in words and formulas, as a sheet. */
final class DerivationSheet {

    private DerivationSheet() {}

    private record Step(String quantity, String chainRule, String result) {}

    private static final List<Step> STEPS = List.of(
            new Step("Forward pass", "h1 = w1·i1 + w2·i2,  h2 = w3·i1 + w4·i2",
                    "a_h = σ(h) = 1 / (1 + e^(−h))"),
            new Step("", "o1 = w5·a_h1 + w6·a_h2,  o2 = w7·a_h1 + w8·a_h2",
                    "a_o = σ(o)"),
            new Step("Error", "E1 = ½(t1 − a_o1)²,  E2 = ½(t2 − a_o2)²", "E_total = E1 + E2"),
            new Step("Sigmoid slope", "dσ(x)/dx = σ(x)·(1 − σ(x))",
                    "so ∂a/∂net = a·(1 − a), from the activation alone"),
            new Step("∂E_total/∂a_o1", "only E1 depends on a_o1", "a_o1 − t1"),
            new Step("δo1 = ∂E_total/∂o1", "∂E_total/∂a_o1 · ∂a_o1/∂o1",
                    "(a_o1 − t1)·a_o1·(1 − a_o1)"),
            new Step("δo2 = ∂E_total/∂o2", "∂E_total/∂a_o2 · ∂a_o2/∂o2",
                    "(a_o2 − t2)·a_o2·(1 − a_o2)"),
            new Step("∂E_total/∂w5", "δo1 · ∂o1/∂w5", "δo1 · a_h1"),
            new Step("∂E_total/∂w6", "δo1 · ∂o1/∂w6", "δo1 · a_h2"),
            new Step("∂E_total/∂w7", "δo2 · ∂o2/∂w7", "δo2 · a_h1"),
            new Step("∂E_total/∂w8", "δo2 · ∂o2/∂w8", "δo2 · a_h2"),
            new Step("∂E_total/∂a_h1", "a_h1 reaches E through o1 (w5) and o2 (w7)",
                    "δo1·w5 + δo2·w7"),
            new Step("∂E_total/∂a_h2", "a_h2 reaches E through o1 (w6) and o2 (w8)",
                    "δo1·w6 + δo2·w8"),
            new Step("∂E_total/∂w1", "∂E_total/∂a_h1 · ∂a_h1/∂h1 · ∂h1/∂w1",
                    "(δo1·w5 + δo2·w7) · a_h1·(1 − a_h1) · i1"),
            new Step("∂E_total/∂w2", "∂E_total/∂a_h1 · ∂a_h1/∂h1 · ∂h1/∂w2",
                    "(δo1·w5 + δo2·w7) · a_h1·(1 − a_h1) · i2"),
            new Step("∂E_total/∂w3", "∂E_total/∂a_h2 · ∂a_h2/∂h2 · ∂h2/∂w3",
                    "(δo1·w6 + δo2·w8) · a_h2·(1 − a_h2) · i1"),
            new Step("∂E_total/∂w4", "∂E_total/∂a_h2 · ∂a_h2/∂h2 · ∂h2/∂w4",
                    "(δo1·w6 + δo2·w8) · a_h2·(1 − a_h2) · i2"),
            new Step("Note", "w3 and w4 feed h2, so their slope is a_h2·(1 − a_h2)",
                    "a widely shared copy of this sheet uses a_h1·(1 − a_h1) there: wrong"),
            new Step("Update", "all eight weights at once, from the same row's gradients",
                    "w ← w − η · ∂E_total/∂w"),
            new Step("Biases (--biases)", "b1 joins h1 and h2, b2 joins o1 and o2: h1 = w1·i1"
                    + " + w2·i2 + b1, …",
                    "the forward values and weight gradients keep their form"),
            new Step("∂E_total/∂b2", "∂o/∂b2 = 1, and b2 feeds both outputs", "δo1 + δo2"),
            new Step("∂E_total/∂b1", "∂h/∂b1 = 1, and b1 feeds both hidden neurons",
                    "(δo1·w5 + δo2·w7)·a_h1·(1 − a_h1) + (δo1·w6 + δo2·w8)·a_h2·(1 − a_h2)"),
            new Step("Bias update", "fixed, as in Matt Mazur's example, unless --train-biases",
                    "b ← b − η · ∂E_total/∂b"));

    static void write(Sheet sheet, CellStyle header) {
        Row head = sheet.createRow(0);
        String[] titles = {"quantity", "chain rule", "result"};
        for (int c = 0; c < titles.length; c++) {
            head.createCell(c).setCellValue(titles[c]);
            head.getCell(c).setCellStyle(header);
        }
        for (int r = 0; r < STEPS.size(); r++) {
            Step step = STEPS.get(r);
            Row row = sheet.createRow(r + 1);
            row.createCell(0).setCellValue(step.quantity());
            row.createCell(1).setCellValue(step.chainRule());
            row.createCell(2).setCellValue(step.result());
        }
        sheet.setColumnWidth(0, 22 * 256);
        sheet.setColumnWidth(1, 48 * 256);
        sheet.setColumnWidth(2, 70 * 256);
        BackpropWorkbook.printOnePageWide(sheet, 0);
    }
}
