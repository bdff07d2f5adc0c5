package backproplab.model.python;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.cli.BackpropLab;
import backproplab.model.Architecture;
import backproplab.model.ModelFile;
import backproplab.model.Models;
import backproplab.testing.ExternalTools;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Learners' model classes, read without Python, against PyTorch itself (a Python with torch):
 * the very file imported in Python (its torch imports, constants and classes, as Python parses
 * them) and the class instantiated has the parameters, running statistics and layer output
 * shapes the summary computes, and calls the layers the chain holds.
 */
class PythonModelParityTest {

    private static final Path MODELS = Path.of("src", "test", "resources", "python");

    /** Each style the issue lists: blocks, bare layers with nested F calls, several classes. */
    private static final List<String> CLASSES = List.of("blocks.py:Net", "bare.py:Net",
            "models.py:Model_1", "models.py:Model_2", "models.py:Model_3", "notebook.ipynb:Net",
            "notebook.ipynb:Net2");

    @Test
    void parametersAndEveryLayersShapeAreWhatPyTorchComputes() throws Exception {
        JsonObject torch = pytorch(CLASSES);
        for (String spec : CLASSES) {
            ModelFile m = Models.resolve(MODELS.resolve(spec).toString(), "--model");
            Architecture a = m.architecture();
            JsonObject found = torch.getAsJsonObject(spec);
            assertThat(a.parameters()).as(spec).isEqualTo(found.get("parameters").getAsLong());
            assertThat(a.runningStats()).as(spec)
                    .isEqualTo(found.get("statistics").getAsLong());
            JsonObject shapes = found.getAsJsonObject("shapes");
            List<String> keys = m.pytorchClass().layers();
            assertThat(keys).hasSameSizeAs(a.layers());
            Map<String, Integer> calls = new HashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                String key = keys.get(i);
                if (key != null) {
                    int call = calls.merge(key, 1, Integer::sum) - 1;
                    assertThat(call).as("%s %s called more often than in PyTorch", spec, key)
                            .isLessThan(shapes.getAsJsonArray(key).size());
                    assertThat(a.layers().get(i).outputShape()).as("%s %s", spec, key)
                            .isEqualTo(shapes.getAsJsonArray(key).get(call).toString()
                                    .replace(",", ", "));
                }
            }
            // The layers PyTorch's forward calls are the chain's, as often, no more, no fewer.
            for (String key : shapes.keySet()) {
                assertThat(calls.get(key)).as("%s %s", spec, key)
                        .isEqualTo(shapes.getAsJsonArray(key).size());
            }
            assertThat(a.layers().get(a.layers().size() - 1).outputShape())
                    .isEqualTo(found.get("output").toString());
        }
    }

    /** As a learner runs it on the course's notebook: the count PyTorch's summary prints. */
    @Test
    void summaryOfANotebooksClassPrintsPyTorchsCount() throws Exception {
        String spec = "notebook.ipynb:Net2";
        long parameters = pytorch(List.of(spec)).getAsJsonObject(spec).get("parameters")
                .getAsLong();
        PrintStream console = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = BackpropLab.execute("summary", "--model", MODELS.resolve(spec).toString());
        } finally {
            System.setOut(console);
        }
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(String.format(
                java.util.Locale.ROOT, "Trainable parameters: %,d", parameters),
                "# Input Block", "# CONVOLUTION BLOCK 1");
    }

    /** Runs the shapes script; its last line of output is JSON. */
    private static JsonObject pytorch(List<String> specs) throws Exception {
        Path python = ExternalTools.pythonWithTorch("PyTorch parity of class models skipped");
        List<String> command = new ArrayList<>(List.of(python.toString(),
                MODELS.resolve("pytorch_shapes.py").toAbsolutePath().toString()));
        for (String spec : specs) {
            command.add(MODELS.resolve(spec).toAbsolutePath().toString());
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        List<String> lines = output.lines().toList();
        JsonObject byPath = JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject();
        JsonObject bySpec = new JsonObject();
        for (String spec : specs) {
            bySpec.add(spec, byPath.get(MODELS.resolve(spec).toAbsolutePath().toString()));
        }
        return bySpec;
    }
}
