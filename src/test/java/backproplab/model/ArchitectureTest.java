package backproplab.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The rules of a model's sizes, each derived here by hand. */
class ArchitectureTest {

    @Test
    void aConvolutionsOutputIsPyTorchsFormulaEverywhere() {
        // PyTorch: floor((n + 2p - d(k - 1) - 1) / s) + 1; 28, k 3, s 2, p 1, d 2: 25 / 2 + 1.
        ModelFile m = ModelFile.parse("a.txt", "a", """
                nn.Conv2d(1, 4, 3, stride=2, padding=1, dilation=2)
                nn.Conv2d(4, 10, 13), nn.Flatten(), nn.LogSoftmax(dim=1)
                """);
        Architecture a = m.architecture();
        assertThat(a.layers().get(0).height()).isEqualTo(13);
        assertThat(a.convolutions().get(0).outHeight()).isEqualTo(13);
        assertThat(a.convolutions().get(1).outWidth()).isEqualTo(1);
        assertThat(Module.Conv2d.outputSize(28, 3, 2, 1, 2)).isEqualTo(13);
    }

    @Test
    void aFlattenKeepsNothingMoreForTheBackwardPass() {
        ModelFile m = ModelFile.parse("a.txt", "a", """
                nn.Conv2d(1, 10, 28), nn.Flatten(), nn.LogSoftmax(dim=1)
                """);
        // The convolution's 10x1x1 and the log-probabilities' 10; the Flatten's 10 are a view.
        assertThat(m.architecture().activations()).isEqualTo(20);
        // The summary's pass size is the same count: kept forward and for its gradient.
        assertThat(ModelSummary.table(m.architecture()))
                .contains("Forward/backward pass size per image (KB): 0.16");
    }
}
