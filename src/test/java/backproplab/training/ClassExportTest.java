package backproplab.training;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.cli.BackpropLab;
import backproplab.testing.ExternalTools;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A learner's class trained, exported, and loaded back into that very class in PyTorch
 * (a Python with torch): the weights load strictly under the class's own keys, and PyTorch
 * predicts every test digit as {@code evaluate} does, with the loss the class's ending
 * calls for: nll_loss after log_softmax, cross_entropy after raw scores.
 */
class ClassExportTest {

    private static final Path MODELS = Path.of("src", "test", "resources", "python");

    @ParameterizedTest
    @CsvSource({"bare.py:Net, nll_loss", "models.py:Model_1, cross_entropy"})
    void theLearnersOwnClassLoadsTheWeightsAndPredictsAsEvaluate(String spec, String loss)
            throws Exception {
        Path python = ExternalTools.pythonWithTorch("export into a learner's class skipped");
        Path runs = Files.createDirectories(Path.of("target", "test-runs"));
        Path run = Files.createTempDirectory(runs, "class-").resolve("run");
        assertThat(BackpropLab.execute("train", "--model", MODELS.resolve(spec).toString(),
                "--epochs", "1", "--limit", "1000", "--seed", "1", "--out", run.toString()))
                .isZero();
        Evaluation.Result evaluated = ModelEvaluation.run(run.resolve("best.ckpt"),
                Path.of("data", "mnist"), run.resolve("evaluation"),
                new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
        Path out = run.resolve("pytorch");
        assertThat(BackpropLab.execute("export", "--run", run.toString(), "--out",
                out.toString())).isZero();
        Path module;
        try (var files = Files.list(out)) {
            module = files.filter(f -> f.toString().endsWith(".py")).findFirst().orElseThrow();
        }
        String[] parts = spec.split(":");
        Process p = new ProcessBuilder(python.toString(), "-c", """
                import gzip, importlib.util, json, sys, numpy, torch
                import torch.nn.functional as F
                sys.path.insert(0, sys.argv[1])
                from pytorch_shapes import model_class
                spec = importlib.util.spec_from_file_location('exported', sys.argv[2])
                exported = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(exported)
                model = model_class(sys.argv[3], sys.argv[4])()
                weights = sys.argv[2][:-3] + '.safetensors'
                model.load_state_dict(exported.load_weights(weights), strict=True)
                model.eval()
                with gzip.open('data/mnist/t10k-images-idx3-ubyte.gz') as f:
                    pixels = numpy.frombuffer(f.read(), numpy.uint8, offset=16)
                with gzip.open('data/mnist/t10k-labels-idx1-ubyte.gz') as f:
                    labels = torch.tensor(numpy.frombuffer(f.read(), numpy.uint8, offset=8),
                                          dtype=torch.int64)
                x = torch.tensor(pixels, dtype=torch.float32).reshape(-1, 1, 28, 28)
                x = (x / 255 - exported.MEAN) / exported.STD
                with torch.no_grad():
                    y = model(x)
                    loss = getattr(F, sys.argv[5])(y, labels).item()
                print(json.dumps({'loss': loss, 'predictions': y.argmax(1).tolist()}))
                """, MODELS.toAbsolutePath().toString(), module.toAbsolutePath().toString(),
                MODELS.resolve(parts[0]).toAbsolutePath().toString(), parts[1], loss)
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        List<String> lines = output.lines().toList();
        JsonObject found = JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject();
        JsonArray predictions = found.getAsJsonArray("predictions");
        assertThat(predictions.size()).isEqualTo(evaluated.predictions().length);
        int differ = 0;
        for (int i = 0; i < predictions.size(); i++) {
            differ += predictions.get(i).getAsInt() == evaluated.predictions()[i] ? 0 : 1;
        }
        assertThat(differ).as("test digits PyTorch predicts otherwise than evaluate").isZero();
        assertThat(found.get("loss").getAsDouble()).as(loss)
                .isCloseTo(evaluated.loss(), org.assertj.core.data.Percentage.withPercentage(0.01));
    }
}
