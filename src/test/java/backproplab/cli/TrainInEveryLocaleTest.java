package backproplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.Locales;
import backproplab.testing.BackpropLabJvm;
import backproplab.testing.SmallMnist;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real train, as a student starts it, in JVMs whose default locale is English, Arabic (Egypt)
 * and German: the run folders are the same byte for byte, but for the seconds each epoch took
 * (issue 29: under ar-EG train wrote Arabic-Indic digits and failed reading them back after
 * epoch 1; under de-DE metrics.csv had decimal commas inside its comma-separated rows).
 */
class TrainInEveryLocaleTest {

    @TempDir
    Path dir;

    @Test
    void aRunFolderIsTheSameWhateverTheJvmsLocale() throws Exception {
        Path data = SmallMnist.write(dir.resolve("mnist"), SmallMnist.shipped().train()
                .first(256), SmallMnist.shipped().test().first(200));
        Map<String, String> english = null;
        for (String tag : new String[] {"en-US", "ar-EG", "de-DE"}) {
            Locale locale = Locale.forLanguageTag(tag);
            // Each run in a folder of its own, named alike inside it: command.txt and the
            // console name the run folder as given.
            Path cwd = Files.createDirectories(dir.resolve(tag));
            Jvm train = Jvm.run(cwd, locale, "train", "--model", "tiny", "--epochs=2",
                    "--limit=256", "--threads=1", "--data-dir", data.toString(), "--out", "run");
            assertThat(train.code()).as(tag + ": " + train.err()).isZero();
            Map<String, String> files = new TreeMap<>(Locales.files(cwd.resolve("run")));
            files.put("(console)", LocaleFilesTest.console(train.out()));
            if (english == null) {
                english = files;
                assertThat(files).containsKeys("metrics.csv", "metrics.json", "batch-loss.csv",
                        "summary.txt", "command.txt", "checkpoints/epoch-002.ckpt",
                        "learning-rate.png");
                // The masks hide only what they must: each epoch's row is there, its seconds
                // masked, its other numbers as written.
                assertThat(files.get("metrics.csv").lines().skip(1).toList()).hasSize(2)
                        .allMatch(row -> row.matches("[12],[0-9.]+,[0-9.]+,[0-9.]+,[0-9.]+,"
                                + ",[0-9.]+,T,T"));
                assertThat(files.get("(console)")).contains("4,596 parameters", "% ");
            } else {
                assertThat(files).as("%s against en-US", tag).isEqualTo(english);
            }
        }
    }

    /** picocli sorts the help's synopsis in the default locale, which main() sets. */
    @Test
    void theHelpIsTheSameInTurkish() throws Exception {
        Jvm english = Jvm.run(dir, Locale.US, "train", "--help");
        Jvm turkish = Jvm.run(dir, Locale.forLanguageTag("tr-TR"), "train", "--help");
        assertThat(english.code()).isZero();
        assertThat(english.out()).contains("[--limit=N]");
        assertThat(turkish.out()).isEqualTo(english.out());
    }

    /** One run of the program in a JVM of its own with {@code locale} as its default. */
    record Jvm(int code, String out, String err) {
        static Jvm run(Path cwd, Locale locale, String... args)
                throws IOException, InterruptedException {
            List<String> command = BackpropLabJvm.command(List.of(
                    "-Duser.language=" + locale.getLanguage(),
                    "-Duser.country=" + locale.getCountry(),
                    "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1"),
                    args);
            Path err = Files.createTempFile(cwd, "stderr", ".txt");
            Process p = new ProcessBuilder(command).directory(cwd.toFile())
                    .redirectError(err.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
            String error = Files.readString(err);
            Files.delete(err);
            return new Jvm(p.exitValue(), out, error);
        }
    }
}
