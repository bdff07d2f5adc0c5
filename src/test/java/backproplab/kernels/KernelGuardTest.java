package backproplab.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import backproplab.kernels.KernelCheck.Fault;
import backproplab.model.Models;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The guard's decisions, on any machine: libtorch's real convolutions with a fault injected, the
 * one issue 22 found (two taps of every filter zeroed in float32, as oneDNN's broken reorder
 * zeroes them), on the paths a stand-in switch says; libtorch's own switch is not touched.
 */
class KernelGuardTest {

    /** tiny's calls at a small batch: every layer kind, checked quickly. */
    private static final KernelGuard.Calls CALLS =
            KernelGuard.training(Models.TINY.architecture(), 16, 2);

    private static final class StandInPaths implements KernelGuard.Paths {
        ConvolutionPath path = ConvolutionPath.ONEDNN;
        String switchMissing;
        int switches;

        @Override
        public ConvolutionPath current() {
            return path;
        }

        @Override
        public void use(ConvolutionPath path) {
            this.path = path;
            switches++;
        }

        @Override
        public String switchMissing() {
            return switchMissing;
        }
    }

    private final StandInPaths paths = new StandInPaths();
    private final List<String> said = new ArrayList<>();
    private final AtomicInteger convolutions = new AtomicInteger();

    /** libtorch's convolution, wrong in float32 on {@code faulty} paths. */
    private KernelCheck checkWrongOn(Set<ConvolutionPath> faulty) {
        return new KernelCheck((c, x, w, b, upstream) -> {
            convolutions.incrementAndGet();
            NDArray weights = w;
            if (x.getDataType() == DataType.FLOAT32 && faulty.contains(paths.path)) {
                weights = w.duplicate();
                weights.set(new NDIndex(":, :, 0, 1:"), 0f);
            }
            return KernelCheck.LIBTORCH.run(c, x, weights, b, upstream);
        });
    }

    @Test
    void aWrongPathIsLeftForTheRightOneAndThatIsSaidOnce() {
        KernelGuard guard = new KernelGuard(checkWrongOn(EnumSet.of(ConvolutionPath.ONEDNN)),
                paths, said::add);
        guard.ensure(CALLS);
        assertThat(paths.path).isEqualTo(ConvolutionPath.ATEN);
        assertThat(said).containsExactly("oneDNN's convolutions are wrong on this CPU: using"
                + " libtorch's own (see doctor)");
        guard.ensure(CALLS);
        assertThat(said).hasSize(1);
    }

    @Test
    void withNoRightPathNothingRunsAndTheCpuAndTheFaultAreNamed() {
        KernelGuard guard = new KernelGuard(checkWrongOn(EnumSet.allOf(ConvolutionPath.class)),
                paths, said::add);
        assertThatThrownBy(() -> guard.ensure(CALLS))
                .isInstanceOf(KernelFaultException.class)
                .hasMessageContaining("(" + Cpu.here() + ")")
                .hasMessageContaining("wrong in 3 of 3 calls")
                .hasMessageContaining("see doctor")
                .message().doesNotContain("\n");
        assertThat(said).isEmpty();
    }

    @Test
    void withoutTheSwitchWrongKernelsAreRefusedInOneLineAndNothingIsSwitched() {
        paths.switchMissing = "libtorch's switch was not found in torch_cpu.dll";
        KernelGuard guard = new KernelGuard(checkWrongOn(EnumSet.of(ConvolutionPath.ONEDNN)),
                paths, said::add);
        assertThatThrownBy(() -> guard.ensure(CALLS))
                .isInstanceOf(KernelFaultException.class)
                .hasMessageContaining("(" + Cpu.here() + ")")
                .hasMessageContaining("wrong in 3 of 3 calls")
                .hasMessageContaining("switch to its own kernels is not reachable here")
                .message().doesNotContain("\n");
        assertThat(paths.switches).isZero();
        assertThat(said).isEmpty();
    }

    @Test
    void withoutTheSwitchRightKernelsStillRun() {
        paths.switchMissing = "libtorch's switch was not found in torch_cpu.dll";
        new KernelGuard(checkWrongOn(EnumSet.of(ConvolutionPath.ATEN)), paths, said::add)
                .ensure(CALLS);
        assertThat(convolutions.get()).as("every case checked").isEqualTo(
                CALLS.on(ConvolutionPath.ONEDNN).size() * (1 + KernelGuard.CALLS));
        assertThat(paths.switches).isZero();
        assertThat(said).isEmpty();
    }

    @Test
    void rightKernelsAreKeptAndEachShapeIsCheckedOnce() {
        KernelGuard guard = new KernelGuard(checkWrongOn(EnumSet.noneOf(ConvolutionPath.class)),
                paths, said::add);
        guard.ensure(CALLS);
        int first = convolutions.get();
        assertThat(first).isEqualTo(CALLS.on(ConvolutionPath.ONEDNN).size()
                * (1 + KernelGuard.CALLS));
        guard.ensure(CALLS);
        assertThat(convolutions.get()).isEqualTo(first);
        assertThat(paths.path).isEqualTo(ConvolutionPath.ONEDNN);
        assertThat(said).isEmpty();
    }

    @Test
    void theCheckFindsTheInjectedFaultInEveryPartItTouches() {
        List<Fault> faults = checkWrongOn(EnumSet.of(ConvolutionPath.ONEDNN))
                .run(CALLS.on(ConvolutionPath.ONEDNN).subList(0, 1), 2);
        // The weights' gradient does not depend on the weights: it stays right.
        assertThat(faults).extracting(Fault::part).containsExactly(KernelCheck.Part.OUTPUT,
                KernelCheck.Part.INFERENCE, KernelCheck.Part.INPUT_GRADIENT);
        assertThat(faults).allSatisfy(f -> {
            assertThat(f.wrong()).isEqualTo(2);
            assertThat(f.worstError()).isGreaterThan(KernelCheck.TOLERANCE);
        });
    }

    @Test
    void aNaNIsAFaultWhateverElseIsRight() {
        KernelCheck nan = new KernelCheck((c, x, w, b, upstream) -> {
            var results = KernelCheck.LIBTORCH.run(c, x, w, b, upstream);
            if (x.getDataType() == DataType.FLOAT32) {
                results.get(KernelCheck.Part.INFERENCE).set(new NDIndex("0, 0, 0, 0"),
                        Float.NaN);
            }
            return results;
        });
        List<Fault> faults = nan.run(CALLS.on(ConvolutionPath.ONEDNN).subList(1, 2), 1);
        assertThat(faults).singleElement().satisfies(f -> {
            assertThat(f.part()).isEqualTo(KernelCheck.Part.INFERENCE);
            assertThat(f.worstError()).isNaN();
            assertThat(f.toString()).endsWith("(NaN or infinite)");
        });
    }
}
