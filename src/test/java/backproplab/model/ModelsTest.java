package backproplab.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import backproplab.InvalidInputException;
import backproplab.model.Architecture.Layer;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@Tag("parser")
class ModelsTest {

    @Test
    void s6HasTheNotebooksParameterCount() {
        assertThat(Models.S6.architecture().parameters()).isEqualTo(8_370);
        assertThat(Models.S6.architecture().runningStats()).isEqualTo(160);
    }

    /** The summary's own bookkeeping against DJL's real parameters and shapes. */
    @ParameterizedTest
    @MethodSource(BuiltIns.ALL)
    void summaryShapesAndCountsMatchTheBuiltDjlBlock(ModelFile m) {
        Architecture arch = m.architecture();
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            SequentialBlock block = arch.newBlock();
            Shape input = arch.inputShape(2);
            block.initialize(manager, DataType.FLOAT32, input);
            long trainable = 0;
            long stats = 0;
            for (Parameter p : block.getParameters().values()) {
                if (p.requiresGradient()) {
                    trainable += p.getArray().size();
                } else {
                    stats += p.getArray().size();
                }
            }
            assertThat(trainable).isEqualTo(arch.parameters());
            assertThat(stats).isEqualTo(arch.runningStats());

            List<Block> children = block.getChildren().values();
            Shape shape = input;
            for (int k = 0; k < children.size(); k++) {
                shape = children.get(k).getOutputShapes(new Shape[] {shape})[0];
                Layer layer = arch.layers().get(k);
                Shape expected = layer.isVector() ? new Shape(2, layer.channels())
                        : new Shape(2, layer.channels(), layer.height(), layer.width());
                assertThat(shape).as("layer %d (%s)", k + 1, layer.kind()).isEqualTo(expected);
            }
        }
    }

    @Test
    void s6ReceptiveFieldsFollowTheNotebook() {
        // RF grows by (k−1)·jump per 3x3 convolution and by jump per 2x2 max-pool, which doubles
        // the jump: 3, 5 | pool 6 | 10, 14 | pool 16 | 24, 32, 40.
        List<Integer> convRf = Models.S6.architecture().layers().stream()
                .filter(l -> l.kind().startsWith("3x3")).map(Layer::receptiveField)
                .collect(Collectors.toList());
        assertThat(convRf).containsExactly(3, 5, 10, 14, 24, 32, 40);
        Layer last = Models.S6.architecture().layers().get(Models.S6.architecture().layers().size() - 1);
        assertThat(last.receptiveField()).isEqualTo(40);
        assertThat(last.jump()).isEqualTo(4);
    }

    @Test
    void s6MultiplyAccumulatesMatchAHandCount() {
        // conv1 28·28·8·9 + conv2 28·28·16·72 + 1x1 14·14·8·16 + conv 14·14·12·72
        // + conv 14·14·16·108 + 1x1 7·7·8·16 + conv 5·5·12·72 + conv 3·3·16·108 + conv 1·1·10·144
        long expected = 56_448 + 903_168 + 25_088 + 169_344 + 338_688 + 6_272 + 21_600 + 15_552
                + 1_440;
        assertThat(Models.S6.architecture().macs()).isEqualTo(expected);
    }

    @Test
    void unknownModelsAreNamedWithTheKnownOnes() {
        assertThatThrownBy(() -> Models.builtIn("resnet", "--model"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("--model: unknown model 'resnet'")
                .hasMessageContaining("s6");
        assertThat(Models.builtIn("S6")).isEqualTo(Models.S6);
    }

    @Test
    void theSummaryTableShowsShapesTotalsAndReceptiveFields() {
        String table = ModelSummary.table(Models.S6.architecture());
        assertThat(table).contains("Trainable parameters: 8,370", "[16, 28, 28]", "40x40",
                "running statistics (not trained): 160", "[10]");
    }
}
