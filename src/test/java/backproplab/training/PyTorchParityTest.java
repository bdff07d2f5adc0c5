package backproplab.training;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.inspect.TinyRun;
import backproplab.model.Architecture;
import backproplab.model.ModelFile;
import backproplab.model.Models;
import backproplab.model.PyTorchModule;
import backproplab.testing.ExternalTools;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * backprop-lab's models against PyTorch itself (Debian's python3-torch, which .ci/run installs;
 * skipped where no Python on the PATH imports torch):
 * the module {@code summary --pytorch} writes has the same parameters and output shapes, and
 * the weights {@code export} writes, loaded into it, give {@code evaluate}'s predictions.
 */
class PyTorchParityTest {

    private static Path python;

    @TempDir
    Path dir;

    /** Models in the file format beyond the built-ins: what a learner's might use. */
    private static final List<ModelFile> LEARNERS = List.of(
            ModelFile.parse("separable.txt", "separable", """
                    # Block 1
                    nn.Conv2d(1, 8, 3, padding=1, bias=False), nn.BatchNorm2d(8), nn.ReLU(),
                    nn.Conv2d(8, 8, 3, stride=2, groups=8, bias=False),
                    nn.Conv2d(8, 16, 1, bias=False), nn.BatchNorm2d(16), nn.LeakyReLU(0.1),
                    nn.Dropout2d(0.1)
                    # Block 2
                    nn.Conv2d(16, 16, 3, dilation=2, padding=2), nn.ELU(), nn.SiLU()
                    nn.AvgPool2d(3, stride=2, padding=1), nn.GELU()
                    # Head
                    nn.Flatten(), nn.Linear(784, 32), nn.Tanh(), nn.Dropout(0.2),
                    nn.Linear(32, 10, bias=False), nn.Sigmoid(), nn.LogSoftmax(dim=1)
                    """),
            ModelFile.parse("pools.txt", "pools", """
                    nn.Conv2d(1, 12, 5, padding='same'), nn.ReLU6(), nn.MaxPool2d(3, 2, 1)
                    nn.Conv2d(12, 10, 3), nn.AdaptiveAvgPool2d(1), nn.Flatten()
                    nn.LogSoftmax(dim=1)
                    """));

    /** Found first: without it no test trains or exports for nothing. */
    @BeforeAll
    static void findPython() {
        python = ExternalTools.pythonWithTorch("PyTorch parity tests skipped");
    }

    @Test
    void parameterCountsAndOutputShapesAreWhatPyTorchComputes() throws Exception {
        List<ModelFile> models = new ArrayList<>(Models.builtIn());
        models.addAll(LEARNERS);
        StringBuilder script = new StringBuilder("""
                import importlib, json, sys, torch
                sys.path.insert(0, sys.argv[1])
                found = {}
                for name in sys.argv[2:]:
                    model = importlib.import_module(name).__dict__[name]().eval()
                    x = torch.zeros(2, 1, 28, 28)
                    shapes = []
                    with torch.no_grad():
                        for layer in model:
                            x = layer(x)
                            shapes.append(list(x.shape[1:]))
                    found[name] = {
                        'parameters': sum(p.numel() for p in model.parameters()),
                        'statistics': sum(b.numel() for n, b in model.named_buffers()
                                          if not n.endswith('num_batches_tracked')),
                        'shapes': shapes}
                print(json.dumps(found))
                """);
        List<String> names = new ArrayList<>();
        for (ModelFile m : models) {
            String name = PyTorchModule.function(m.name());
            Files.writeString(dir.resolve(name + ".py"), PyTorchModule.source(m));
            names.add(name);
        }
        JsonObject found = python(script.toString(), names);
        for (ModelFile m : models) {
            Architecture a = m.architecture();
            JsonObject torch = found.getAsJsonObject(PyTorchModule.function(m.name()));
            assertThat(torch.get("parameters").getAsLong()).as(m.name()).isEqualTo(a.parameters());
            assertThat(torch.get("statistics").getAsLong()).as(m.name())
                    .isEqualTo(a.runningStats());
            JsonArray shapes = torch.getAsJsonArray("shapes");
            assertThat(shapes.size()).isEqualTo(a.layers().size());
            for (int i = 0; i < shapes.size(); i++) {
                assertThat(shapes.get(i).toString().replace(",", ", "))
                        .as("%s layer %d (%s)", m.name(), i, a.layers().get(i).kind())
                        .isEqualTo(a.layers().get(i).outputShape());
            }
        }
    }

    @Test
    void exportedWeightsGiveEvaluatesPredictionsInPyTorch() throws Exception {
        Path best = TinyRun.best();
        Evaluation.Result evaluated = ModelEvaluation.run(best, Path.of("data", "mnist"),
                dir.resolve("evaluation"), new PrintStream(OutputStream.nullOutputStream(), true,
                        StandardCharsets.UTF_8));
        // As a person exports it: the command, from the run folder.
        Path out = dir.resolve("pytorch");
        assertThat(backproplab.cli.BackpropLab.execute("export", "--run",
                TinyRun.folder().toString(), "--out", out.toString())).isZero();
        assertThat(out.resolve("tiny.py")).exists();
        assertThat(out.resolve("tiny.safetensors")).exists();
        JsonObject found = python("""
                import gzip, json, sys, numpy, torch
                sys.path.insert(0, sys.argv[1])
                import tiny
                model = tiny.tiny()
                model.load_state_dict(tiny.load_weights(sys.argv[1] + '/tiny.safetensors'))
                model.eval()
                with gzip.open('data/mnist/t10k-images-idx3-ubyte.gz') as f:
                    pixels = numpy.frombuffer(f.read(), numpy.uint8, offset=16)
                x = torch.tensor(pixels, dtype=torch.float32).reshape(-1, 1, 28, 28)
                x = (x / 255 - tiny.MEAN) / tiny.STD
                with torch.no_grad():
                    predictions = model(x).argmax(1).tolist()
                print(json.dumps({'parameters': sum(p.numel() for p in model.parameters()),
                                  'predictions': predictions}))
                """, List.of(), out);
        assertThat(found.get("parameters").getAsLong())
                .isEqualTo(Models.TINY.architecture().parameters());
        JsonArray predictions = found.getAsJsonArray("predictions");
        assertThat(predictions.size()).isEqualTo(evaluated.predictions().length);
        int differ = 0;
        for (int i = 0; i < predictions.size(); i++) {
            differ += predictions.get(i).getAsInt() == evaluated.predictions()[i] ? 0 : 1;
        }
        assertThat(differ).as("test digits PyTorch predicts otherwise than evaluate").isZero();
    }

    private JsonObject python(String script, List<String> args) throws Exception {
        return python(script, args, dir);
    }

    /** Runs {@code script} in a Python with torch; its last line of output is JSON. */
    private static JsonObject python(String script, List<String> args, Path folder)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(python.toString(), "-c", script,
                folder.toAbsolutePath().toString()));
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        List<String> lines = output.lines().toList();
        return JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject();
    }
}
