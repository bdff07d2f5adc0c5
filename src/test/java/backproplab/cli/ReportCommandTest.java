package backproplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.cli.BackpropCommandTest.Run;
import backproplab.docs.MarkdownLinks;
import backproplab.journal.NotesFile;
import backproplab.journal.RunNotes;
import backproplab.lab.RunFolders;
import backproplab.testing.SmallMnist;
import backproplab.training.EpochMetrics;
import com.google.gson.Gson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code report} on three tiny runs that differ in their learning rate: a README whose every
 * link and picture resolves, written again in place, and refused without losing a file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportCommandTest {

    private static final Pattern IMAGE = Pattern.compile("!\\[[^]]*]\\(([^)]+)\\)");
    private static final String[] RATES = {"0.05", "0.1", "0.2"};

    private Path root;
    private Path data;
    private final List<Path> runs = new ArrayList<>();

    @BeforeAll
    void trainThreeRuns() throws IOException {
        // Kept under target/ so that a failed report can be looked at.
        root = Files.createTempDirectory(Files.createDirectories(Path.of("target", "test-runs")),
                "report-");
        data = SmallMnist.write(root.resolve("data"), SmallMnist.shipped().train().first(600),
                SmallMnist.shipped().test().first(200));
        for (String lr : RATES) {
            Path run = root.resolve("tiny-lr" + lr);
            Run trained = Run.of("train", "--model", "tiny", "--epochs", "2", "--lr", lr,
                    "--threads", "1", "--data-dir", data.toString(), "--out", run.toString());
            assertThat(trained.code()).as(trained.err()).isZero();
            runs.add(run);
        }
        NotesFile.write(runs.get(0), new RunNotes("See how far a low rate gets in 2 epochs.",
                "Slow.", "Raise the rate."));
    }

    private Run report(Path out, Path... reported) {
        List<String> args = new ArrayList<>(List.of("report"));
        Arrays.stream(reported).map(Path::toString).forEach(args::add);
        args.addAll(List.of("--out", out.toString(), "--data-dir", data.toString(),
                "--threads", "1"));
        return Run.of(args.toArray(String[]::new));
    }

    private Path[] all() {
        return runs.toArray(Path[]::new);
    }

    @Test
    void theReadmeComparesTheRunsAndEveryLinkAndPictureResolves() throws IOException {
        Path out = root.resolve("assignment");
        Run run = report(out, all());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).contains("report: reading 3 runs",
                "report: tiny-lr0.05: evaluating its best model", "report: wrote");

        Path readme = out.resolve("README.md");
        MarkdownLinks.Checked links = MarkdownLinks.check(List.of(readme));
        assertThat(links.broken()).isEmpty();
        // The two comparison charts, and per run two curves, the matrix, its text, the mistakes.
        assertThat(links.checked()).isEqualTo(2 + 3 * 5);
        String text = Files.readString(readme);
        Matcher images = IMAGE.matcher(text);
        int pictures = 0;
        while (images.find()) {
            assertThat(ImageIO.read(out.resolve(images.group(1)).toFile()))
                    .as(images.group(1)).isNotNull();
            pictures++;
        }
        assertThat(pictures).isEqualTo(2 + 3 * 4);

        // S6's checklist at the top, a run a column: tiny's 4,596 parameters meet the budget;
        // two epochs cannot hold the target over three.
        assertThat(text).containsSubsequence("# MNIST: 3 attempts", "## The assignment: s6",
                "- **tiny-lr0.05**: 5 of 6 rules met",
                "| Rule | tiny-lr0.05 | tiny-lr0.1 | tiny-lr0.2 |",
                "| fewer than 20,000 parameters | ✓ 4,596 parameters | ✓ 4,596 parameters |",
                "| at most 20 epochs | ✓ 2 trained |",
                "| test accuracy at least 99.4% in each of the last 3 epochs | ✗ **not met**: 2"
                        + " epochs trained |",
                "| has Dropout or Dropout2d | ✓ 2 x Dropout(0.05) |",
                "## The attempts compared", "| Run | Model |", "## tiny-lr0.05");

        // The table's figures, derived here from each run's metrics.json, and the one setting
        // that differs: the rate, in the runs' order.
        assertThat(text).contains("| `--lr` |");
        for (int k = 0; k < runs.size(); k++) {
            EpochMetrics[] epochs = new Gson().fromJson(Files.readString(runs.get(k)
                    .resolve("metrics.json")), EpochMetrics[].class);
            EpochMetrics best = Arrays.stream(epochs).reduce((a, b) ->
                    b.testAccuracy() >= a.testAccuracy() ? b : a).orElseThrow();
            assertThat(text).containsPattern(Pattern.quote("| tiny-lr" + RATES[k]
                    + " | tiny | 4,596 | "
                    + String.format(Locale.ROOT, "%.2f%% (epoch %d)", 100 * best.testAccuracy(),
                    best.epoch()) + " | " + String.format(Locale.ROOT, "%.2f%%", 100
                    * epochs[1].testAccuracy())) + ".*\\| " + Pattern.quote(RATES[k]) + " \\|");
        }
        assertThat(text).containsSubsequence("## tiny-lr0.05", "### Target",
                "See how far a low rate gets", "### Analysis", "Raise the rate.", "```python",
                "nn.Sequential(", "```", "receptive field (RF):", "RF: receptive field",
                "## tiny-lr0.1", "### Results",
                "- Best test accuracy: ", "### Analysis", "_Not written yet._");
        assertThat(text).doesNotContain(root.toAbsolutePath().toString());
    }

    /**
     * Each run's Hints, derived here from its metrics.json and its confusion.txt (not from the
     * mistakes.csv the hints read): a flat start by the rule's figures, and every pair of digits
     * that stands out among the counts.
     */
    @Test
    void eachRunHasItsHintsDerivedFromItsCurvesAndItsConfusionMatrix() throws IOException {
        Path out = root.resolve("hints");
        Run run = report(out, all());
        assertThat(run.code()).as(run.err()).isZero();
        String text = Files.readString(out.resolve("README.md"));
        for (int k = 0; k < runs.size(); k++) {
            String name = "tiny-lr" + RATES[k];
            int start = text.indexOf("## " + name + "\n");
            int next = text.indexOf("\n## ", start + 1);
            String section = text.substring(text.indexOf("### Hints", start),
                    next < 0 ? text.length() : next);
            EpochMetrics[] epochs = new Gson().fromJson(Files.readString(runs.get(k)
                    .resolve("metrics.json")), EpochMetrics[].class);
            double first = epochs[0].trainLoss();
            double second = epochs[1].trainLoss();
            boolean flat = second >= 1.0 && second > 0.5 * first;
            String figures = String.format(Locale.ROOT, "training loss %.2f, %.2f in epochs 1"
                    + " to 2", first, second);
            if (flat) {
                assertThat(section).as(name).contains(figures);
            } else {
                assertThat(section).as(name).doesNotContain("flat");
            }
            // The matrix's rows: "        t   c0   c1 ... accuracy".
            List<int[]> pairs = new ArrayList<>();
            int mistakes = 0;
            int[][] counts = new int[10][10];
            for (String line : Files.readAllLines(out.resolve(name).resolve("confusion.txt"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 12 && f[0].matches("\\d")) {
                    int t = Integer.parseInt(f[0]);
                    for (int p = 0; p < 10; p++) {
                        counts[t][p] = Integer.parseInt(f[1 + p]);
                        mistakes += t == p ? 0 : counts[t][p];
                    }
                }
            }
            for (int t = 0; t < 10; t++) {
                for (int p = 0; p < 10; p++) {
                    if (t != p && counts[t][p] >= Math.max(5, 3.0 * mistakes / 90)) {
                        pairs.add(new int[] {t, p, counts[t][p]});
                    }
                }
            }
            pairs.sort((a, b) -> b[2] - a[2]);
            if (pairs.isEmpty()) {
                assertThat(section).as(name).doesNotContain("read as");
            } else {
                assertThat(section).as(name).contains(" of the " + mistakes + " mistakes");
                // Those with as many as the third shown could be in either order: the first.
                assertThat(section).as(name).contains(pairs.get(0)[0] + " read as "
                        + pairs.get(0)[1] + ": " + pairs.get(0)[2]);
            }
            if (!flat && pairs.isEmpty()) {
                assertThat(section).as(name).contains("_No hint:");
            }
        }
    }

    @Test
    void aSecondReportReplacesTheFirstAndKeepsItsEvaluations() throws IOException {
        Path out = root.resolve("again");
        assertThat(report(out, all()).code()).isZero();
        Path stale = out.resolve("tiny-lr0.2").resolve("confusion.png");
        assertThat(stale).exists();

        Run again = report(out, runs.get(0), runs.get(1));
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("tiny-lr0.05: the evaluation of its best model in")
                .doesNotContain("evaluating");
        assertThat(stale.getParent()).as("the run the report no longer shows").doesNotExist();
        assertThat(MarkdownLinks.check(List.of(out.resolve("README.md"))).broken()).isEmpty();
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder(
                    "README.md", ".backprop-lab-report", "compare-accuracy.png",
                    "compare-loss.png", "tiny-lr0.05", "tiny-lr0.1");
        }
    }

    /** An earlier report's mistakes.csv spoilt by hand: one line naming it, the report kept. */
    @Test
    void aDamagedListOfMistakesIsRefusedInOneLineAndTheReportKept() throws IOException {
        Path out = root.resolve("damaged");
        assertThat(report(out, runs.get(0)).code()).isZero();
        String readme = Files.readString(out.resolve("README.md"));
        Path list = out.resolve("tiny-lr0.05").resolve("mistakes.csv");
        Files.writeString(list, "index,truth,predicted,probability\n3,4,4,0.5\n");
        Run again = report(out, runs.get(0));
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err().strip()).isEqualTo("backprop-lab report: error: RUN: "
                + runs.get(0) + ": the mistakes.csv of its evaluation cannot be read (line 2:"
                + " not a misread digit: #3 4 as 4); run evaluate --run " + runs.get(0)
                + " again");
        assertThat(Files.readString(out.resolve("README.md"))).isEqualTo(readme);
    }

    @Test
    void badInputIsOneLineNamingTheArgumentAndNothingIsLost() throws IOException {
        Path fresh = root.resolve("never-made");
        Run missing = report(fresh, runs.get(0), root.resolve("no-such-run"));
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err().strip()).isEqualTo("backprop-lab report: error: RUN: "
                + root.resolve("no-such-run") + " does not exist");
        Path untrained = RunFolders.write(root.resolve("untrained"), 2, 0.5);
        assertThat(report(fresh, untrained).err()).contains("RUN: " + untrained
                + " has no best.ckpt");
        Run noData = Run.of("report", runs.get(0).toString(), "--out", fresh.toString(),
                "--data-dir", root.resolve("no-mnist").toString());
        assertThat(noData.code()).isEqualTo(2);
        assertThat(noData.err().strip().lines()).hasSize(1);
        assertThat(noData.err()).contains("--data-dir: ");
        assertThat(fresh).doesNotExist();
        assertThat(Run.of("report", "--out", fresh.toString()).err()).contains("RUN");
        Run noRules = Run.of("report", runs.get(0).toString(), "--out", fresh.toString(),
                "--assignment", root.resolve("none.txt").toString());
        assertThat(noRules.code()).isEqualTo(2);
        assertThat(noRules.err()).contains("--assignment: ").contains("none.txt: no such file");

        Path mine = Files.createDirectories(root.resolve("mine"));
        Files.writeString(mine.resolve("README.md"), "my own");
        Run foreign = report(mine, runs.get(0));
        assertThat(foreign.code()).isEqualTo(2);
        assertThat(foreign.err()).contains("--out: " + mine + " is not empty");
        assertThat(listing(mine)).containsOnlyKeys("README.md");

        Path edited = root.resolve("edited");
        assertThat(report(edited, all()).code()).isZero();
        Files.writeString(edited.resolve("README.md"), "\nmy words",
                java.nio.file.StandardOpenOption.APPEND);
        Map<String, Long> before = listing(edited);
        Run refused = report(edited, all());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("--out: " + edited.resolve("README.md")
                + " was edited since");
        assertThat(listing(edited)).isEqualTo(before);
    }

    @Test
    void aReportThatFailsHalfWayLeavesTheEarlierOneAsItWas() throws IOException {
        Path out = root.resolve("kept");
        assertThat(report(out, all()).code()).isZero();
        Map<String, Long> before = listing(out);
        // A copy of the last run whose best model is damaged: it must be evaluated, and fails
        // after the other runs' files are made.
        Path broken = root.resolve("tiny-broken");
        copyTree(runs.get(2), broken);
        Files.write(broken.resolve("best.ckpt"), new byte[] {1, 2, 3});

        Run failed = report(out, runs.get(0), runs.get(1), broken);
        assertThat(failed.code()).isNotZero();
        assertThat(failed.err().strip().lines()).hasSize(1);
        assertThat(listing(out)).isEqualTo(before);
    }

    /** Every file under {@code dir} with its size and modification time's hash. */
    private static Map<String, Long> listing(Path dir) throws IOException {
        Map<String, Long> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(f).toString(), Files.size(f) * 31
                        + Files.getLastModifiedTime(f).toMillis());
            }
        }
        return files;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path f : all.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else if (!f.getFileName().toString().equals(".lock")) {
                    Files.copy(f, target);
                }
            }
        }
    }
}
