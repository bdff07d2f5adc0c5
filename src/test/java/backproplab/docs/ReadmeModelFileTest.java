package backproplab.docs;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.cli.BackpropLab;
import backproplab.model.ModelFile;
import backproplab.training.RunFolder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's example model file, taken from README as written: it is a model, its summary shows
 * its stages, and the quick try README gives trains it into a run folder that keeps it.
 */
class ReadmeModelFileTest {

    private static final String MARKER = "<!-- model file: my-net.txt -->";

    @TempDir
    Path dir;

    @Test
    void readmesExampleModelTrainsAsWritten() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int at = readme.indexOf(MARKER);
        assertThat(at).as("README shows the example model file").isPositive();
        int from = readme.indexOf("```\n", at) + 4;
        String text = readme.substring(from, readme.indexOf("```\n", from));
        Path file = dir.resolve("my-net.txt");
        Files.writeString(file, text);
        assertThat(readme).contains("./backprop-lab train --model my-net.txt --epochs 1"
                + " --limit 5000");

        ModelFile model = ModelFile.read(file, "my-net.txt");
        assertThat(model.architecture().parameters()).isLessThan(20_000);
        String summary = run("summary", "--model", file.toString());
        assertThat(summary).contains("Model my-net", "# Block 1: edges and gradients",
                "# Block 2: textures and patterns, depthwise then pointwise", "# Head",
                String.format(Locale.ROOT,
                        "Trainable parameters: %,d", model.architecture().parameters()));

        Path out = dir.resolve("run");
        run("train", "--model", file.toString(), "--epochs", "1", "--limit", "5000", "--out",
                out.toString());
        assertThat(Files.readString(out.resolve(RunFolder.MODEL))).isEqualTo(text);
        assertThat(Files.exists(out.resolve(RunFolder.BEST))).isTrue();
    }

    private static String run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            assertThat(BackpropLab.execute(args)).as(String.join(" ", args)).isZero();
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
