package backproplab.model.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import backproplab.InvalidInputException;
import backproplab.model.Architecture;
import backproplab.model.ModelDesign;
import backproplab.model.ModelFile;
import backproplab.model.Models;
import backproplab.model.Module;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A learner's class read without Python: what it becomes, and each construct that is not a
 * chain of layers refused in one line that names the file, line, column and the construct.
 */
class PythonModelsTest {

    @TempDir
    Path dir;

    /** A class whose __init__ and forward are given; lines 9 and 12 are the first of each. */
    private String net(String init, String forward) {
        return String.format(Locale.ROOT, """
                import torch
                import torch.nn as nn
                import torch.nn.functional as F

                class Net(nn.Module):
                    def __init__(self):
                        super().__init__()
                        self.conv1 = nn.Conv2d(1, 10, 3)
                        self.conv2 = nn.Conv2d(10, 10, 3, padding=1)
                %s
                    def forward(self, x):
                %s
                        x = F.adaptive_avg_pool2d(x, 1)
                        return F.log_softmax(x.view(-1, 10), dim=1)
                """, init.isEmpty() ? "" : "        " + init, forward.lines()
                .map(l -> "        " + l).reduce((a, b) -> a + "\n" + b).orElse(""));
    }

    private String refused(String init, String forward) throws IOException {
        Path file = dir.resolve("net.py");
        Files.writeString(file, net(init, forward));
        try {
            Models.resolve(file.toString(), "--model");
        } catch (InvalidInputException e) {
            assertThat(e.getMessage()).doesNotContain("\n");
            return e.getMessage().replace(dir + "/", "");
        }
        throw new AssertionError("not refused");
    }

    private static final String CHAIN = " is not read (backprop-lab reads forward as one chain of"
            + " layers on one tensor)";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "x = self.conv1(x)\\nx = x + self.conv2(x)|net.py:13:28: x = x + self.conv2(x): x used"
                + " twice (a residual or skip connection)" + CHAIN,
        "x = self.conv1(x)\\nx += self.conv2(x)|net.py:13:11: x += self.conv2(x): '+=' (a"
                + " residual connection)" + CHAIN,
        "x = self.conv1(x)\\nx = torch.cat([x, self.conv2(x)], 1)|net.py:13:13: x ="
                + " torch.cat([x, self.conv2(x)], 1): torch.cat" + CHAIN,
        "x = self.conv1(x)\\nif self.training:\\n    x = self.conv2(x)|net.py:13:9: if"
                + " self.training: 'if'" + CHAIN,
        "x = self.conv1(x)\\nfor i in range(2):\\n    x = self.conv2(x)|net.py:13:9: for i in"
                + " range(2): a loop ('for')" + CHAIN,
        "y = self.conv1(x)\\nz = self.conv2(y)\\nx = y|net.py:14:13: x = y: y used again after z"
                + " was computed from it (a skip connection)" + CHAIN,
        "y = self.conv1(x)\\nx = self.conv2(y)\\nx = self.conv2(x)|net.py:14:9: x ="
                + " self.conv2(x): self.conv2 is applied twice, its weights shared: give each use"
                + " a layer of its own",
        "x = F.interpolate(self.conv1(x), scale_factor=2)|net.py:12:13: x ="
                + " F.interpolate(self.conv1(x), scale_factor=2): F.interpolate is not read; the"
                + " functions read: relu, relu6, leaky_relu, elu, gelu, silu, sigmoid, tanh,"
                + " max_pool2d, avg_pool2d, adaptive_avg_pool2d, dropout, dropout2d, log_softmax",
        "x = F.dropout(self.conv1(x), 0.1)|net.py:12:13: x = F.dropout(self.conv1(x), 0.1):"
                + " F.dropout without training=self.training drops at test time too: write"
                + " training=self.training, or use nn.Dropout",
        "x = F.softmax(self.conv1(x), dim=1)|net.py:12:13: x = F.softmax(self.conv1(x), dim=1):"
                + " softmax gives probabilities; the loss takes log-probabilities: write"
                + " F.log_softmax(x, dim=1)",
        "x = self.conv1(x).view(-1, 20)|net.py:12:13: x = self.conv1(x).view(-1, 20): each image"
                + " has 10x26x26 = 6760 features here, so this view would not keep one row per"
                + " image; write x.view(x.size(0), -1)",
    })
    void aForwardThatIsNoChainIsRefusedInOneLine(String forward, String message)
            throws IOException {
        assertThat(refused("", forward.replace("\\n", "\n"))).isEqualTo(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "self.up = nn.Upsample(scale_factor=2)|x = self.up(self.conv1(x))|net.py:10:19:"
                + " nn.Upsample(scale_factor=2): unknown layer nn.Upsample; supported: Conv2d,"
                + " BatchNorm2d, ReLU, ReLU6, LeakyReLU, ELU, GELU, SiLU, Sigmoid, Tanh, Dropout,"
                + " Dropout2d, MaxPool2d, AvgPool2d, AdaptiveAvgPool2d, Flatten, Linear,"
                + " LogSoftmax",
        "self.blocks = nn.ModuleList([nn.Conv2d(10, 10, 3)])|x = self.conv1(x)|net.py:10:23:"
                + " nn.ModuleList([nn.Conv2d(10, 10, 3)]): layers in an nn.ModuleList are not"
                + " read; assign each to an attribute, or put them in an nn.Sequential",
        "self.conv3 = nn.Conv2d(16, 10, 3)|x = self.conv3(self.conv1(x))|net.py:10:22:"
                + " nn.Conv2d(16, 10, 3): the layer before gives 10 channels",
        "self.conv3 = nn.Conv2d(10, 10, 3, padding=p)|x = self.conv3(self.conv1(x))|net.py:10:51:"
                + " nn.Conv2d(10, 10, 3, padding=p): 'p' has no value backprop-lab can read here"
                + " (a number, True, False, None, a string or a tuple)",
        "if True: self.conv3 = nn.Conv2d(10, 10, 3)|x = self.conv1(x)|net.py:10:9: __init__:"
                + " 'if' is not read; assign each layer to an attribute, one by one",
    })
    void anInitBeyondTheCatalogIsRefusedInOneLine(String init, String forward, String message)
            throws IOException {
        assertThat(refused(init, forward)).isEqualTo(message);
    }

    @Test
    void aFileOfSeveralClassesSaysHowToPickOne() throws IOException {
        Path file = dir.resolve("models.py");
        Files.writeString(file, net("", "x = self.conv1(x)") + "\n\n"
                + net("", "x = self.conv1(x)").replace("class Net(", "class Net2("));
        assertThatThrownBy(() -> Models.resolve(file.toString(), "--model"))
                .hasMessage("--model: " + file + " holds 2 model classes, Net, Net2: pick one,"
                        + " e.g. --model " + file + ":Net2");
        assertThatThrownBy(() -> Models.resolve(file + ":Net3", "--model"))
                .hasMessage("--model: " + file + ": no class Net3; its model classes: Net, Net2");
        ModelFile net2 = Models.resolve(file + ":Net2", "--model");
        assertThat(net2.name()).isEqualTo("models-Net2");
        assertThat(net2.description()).isEqualTo("class Net2 of " + file);
        Path none = dir.resolve("train.py");
        Files.writeString(none, "import torch\nfor epoch in range(3):\n    print(epoch)\n");
        assertThatThrownBy(() -> Models.resolve(none.toString(), "--model"))
                .hasMessage("--model: " + none + ": no model class here (class Net(nn.Module):"
                        + " with __init__ and forward)");
    }

    @Test
    void aLayerMadeByAFunctionOrABareNameIsSaidToBeOne() throws IOException {
        assertThat(refused("self.block = conv_bn(10, 10)", "x = self.conv1(x)\nx = self.block(x)"))
                .isEqualTo("net.py:13:13: x = self.block(x): __init__ makes self.block with"
                        + " conv_bn(...), not a layer of torch.nn: the layers are read as"
                        + " __init__ writes them out (nn.Conv2d(...), nn.Sequential(...)), not"
                        + " what a function returns");
        assertThat(refused("self.block = Sequential(nn.ReLU())",
                "x = self.conv1(x)\nx = self.block(x)"))
                .startsWith("net.py:13:13: x = self.block(x): __init__ makes self.block with"
                        + " Sequential(...): write it nn.Sequential(...) (import torch.nn as"
                        + " nn)");
        assertThat(refused("", "x = self.conv1(x)\nx = self.conv3(x)"))
                .startsWith("net.py:13:13: x = self.conv3(x): self.conv3 is not a layer"
                        + " __init__ assigns");
    }

    @Test
    void aBracketNeverClosedIsSaidWhereItOpens() throws IOException {
        // Read on, the rest of the file would be one statement: "class Net has no forward".
        assertThat(refused("self.conv3 = nn.Conv2d(10, 10, 3", "x = self.conv1(x)"))
                .isEqualTo("net.py:10:31: '(' is never closed");
    }

    @Test
    void constantsAssignedTogetherAreReadEachAsItsOwn() throws IOException {
        Path file = dir.resolve("tuple.py");
        Files.writeString(file, "WIDE, NARROW = 16, 10\n"
                + net("", "x = self.conv1(x)\nx = self.conv3(x)").replace(
                        "self.conv2 = nn.Conv2d(10, 10, 3, padding=1)",
                        "self.conv3 = nn.Conv2d(10, NARROW, 1, bias=False)\n"
                        + "        self.spare = nn.Conv2d(1, WIDE, 1)"));
        // conv1 1->10 3x3 (100), conv3 10->10 1x1 without bias (100), the unused spare 1->16
        // 1x1 (32), which PyTorch counts too.
        assertThat(Models.resolve(file.toString(), "--model").architecture().parameters())
                .isEqualTo(100 + 100 + 32);
    }

    @Test
    void aClassAttributeIsReadAsSelfName() throws IOException {
        Path file = dir.resolve("attribute.py");
        Files.writeString(file, net("self.spare = nn.Conv2d(1, self.WIDE, 1)", "x = self.conv1(x)")
                .replace("class Net(nn.Module):\n", "class Net(nn.Module):\n    WIDE = 16\n"));
        // conv1 (100), conv2 (910), the unused spare 1->16 1x1 (32), all counted by PyTorch.
        assertThat(Models.resolve(file.toString(), "--model").architecture().parameters())
                .isEqualTo(100 + 910 + 32);
    }

    @Test
    void aClassDefinedAgainIsTheLaterOneAsInPython() throws IOException {
        Path file = dir.resolve("edited.py");
        Files.writeString(file, net("", "x = self.conv1(x)") + "\n\n"
                + net("self.conv3 = nn.Conv2d(10, 10, 1)", "x = self.conv1(x)\nx = self.conv3(x)"));
        ModelFile net = Models.resolve(file.toString(), "--model");
        assertThat(net.name()).isEqualTo("edited");
        // The later Net: conv1, conv2 (unused, but PyTorch counts it) and conv3.
        assertThat(net.architecture().parameters()).isEqualTo(100 + 910 + 110);
        assertThat(Models.resolve(file + ":Net", "--model").architecture().parameters())
                .isEqualTo(100 + 910 + 110);
    }

    @Test
    void aNotebooksProblemIsSaidAtItsCellAndLine() throws IOException {
        Path file = dir.resolve("net.ipynb");
        Files.writeString(file, """
                {"cells": [
                  {"cell_type": "markdown", "source": ["# My model"]},
                  {"cell_type": "code", "source": ["!pip install torchsummary\\n",
                                                   "import torch.nn as nn"]},
                  {"cell_type": "code", "source": ["class Net(nn.Module):\\n",
                    "    def __init__(self):\\n",
                    "        super().__init__()\\n",
                    "        self.conv1 = nn.Conv2d(1, 10, 3)\\n",
                    "    def forward(self, x):\\n",
                    "        return self.conv1(x) + x\\n"]}]}
                """);
        assertThatThrownBy(() -> Models.resolve(file.toString(), "--model"))
                .hasMessage(file + " cell 3:6:32: return self.conv1(x) + x: x used twice (a"
                        + " residual or skip connection)" + CHAIN);
    }

    /** Nesting beyond any model's is refused in a line, not followed until the stack ends. */
    @Test
    void deepNestingIsRefusedInOneLine() throws IOException {
        String deep = "-".repeat(50_000) + "1";
        assertThat(refused("self.conv3 = nn.Conv2d(10, 10, 3, padding=" + deep + ")",
                "x = self.conv1(x)")).isEqualTo("net.py:10:150: __init__: nested more than 100"
                        + " deep");
    }

    /** A head that returns raw scores trains with cross_entropy: log_softmax, then NLL. */
    @Test
    void rawScoresEndInTheLogSoftmaxOfCrossEntropy() throws IOException {
        Path file = dir.resolve("raw.py");
        Files.writeString(file, net("", "x = self.conv1(x)")
                .replace("return F.log_softmax(x.view(-1, 10), dim=1)", "return x.view(-1, 10)"));
        ModelFile m = Models.resolve(file.toString(), "--model");
        List<Architecture.Layer> layers = m.architecture().layers();
        assertThat(layers.get(layers.size() - 1).module()).isInstanceOf(Module.LogSoftmax.class);
        assertThat(layers.get(layers.size() - 2).module()).isInstanceOf(Module.Flatten.class);
        assertThat(m.layers().get(m.layers().size() - 1).source())
                .isEqualTo("log_softmax of cross_entropy (forward returns raw scores)");
    }

    /** A run keeps the class as text, and reads it back as the same model. */
    @Test
    void theTextARunKeepsReadsBackAsTheSameModel() throws IOException {
        Path file = dir.resolve("net.py");
        Files.writeString(file, "dropout_value = 0.2\nwidth = 4 * 4\n" + net(
                "self.drop = nn.Dropout(dropout_value)\n        self.spare = nn.Linear(width, 10)",
                "x = self.drop(F.relu(self.conv1(x)))"));
        ModelFile read = Models.resolve(file.toString(), "--model");
        ModelFile saved = Models.saved(read.name(), read.text(), "model.txt");
        assertThat(read.text()).contains("dropout_value = 0.2\nwidth = 16\n", "class Net(");
        assertThat(saved.text()).isEqualTo(read.text());
        assertThat(saved.description()).isEqualTo(read.description())
                .isEqualTo("class Net of " + file);
        assertThat(saved.architecture().layers()).isEqualTo(read.architecture().layers());
        assertThat(saved.architecture().parameters()).isEqualTo(read.architecture().parameters())
                .isEqualTo(10 * 9 + 10 + 10 * 10 * 9 + 10 + 16 * 10 + 10);
        assertThat(saved.recipe().dropout()).isEqualTo(0.2f);
        // The design page shows a run's model: the kept class, each row at its line there.
        ModelDesign design = ModelDesign.of("model.txt", read.text());
        assertThat(design.error()).isNull();
        assertThat(design.parameters()).isEqualTo(read.architecture().parameters());
        List<String> kept = read.text().lines().toList();
        assertThat(kept.get(design.layers().get(0).line() - 1))
                .contains("self.conv1 = nn.Conv2d(1, 10, 3)");
        assertThat(saved.pytorchClass().unused()).containsExactly("conv2", "spare");
        assertThat(saved.pytorchClass().layers())
                .containsExactly("conv1", null, "drop", null, null, null);
    }
}
