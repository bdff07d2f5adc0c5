package backproplab.backprop;

import backproplab.report.AtomicFiles;
import backproplab.report.LineCharts;
import backproplab.report.LineCharts.Curve;
import backproplab.report.LineCharts.Scale;
import backproplab.report.LineCharts.Spec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.knowm.xchart.XYChart;

/** {@code backprop-lab backprop}: the sweep, then the workbook, the PNG charts and a console table. */
public final class BackpropJob {

    public static final String WORKBOOK = "BackPropagation.xlsx";
    public static final String ALL_RATES_CHART = "loss-all-rates.png";

    private BackpropJob() {}

    public static String chartName(double learningRate) {
        return "loss-eta-" + BackpropWorkbook.rateLabel(learningRate) + ".png";
    }

    /** Runs the sweep and writes every output into {@code outDir}; returns the files written. */
    public static List<Path> run(BackpropSettings s, Path outDir, PrintStream console)
            throws IOException {
        return run(s, outDir, console, OptionalInt.empty());
    }

    /**
     * Runs the sweep and writes every output into {@code outDir}, with the network diagram of
     * iteration {@code diagram} (one per learning rate) when it is given.
     */
    public static List<Path> run(BackpropSettings s, Path outDir, PrintStream console,
                                 OptionalInt diagram) throws IOException {
        diagram.ifPresent(k -> s.requireIteration("diagram", k));
        AtomicFiles.requireWritableDirectory(outDir);
        Map<Double, List<Iteration>> runs = GradientDescent.sweep(s);
        // The numbers first: a file that cannot be written (a full disk) still leaves them shown.
        printTable(console, runs, s.iterations());
        console.println();
        AtomicFiles.requireReplaceable(outputs(s, outDir, diagram));
        // Each file is named as soon as it is written: if a later one fails, the user knows
        // which are new.
        List<Path> written = new ArrayList<>();
        Consumer<Path> wrote = p -> {
            written.add(p);
            console.println("wrote " + p);
        };

        Path workbook = outDir.resolve(WORKBOOK);
        BackpropWorkbook.write(workbook, s, runs);
        wrote.accept(workbook);

        List<Curve> all = new ArrayList<>();
        for (Map.Entry<Double, List<Iteration>> run : runs.entrySet()) {
            Curve curve = lossCurve(BackpropWorkbook.sheetName(run.getKey()), run.getValue());
            all.add(curve);
            Path png = outDir.resolve(chartName(run.getKey()));
            LineCharts.writePng(png, rateChart(curve));
            wrote.accept(png);
        }
        Path allPng = outDir.resolve(ALL_RATES_CHART);
        LineCharts.writePng(allPng, allRatesChart(all));
        wrote.accept(allPng);
        if (diagram.isPresent()) {
            int k = diagram.getAsInt();
            for (Map.Entry<Double, List<Iteration>> run : runs.entrySet()) {
                NetworkDiagram.write(outDir, NetworkDiagram.baseName(s, run.getKey(), k),
                        new NetworkDiagram.View(s, run.getKey(), run.getValue().get(k - 1)))
                        .forEach(wrote);
            }
        }
        return written;
    }

    /** Every file {@link #run} writes, in its order. */
    static List<Path> outputs(BackpropSettings s, Path outDir, OptionalInt diagram) {
        List<Path> files = new ArrayList<>(List.of(outDir.resolve(WORKBOOK)));
        s.learningRates().forEach(rate -> files.add(outDir.resolve(chartName(rate))));
        files.add(outDir.resolve(ALL_RATES_CHART));
        diagram.ifPresent(k -> s.learningRates().forEach(rate -> files.addAll(
                NetworkDiagram.files(outDir, NetworkDiagram.baseName(s, rate, k)))));
        return files;
    }

    static XYChart rateChart(Curve curve) {
        return LineCharts.chart(new Spec("E_total against iteration, " + curve.name(),
                "iteration", "E_total", Scale.FROM_ZERO), List.of(curve));
    }

    static XYChart allRatesChart(List<Curve> all) {
        // One curve has no legend: the title names its rate then.
        String rates = all.size() == 1 ? all.get(0).name() : "every learning rate";
        // E_total falls over orders of magnitude across the rates (four at the default ones):
        // only a log axis shows them all.
        return LineCharts.chart(new Spec("E_total against iteration, " + rates, "iteration",
                "E_total", Scale.LOG), all);
    }

    static Curve lossCurve(String name, List<Iteration> rows) {
        double[] x = new double[rows.size()];
        double[] y = new double[rows.size()];
        for (int k = 0; k < rows.size(); k++) {
            x[k] = rows.get(k).number();
            y[k] = rows.get(k).forward().eTotal();
        }
        return new Curve(name, x, y);
    }

    /** The width the table keeps to: an ordinary terminal's 80 columns. */
    private static final int TABLE_COLUMNS = 80;

    /**
     * E_total at a few iterations: the first, some round numbers, and the last, to five
     * significant digits (the workbook has every digit); more rates than fit one terminal line
     * are printed in further blocks below.
     */
    static void printTable(PrintStream out, Map<Double, List<Iteration>> runs, int iterations) {
        TreeSet<Integer> shown = new TreeSet<>(List.of(1, 10, 20, 50, 100, 500, 1000, iterations));
        shown.removeIf(n -> n > iterations);
        List<Map.Entry<Double, List<Iteration>>> rates = new ArrayList<>(runs.entrySet());
        // As wide as the widest of "1.4181e-02" and the rates' names, and a space before each.
        int width = 1 + Math.max("1.4181e-02".length(), rates.stream()
                .mapToInt(r -> BackpropWorkbook.sheetName(r.getKey()).length()).max().orElse(0));
        int perBlock = Math.max(1, (TABLE_COLUMNS - "iteration".length()) / width);
        String label = "%" + width + "s";
        String value = "%" + width + ".4e";
        for (int from = 0; from < rates.size(); from += perBlock) {
            List<Map.Entry<Double, List<Iteration>>> block =
                    rates.subList(from, Math.min(rates.size(), from + perBlock));
            if (from > 0) {
                out.println();
            }
            out.printf(Locale.ROOT, "%-9s", "iteration");
            block.forEach(rate -> out.printf(Locale.ROOT,
                    label, BackpropWorkbook.sheetName(rate.getKey())));
            out.println();
            for (int n : shown) {
                out.printf(Locale.ROOT, "%-9d", n);
                for (Map.Entry<Double, List<Iteration>> rate : block) {
                    out.printf(Locale.ROOT, value, rate.getValue().get(n - 1).forward().eTotal());
                }
                out.println();
            }
        }
    }
}
