package backproplab.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.model.Architecture.Convolution;
import backproplab.model.ModelFile;
import backproplab.model.BuiltIns;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The convolutions backprop-lab computes are right on this machine: every call each model makes
 * in training (a replica's share of a batch, forward and backward; inference at 1 image and at
 * the evaluation batch), after the guard chose the path as {@code train} does, repeated as
 * often as the calls that caught issue 22's fault; and the probe's shapes
 * (shared/probes/ConvGradCheck.java). Where oneDNN is wrong and cannot be mended, the guard
 * must have left it.
 */
class KernelCheckTest {

    private final KernelCheck check = new KernelCheck(KernelCheck.LIBTORCH);

    @ParameterizedTest
    @MethodSource(BuiltIns.ALL)
    void everyCallOfEveryModelIsRightOnThePathTaken(ModelFile model) {
        KernelGuard.Calls calls = KernelGuard.training(model.architecture(), 128, 2);
        KernelGuard.ensureRight(calls);
        assertThat(check.run(calls.on(ConvolutionPath.current()), 5)).isEmpty();
    }

    /**
     * A learner's model may stride, dilate and group its convolutions (depthwise-separable
     * blocks): the check computes those as the model does, or it would pass wrong kernels.
     */
    @Test
    void stridedDilatedAndDepthwiseConvolutionsAreCheckedAsTheyRun() {
        ModelFile separable = ModelFile.parse("separable.txt", "separable", """
                nn.Conv2d(1, 8, 3, stride=2, padding=1), nn.ReLU()
                nn.Conv2d(8, 8, 3, groups=8, dilation=2, padding=2, bias=False)
                nn.Conv2d(8, 10, 1), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.LogSoftmax(dim=1)
                """);
        KernelGuard.Calls calls = KernelGuard.training(separable.architecture(), 64, 2);
        List<ConvCase> cases = calls.on(ConvolutionPath.current());
        assertThat(cases).extracting(c -> c.conv().label()).contains("1->8 3x3 pad 1 stride 2",
                "8->8 3x3 pad 2 dilation 2 groups 8");
        assertThat(cases).allMatch(c -> c.outHeight() == 14);
        KernelGuard.ensureRight(calls);
        assertThat(check.run(calls.on(ConvolutionPath.current()), 3)).isEmpty();
    }

    @Test
    void theProbesShapesAreRightOnThePathTaken() {
        // {in channels, out channels, map side, padding}, batch 64, as the probe runs them.
        int[][] probe = {{1, 8, 28, 1}, {8, 16, 28, 1}, {8, 12, 14, 1}, {12, 16, 14, 1},
            {16, 12, 14, 1}, {24, 32, 14, 1}, {16, 16, 7, 0}};
        List<ConvCase> cases = new ArrayList<>();
        for (int[] p : probe) {
            cases.add(new ConvCase(new Convolution(p[0], p[1], 3, p[3], p[2], p[2], false), 64,
                    true));
        }
        KernelGuard.ensureRight(path -> cases);
        assertThat(check.run(cases, 12)).isEmpty();
    }
}
