package backproplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.cli.BackpropCommandTest.Run;
import backproplab.kernels.ConvolutionPath;
import backproplab.kernels.Cpu;
import backproplab.kernels.OneDnnCacheSizes;
import java.util.List;
import org.junit.jupiter.api.Test;

/** doctor as a person runs it: the CPU named, a table per path, a verdict, 80 columns. */
class DoctorCommandTest {

    @Test
    void namesTheCpuChecksBothPathsAndSaysWhichIsTaken() {
        ConvolutionPath before = ConvolutionPath.current();
        Run run = Run.of("doctor", "--model", "tiny", "--calls", "1");
        assertThat(run.code()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("CPU: " + Cpu.here());
        assertThat(run.out()).contains("oneDNN's kernels ", "libtorch's own kernels ",
                "8->12 3x3 pad 0, 26x26", "right in all 7 shapes");
        assertThat(lines.get(lines.size() - 1)).startsWith("backprop-lab computes convolutions"
                + " with " + before.description() + " here");
        assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
        assertThat(ConvolutionPath.current()).as("as it was").isEqualTo(before);
    }

    @Test
    void asReadShowsTheFaultTheMendingPrevents() {
        org.junit.jupiter.api.Assumptions.assumeTrue(OneDnnCacheSizes.changeable()
                && OneDnnCacheSizes.result().outcome() == OneDnnCacheSizes.Outcome.MENDED,
                "oneDNN's cache sizes were not mended here");
        int[] inForce = OneDnnCacheSizes.inForce();
        Run run = Run.of("doctor", "--model", "tiny", "--calls", "1", "--as-read");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("WRONG in", "right in all 7 shapes");
        assertThat(run.out().lines().reduce((a, b) -> b).orElseThrow()).isEqualTo("backprop-lab"
                + " computes convolutions with libtorch's own kernels here: oneDNN's are wrong.");
        assertThat(OneDnnCacheSizes.inForce()).as("put back").isEqualTo(inForce);
    }
}
