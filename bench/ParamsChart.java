import backproplab.report.LineCharts;
import backproplab.report.LineCharts.Curve;
import backproplab.report.LineCharts.Level;
import backproplab.report.LineCharts.Scale;
import backproplab.report.LineCharts.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.knowm.xchart.XYChart;

/**
 * The chart of docs/RESULTS.md: trainable parameters against best test accuracy, one point per
 * seed run, one series per model, with the 99.4% target. It reads the first "every run" table of
 * RESULTS.md, so the chart always shows the runs the text reports. Run by bench/docs-images.sh.
 *
 *   java -cp 'target/backprop-lab.jar:target/lib/*' bench/ParamsChart.java docs/RESULTS.md OUT.png
 */
public class ParamsChart {

    /** A row of the "every run" table: | MODEL-seedN | MODEL | params | ... | best (epoch) | */
    private static final Pattern ROW = Pattern.compile(
            "^\\| ([a-z0-9]+)-seed(\\d+) \\| \\1 \\| [\\d,]+ \\|");

    public static void main(String[] args) throws Exception {
        Map<String, List<double[]>> points = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            // The first such table only: the runs from before issue 12 follow in another.
            if (!points.isEmpty() && !line.startsWith("|")) {
                break;
            }
            Matcher m = ROW.matcher(line);
            if (!m.find()) {
                continue;
            }
            String[] cells = line.split("\\|");
            double params = Double.parseDouble(cells[3].trim().replace(",", ""));
            double best = Double.parseDouble(cells[8].trim().split(" ")[0]);
            int seed = Integer.parseInt(m.group(2));
            // Seeds of one model share their parameter count: spread them a little sideways so
            // that equal accuracies do not hide each other.
            points.computeIfAbsent(m.group(1), k -> new ArrayList<>())
                    .add(new double[] {params * (1 + 0.012 * (seed - 2)), best});
        }
        if (points.isEmpty()) {
            throw new IllegalStateException(args[0] + " has no MODEL-seedN rows");
        }
        List<Curve> curves = new ArrayList<>();
        points.forEach((model, xy) -> curves.add(new Curve(model,
                xy.stream().mapToDouble(v -> v[0]).toArray(),
                xy.stream().mapToDouble(v -> v[1]).toArray())));
        XYChart chart = LineCharts.chart(new Spec(
                "Best test accuracy against parameters (one point per seed)",
                "trainable parameters", "best test accuracy (%)", Scale.LINEAR, true,
                List.of(new Level("99.4% target", 99.4))), curves);
        for (Curve c : curves) {
            chart.getSeriesMap().get(c.name())
                    .setXYSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Scatter);
        }
        LineCharts.writePng(Path.of(args[1]), chart);
        System.out.println("wrote " + args[1]);
    }
}
