import backproplab.report.LineCharts;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The chart of docs/RESULTS.md: trainable parameters against best test accuracy, one point per
 * finished seed run (rows named MODEL-seedN), one series per model, drawn with backprop-lab's own
 * chart writer. Run by bench/experiments.sh chart.
 */
public class ParamsChart {
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        Map<String, List<double[]>> points = new TreeMap<>();
        Pattern seedRun = Pattern.compile("([a-z0-9]+)-seed\\d+");
        try (Stream<Path> runs = Files.list(root)) {
            for (Path run : runs.sorted().toList()) {
                Matcher m = seedRun.matcher(run.getFileName().toString());
                if (!m.matches() || !Files.exists(run.resolve("metrics.json"))) {
                    continue;
                }
                JsonArray metrics = JsonParser.parseString(Files.readString(run.resolve("metrics.json"))).getAsJsonArray();
                double best = 0;
                for (var e : metrics) {
                    best = Math.max(best, 100 * ((JsonObject) e).get("testAccuracy").getAsDouble());
                }
                Matcher p = Pattern.compile("Trainable parameters: ([\\d,]+)").matcher(Files.readString(run.resolve("summary.txt")));
                p.find();
                double params = Double.parseDouble(p.group(1).replace(",", ""));
                points.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(new double[] {params, best});
            }
        }
        List<LineCharts.Curve> curves = new ArrayList<>();
        points.forEach((model, xy) -> curves.add(new LineCharts.Curve(model,
                xy.stream().mapToDouble(v -> v[0]).toArray(), xy.stream().mapToDouble(v -> v[1]).toArray())));
        LineCharts.writePng(Path.of(args[1]), new LineCharts.Spec(
                "Best test accuracy against parameters (one point per seed)", "trainable parameters",
                "best test accuracy (%)", false), curves);
        System.out.println("wrote " + args[1]);
    }
}
