package backproplab.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import backproplab.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@Tag("parser")
class ModelFileTest {

    @TempDir
    Path dir;

    /**
     * The summaries the hand-written Java definitions printed before the models became files
     * (src/test/resources/legacy-summaries, from commit 893b714): every row and total the same.
     * What changed on purpose: the global pooling keeps PyTorch's [C, 1, 1] and a Flatten row
     * follows, as in PyTorch; a flattened map takes no memory of its own; the stages the file
     * names head their layers.
     */
    @ParameterizedTest
    @MethodSource(BuiltIns.ALL)
    void builtInFilesGiveTheSummariesOfTheJavaDefinitions(ModelFile m) throws IOException {
        String legacy;
        try (InputStream in = getClass().getResourceAsStream("/legacy-summaries/" + m.name()
                + ".txt")) {
            legacy = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> rows = ModelSummary.table(m.architecture()).lines()
                .filter(line -> !line.startsWith("Flatten-") && !line.startsWith("# "))
                .map(line -> line.startsWith("AdaptiveAvgPool2d-") ? line.replace(
                        "AdaptiveAvgPool2d-", "GlobalAvgPool-").replace("[10, 1, 1]", "[10]      ")
                        : line)
                // Rows after the new Flatten row are numbered one higher.
                .collect(Collectors.toList());
        List<String> expected = legacy.lines().collect(Collectors.toList());
        assertThat(rows.size()).isEqualTo(expected.size());
        for (int i = 0; i < rows.size(); i++) {
            String row = rows.get(i);
            String old = expected.get(i);
            if (row.startsWith("LogSoftmax-") || row.startsWith("GlobalAvgPool-")) {
                // Numbered one higher after the Flatten row; otherwise the same.
                row = row.replaceFirst("LogSoftmax-(\\d+) ", "LogSoftmax-N ");
                old = old.replaceFirst("LogSoftmax-(\\d+) ", "LogSoftmax-N ");
                assertThat(row.replaceAll(" +", " ")).isEqualTo(old.replaceAll(" +", " "));
            } else {
                assertThat(row).as("row %d of %s", i, m.name()).isEqualTo(old);
            }
        }
    }

    /** The recipes the Java definitions gave, field by field. */
    @Test
    void builtInFilesGiveTheRecipesOfTheJavaDefinitions() {
        assertThat(Models.S6.recipe()).isEqualTo(Recipe.NOTEBOOK);
        assertThat(Models.LEAN.recipe()).isEqualTo(Recipe.builder().epochs(15).sgd(0.15f, 0.9f)
                .nesterov(true).weightDecay(5e-5f).schedule(Recipe.Schedule.ONECYCLE).rotation(7)
                .shift(1).dropout(0.05f).build());
        assertThat(Models.TINY.recipe()).isEqualTo(Recipe.builder().epochs(20).sgd(0.2f, 0.9f)
                .nesterov(true).weightDecay(5e-5f).schedule(Recipe.Schedule.ONECYCLE).rotation(7)
                .shift(1).dropout(0.05f).build());
        assertThat(Models.FAST.recipe()).isEqualTo(Recipe.builder().epochs(2).batchSize(256)
                .sgd(0.3f, 0.9f).nesterov(true).schedule(Recipe.Schedule.ONECYCLE).rotation(5)
                .labelSmoothing(0.05f).build());
    }

    @Test
    void aNotebooksSequentialBodyPastesAsItIs() {
        ModelFile m = parse("""
                # Block 1
                    nn.Conv2d(in_channels=1, out_channels=8, kernel_size=(3, 3), padding=1, \
                bias=False),
                    nn.ReLU(inplace=True),
                    nn.BatchNorm2d(8),
                    torch.nn.MaxPool2d(2),
                # Depthwise-separable
                    nn.Conv2d(8, 8, 3, groups=8, bias=False),   # depthwise
                    nn.Conv2d(8, 16, 1, bias=False),            # pointwise
                    Dropout2d(0.1)
                # Head
                    nn.AdaptiveAvgPool2d((1, 1)),
                    nn.Flatten(),
                    nn.Linear(16, 10),
                    nn.LogSoftmax(dim=-1),
                """);
        Architecture a = m.architecture();
        assertThat(a.layers()).hasSize(11);
        // 8·1·9 + BN 16 + depthwise 8·1·9 + pointwise 16·8 + Linear 16·10 + 10
        assertThat(a.parameters()).isEqualTo(72 + 16 + 72 + 128 + 160 + 10);
        assertThat(a.layers().get(4).kind()).isEqualTo("3x3 Conv2d depthwise (no bias)");
        assertThat(a.layers().get(4).outputShape()).isEqualTo("[8, 12, 12]");
        assertThat(a.layers().get(0).stage()).isEqualTo("Block 1");
        assertThat(a.layers().get(10).stage()).isEqualTo("Head");
        assertThat(m.recipe()).isEqualTo(ModelFile.DEFAULT_RECIPE.toBuilder().dropout(0.1f)
                .build());
    }

    @Test
    void strideDilationAndPoolsFollowPyTorchsArithmetic() {
        Architecture a = parse("""
                nn.Conv2d(1, 4, 3, stride=2, padding=1)
                nn.Conv2d(4, 4, 3, dilation=2)
                nn.AvgPool2d(3, stride=2, padding=1)
                nn.Flatten()
                nn.Linear(100, 10, bias=False)
                nn.LogSoftmax(dim=1)
                """).architecture();
        // (28 + 2 - 3) / 2 + 1 = 14; 14 - 2·(3 - 1) = 10; (10 + 2 - 3) / 2 + 1 = 5
        assertThat(a.layers().get(0).outputShape()).isEqualTo("[4, 14, 14]");
        assertThat(a.layers().get(1).outputShape()).isEqualTo("[4, 10, 10]");
        assertThat(a.layers().get(2).outputShape()).isEqualTo("[4, 5, 5]");
        assertThat(a.layers().get(3).outputShape()).isEqualTo("[100]");
        // RF: 3, then a span of 5 at jump 2: 3 + 4·2 = 11, then 3 at jump 2: 11 + 2·2 = 15.
        assertThat(a.layers().get(0).receptiveField()).isEqualTo(3);
        assertThat(a.layers().get(1).receptiveField()).isEqualTo(11);
        assertThat(a.layers().get(2).receptiveField()).isEqualTo(15);
        assertThat(a.layers().get(2).jump()).isEqualTo(4);
        assertThatThrownBy(() -> parse("""
                nn.Conv2d(1, 4, 3, stride=2, padding=1)
                nn.Conv2d(4, 4, 3, dilation=2)
                nn.AvgPool2d(3, stride=2, padding=1)
                nn.Flatten()
                nn.Linear(64, 10, bias=False)
                nn.LogSoftmax(dim=1)
                """.replace("64", "100").replace("nn.Flatten()", "nn.ReLU()")))
                .hasMessage("my-net.txt:5:1: nn.Linear(100, 10, bias=False): the layer before"
                        + " gives 4 maps of 5x5: put nn.Flatten() before it");
    }

    @Test
    void aWrongLayerIsNamedWithItsLineColumnAndWhatWouldFit() {
        assertThatThrownBy(() -> parse("""
                # Block 1
                nn.Conv2d(1, 8, 3),
                nn.ReLU(),
                nn.Conv2d(16, 12, 3),
                """)).isInstanceOf(ModelFileException.class)
                .hasMessage("my-net.txt:4:1: nn.Conv2d(16, 12, 3): the layer before gives 8"
                        + " channels");
        assertThatThrownBy(() -> parse("""
                nn.Conv2d(1, 16, 3)
                nn.MaxPool2d(2, 2)
                nn.Conv2d(16, 16, 3)
                nn.MaxPool2d(2, 2)
                nn.Conv2d(16, 16, 3)
                nn.Flatten()
                nn.Linear(160, 10)
                nn.LogSoftmax(dim=1)
                """)).hasMessage("my-net.txt:7:1: nn.Linear(160, 10): the layer before gives"
                + " 16x3x3 = 144 features");
        ModelFileException e = (ModelFileException) catchThrowable(() -> parse(
                "nn.Conv2d(1, 8, 3, bias=Flase)\n"));
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.column()).isEqualTo(25);
        assertThat(e.problem()).contains("'Flase' is not a value");
    }

    @Test
    void unknownLayersAndArgumentsAreNamedWithTheSupportedOnes() {
        assertThatThrownBy(() -> parse("nn.Conv2D(1, 8, 3)\n"))
                .hasMessageContaining("unknown layer nn.Conv2D (did you mean nn.Conv2d?)")
                .hasMessageContaining("supported: Conv2d, BatchNorm2d, ReLU");
        assertThatThrownBy(() -> parse("nn.Conv2d(1, 8, 3, pading=1)\n"))
                .hasMessage("my-net.txt:1:20: nn.Conv2d(1, 8, 3, pading=1): nn.Conv2d has no"
                        + " argument 'pading'; its arguments: in_channels, out_channels,"
                        + " kernel_size, stride, padding, dilation, groups, bias, padding_mode");
        assertThatThrownBy(() -> parse("nn.Conv2d(1, 8)\n"))
                .hasMessageContaining("nn.Conv2d needs kernel_size");
        assertThatThrownBy(() -> parse("nn.MaxPool2d(2, ceil_mode=True)\n"))
                .hasMessageContaining("ceil_mode is not supported (ceil_mode=True)");
    }

    @Test
    void aRecipeMistakeIsSaidAtTheLineThatHoldsIt() {
        // The review's: every recipe mistake was put on the recipe's first line, at no column,
        // so the design page could mark none.
        long lines = Models.TINY.text().lines().count();
        assertThatThrownBy(() -> parse(Models.TINY.text() + "--batch-size 64\n"
                + "--label-smoothing abc\n"))
                .isInstanceOf(ModelFileException.class)
                .hasMessage("my-net.txt:" + (lines + 2) + ":1: --label-smoothing: expected a"
                        + " number, got 'abc'");
        assertThatThrownBy(() -> parse(Models.TINY.text() + "--batch-size 64  --epochs 4\n"))
                .hasMessage("my-net.txt:" + (lines + 1) + ":18: --epochs: given twice");
    }

    @Test
    void aParenthesisMissingBeforeTheNextLayerIsSaidOnItsOwnLine() {
        // Read on, the next layers were taken for arguments: "'nn' is not a value", quoting all.
        assertThatThrownBy(() -> parse("nn.Conv2d(1, 8, 3, bias=False,\nnn.ReLU(),\n"
                + "nn.Conv2d(8, 10, 24),\nnn.Flatten(),\nnn.LogSoftmax(dim=1),\n"))
                .hasMessage("my-net.txt:1:1: nn.Conv2d(1, 8, 3, bias=False: missing ')': the"
                        + " parentheses do not balance");
        // A layer broken over lines, as a notebook writes one, is still one layer.
        assertThat(parse("nn.Conv2d(1, 8,\n    3, bias=False),\nnn.Conv2d(8, 10, 26),\n"
                + "nn.Flatten(),\nnn.LogSoftmax(dim=1),\n").architecture().parameters())
                .isEqualTo(72 + 10 * 8 * 26 * 26 + 10);
    }

    @Test
    void aBorderOfOtherThanZerosIsRefusedWhereThereIsABorder() {
        // Read and not applied, 'reflect' would train on zeros and export a class that pads by
        // reflection: the same weights would predict otherwise in PyTorch.
        for (String mode : List.of("reflect", "replicate", "circular")) {
            assertThatThrownBy(() -> parse("nn.Conv2d(1, 8, 3, padding=1, padding_mode='"
                    + mode + "')\n"))
                    .hasMessage("my-net.txt:1:31: nn.Conv2d(1, 8, 3, padding=1, padding_mode='"
                            + mode + "'): a border of other than zeros is not supported"
                            + " (padding_mode='" + mode + "')");
        }
        assertThatThrownBy(() -> parse("nn.Conv2d(1, 8, 3, padding='same',"
                + " padding_mode='reflect')\n"))
                .hasMessageContaining("(padding_mode='reflect')");
        assertThat(parse("nn.Conv2d(1, 8, 3, padding_mode='reflect')\nnn.Conv2d(8, 10, 26)\n"
                + "nn.Flatten()\nnn.LogSoftmax(dim=1)\n").architecture().parameters())
                .isEqualTo(8 * 9 + 10 * 8 * 26 * 26 + 8 + 10);
        assertThat(parse("nn.Conv2d(1, 8, 3, padding=1, padding_mode='zeros')\n"
                + "nn.Conv2d(8, 10, 28)\nnn.Flatten()\nnn.LogSoftmax(dim=1)\n")
                .architecture().parameters()).isEqualTo(8 * 9 + 10 * 8 * 28 * 28 + 8 + 10);
    }

    @Test
    void theEndMustBeTenLogProbabilities() {
        assertThatThrownBy(() -> parse("nn.Conv2d(1, 8, 28)\nnn.Flatten()\nnn.LogSoftmax(dim=1)\n"))
                .hasMessage("my-net.txt:3:1: the model ends in 8 features; MNIST needs 10"
                        + " classes");
        assertThatThrownBy(() -> parse("nn.Conv2d(1, 10, 28)\nnn.Flatten()\n"))
                .hasMessageContaining("must end in nn.LogSoftmax(dim=1)");
        assertThatThrownBy(() -> parse("nn.Conv2d(1, 10, 28)\nnn.LogSoftmax(dim=1)\n"))
                .hasMessageContaining("put nn.Flatten() before it");
    }

    @Test
    void mapsThatShrinkBelowOnePixelAreRefusedWhereTheyDo() {
        assertThatThrownBy(() -> parse("""
                nn.Conv2d(1, 8, 5)
                nn.MaxPool2d(2, 2)
                nn.Conv2d(8, 8, 5)
                nn.MaxPool2d(2, 2)
                nn.Conv2d(8, 8, 5)
                nn.Flatten()
                nn.Linear(8, 10)
                nn.LogSoftmax(dim=1)
                """)).hasMessage("my-net.txt:5:1: nn.Conv2d(8, 8, 5): its 5x5 kernel does not"
                + " fit the 4x4 map; the maps have shrunk too far");
    }

    @Test
    void hostileFilesEndInOneLine() throws IOException {
        assertThatThrownBy(() -> parse("nn.Conv2d(1, 0, 3)\n"))
                .hasMessageContaining("out_channels must be between 1 and 4096 (was 0)");
        assertThatThrownBy(() -> parse("nn.Conv2d(1, 8, -3)\n"))
                .hasMessageContaining("kernel_size must be between 1 and 1024 (was -3)");
        assertThatThrownBy(() -> parse("nn.Conv2d(1, 99999999999999999999, 3)\n"))
                .hasMessageContaining("is not a number");
        assertThatThrownBy(() -> parse("nn.Conv2d(1, 4096, 3)\nnn.Conv2d(4096, 4096, 3)\n"))
                // (1·9 + 1)·4096 + (4096·9 + 1)·4096 weights and biases
                .hasMessage("my-net.txt:2:1: nn.Conv2d(4096, 4096, 3): the model reaches"
                        + " 151,040,000 parameters here, over the limit of 5,000,000 (what a"
                        + " 2-core CPU trains in reasonable time)");
        assertThatThrownBy(() -> parse("nn.ReLU()\n".repeat(10_000)))
                .hasMessageContaining("more than 200 layers");
        assertThatThrownBy(() -> parse("nn.Conv2d(1, 8, 3\nnn.ReLU()\n"))
                .hasMessageContaining("my-net.txt:1:");
        assertThatThrownBy(() -> parse("nn.Conv2d(1, 8, 3))\n"))
                .hasMessageContaining("unexpected text after the layer: ')'");

        Path junk = dir.resolve("junk.txt");
        Files.write(junk, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xff});
        assertThatThrownBy(() -> ModelFile.read(junk, "junk.txt"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("junk.txt: not a text file (it is not UTF-8)");
        Path huge = dir.resolve("huge.txt");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(1L << 30);
        }
        assertThatThrownBy(() -> ModelFile.read(huge, "huge.txt"))
                .hasMessage("huge.txt: 1,073,741,824 bytes; a model file is at most 256 KB (a"
                        + " model is a few lines of layers)");
    }

    @Test
    void dropoutIsAsWrittenUnlessTheRecipeSaysOtherwise() {
        ModelFile m = Models.LEAN;
        assertThat(m.architecture().layers()).filteredOn(l -> l.module() instanceof Module.Dropout)
                .allMatch(l -> l.kind().equals("Dropout(0.05)"));
        assertThat(m.architecture(0.1f).layers())
                .filteredOn(l -> l.module() instanceof Module.Dropout)
                .hasSize(2).allMatch(l -> l.kind().equals("Dropout(0.1)"));
    }

    @Test
    void aRecipeTravelsWithItsModelAsTrainsOptions() {
        ModelFile m = parse(Models.TINY.text().replace("--epochs 20 --lr 0.2",
                "--epochs 7 --lr=0.05") + "--label-smoothing 0.1  # a comment ends a line\n");
        assertThat(m.recipe().labelSmoothing()).isEqualTo(0.1f);
        assertThat(m.recipe().epochs()).isEqualTo(7);
        assertThat(m.recipe().learningRate()).isEqualTo(0.05f);
        assertThatThrownBy(() -> parse(Models.TINY.text() + "--lr -1\n"))
                .hasMessageStartingWith("my-net.txt:").hasMessageContaining("--lr");
    }

    private static ModelFile parse(String text) {
        return ModelFile.parse("my-net.txt", "my-net", text);
    }

    private static Throwable catchThrowable(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("no exception");
    }
}
