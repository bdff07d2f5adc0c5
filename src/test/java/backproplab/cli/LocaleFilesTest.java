package backproplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.Locales;
import backproplab.cli.BackpropCommandTest.Run;
import backproplab.testing.SmallMnist;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the commands write and print is the same whatever the JVM's default locale: run in this
 * JVM, without main(), whose own default would hide a call that forgets Locale.ROOT (issue 29:
 * decimal commas in metrics.csv under de-DE, Arabic-Indic digits that train could not read
 * back under ar-EG).
 */
class LocaleFilesTest {

    @TempDir
    Path dir;

    private final AtomicInteger runs = new AtomicInteger();

    /**
     * Two epochs, so the second reads back the first's batch losses, then an evaluation: every
     * file of the run folder, and the console, the same as in English but for the timings. In
     * one locale of each kind and untagged: it trains four times, and TrainInEveryLocaleTest
     * trains in JVMs started in those locales.
     */
    @Test
    void trainAndEvaluateWriteAndPrintTheSameInEveryLocale() throws Exception {
        Path data = SmallMnist.write(dir.resolve("mnist"), SmallMnist.shipped().train()
                .first(256), SmallMnist.shipped().test().first(200));
        Map<String, String> english = Locales.sameIn(Locales.KINDS, () -> {
            Path out = dir.resolve("run-" + runs.incrementAndGet());
            Run train = Run.of("train", "--model", "tiny", "--epochs=2", "--limit=256",
                    "--threads=1", "--data-dir", data.toString(), "--out", out.toString());
            assertThat(train.code()).as(train.err()).isZero();
            Run evaluate = Run.of("evaluate", "--run", out.toString(), "--threads=1",
                    "--data-dir", data.toString());
            assertThat(evaluate.code()).as(evaluate.err()).isZero();
            Map<String, String> files = new TreeMap<>(Locales.files(out));
            files.replaceAll((name, text) -> text.replace(out.toString(), "RUN"));
            files.put("(train console)", console(train.out()).replace(out.toString(), "RUN"));
            files.put("(evaluate console)", evaluate.out().replace(out.toString(), "RUN"));
            return files;
        });
        assertThat(english).containsKeys("metrics.csv", "metrics.json", "batch-loss.csv",
                "summary.txt", "command.txt", "settings.json", "checkpoints/epoch-002.ckpt",
                "best.ckpt", "training.png", "evaluation/confusion.txt");
        // The course's notation itself, not only English's: ASCII digits and '.'.
        assertThat(english.get("metrics.csv").lines().skip(1)).hasSize(2)
                .allMatch(row -> row.matches("[0-9]+(,[0-9]*(\\.[0-9]+)?|,T)+"), "ASCII");
        assertThat(english.get("batch-loss.csv")).matches("(?s)[\\x00-\\x7F]+")
                .contains("\n1,1.00000,");
        assertThat(english.get("(train console)")).contains("4,596 parameters", "% ");
    }

    /** The workbook's cells, its charts, the network diagrams (SVG and PNG), the console. */
    @Test
    @Tag("locale")
    void backpropWritesAndPrintsTheSameInEveryLocale() throws Exception {
        Map<String, String> english = Locales.sameInEvery(() -> {
            Path out = dir.resolve("backprop-" + runs.incrementAndGet());
            Run run = Run.of("backprop", "--out", out.toString(), "--lr", "0.5,2",
                    "--iterations", "5", "--weights", "0.15,0.2,0.25,0.3,0.4,0.45,0.5,0.55",
                    "--biases", "0.35,0.6", "--train-biases", "--diagram", "3");
            assertThat(run.code()).as(run.err()).isZero();
            Map<String, String> files = new TreeMap<>(Locales.files(out));
            files.put("(console)", run.out().replace(out.toString(), "OUT"));
            return files;
        });
        assertThat(english).containsKeys("BackPropagation.xlsx", "loss-all-rates.png");
        assertThat(english.keySet()).anyMatch(name -> name.endsWith(".svg"));
        // The course's notation: ASCII digits, '.', an exponent.
        assertThat(english.get("(console)")).containsPattern("\n1 +[0-9]\\.[0-9]{4}e-[0-9]{2} ");
    }

    /**
     * A model named in capitals, a model file whose recipe names its choices in capitals (a
     * Turkish I lower-cases to a dotless ı), the tables that print numbers. Not --help: picocli
     * sorts its synopsis in the default locale, which main() sets (TrainInEveryLocaleTest).
     */
    @Test
    @Tag("locale")
    @Tag("parser")
    void summaryAndModelsPrintTheSameInEveryLocale() throws Exception {
        Path model = Files.writeString(dir.resolve("mine.txt"), """
                nn.Conv2d(1, 8, 3, bias=False),
                nn.ReLU(),
                nn.BatchNorm2d(8),
                nn.Dropout(0.05),
                nn.Conv2d(8, 10, 1, bias=False),
                nn.AdaptiveAvgPool2d(1),
                nn.Flatten(),
                nn.LogSoftmax(dim=1),
                --optimizer ADAMW --schedule ONECYCLE --lr 0.002 --epochs 3
                """);
        Map<String, String> english = Locales.sameInEvery(() -> {
            Map<String, String> printed = new TreeMap<>();
            for (String[] args : new String[][] {{"summary", "--model", "TINY"},
                    {"summary", "--model", model.toString()}, {"models", "--verbose"},
                    {"train", "--model", "LEAN", "--lr", "0,5"}}) {
                Run run = Run.of(args);
                printed.put(String.join(" ", args), run.code() + "\n" + run.out() + run.err());
            }
            return printed;
        });
        assertThat(english.get("summary --model TINY")).startsWith("0\n")
                .contains("Trainable parameters: 4,596");
        assertThat(english.get("summary --model " + model)).as("read as the lab reads it")
                .startsWith("0\n");
        assertThat(english.get("train --model LEAN --lr 0,5")).startsWith("2\n")
                .contains("--lr");
    }

    /** The console without what changes from run to run: speeds and durations. */
    static String console(String out) {
        return out.replaceAll("[0-9,]+ img/s", "N img/s")
                .replaceAll("\\b[0-9]+(\\.[0-9]+)? s\\b", "T s")
                .replaceAll("\\b[0-9]+m[0-9]{2}s\\b", "T s");
    }
}
