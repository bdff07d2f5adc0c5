package backproplab.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.model.Models;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * doctor where libtorch's switch between oneDNN's kernels and its own cannot be reached (its
 * symbols not found): it says so, checks the default kernels alone, and never switches.
 */
class DoctorWithoutSwitchTest {

    private static final String MISSING = "libtorch's switch between oneDNN's kernels and its"
            + " own was not found in C:\\Users\\a\\torch_cpu.dll (no such symbol)";

    @Test
    void saysTheSwitchIsUnavailableAndChecksTheDefaultKernelsAlone() {
        List<ConvolutionPath> used = new ArrayList<>();
        KernelGuard.Paths paths = new KernelGuard.Paths() {
            @Override
            public ConvolutionPath current() {
                return ConvolutionPath.ONEDNN;
            }

            @Override
            public void use(ConvolutionPath path) {
                used.add(path);
            }

            @Override
            public String switchMissing() {
                return MISSING;
            }
        };
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConvolutionPath path = new Doctor(new KernelCheck(KernelCheck.LIBTORCH), paths,
                new PrintStream(bytes, true, StandardCharsets.UTF_8))
                .examine(List.of(Models.TINY.architecture()), 16, 1, 1);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(path).isEqualTo(ConvolutionPath.ONEDNN);
        assertThat(out.replace("\n", " ")).contains("was not found in", "torch_cpu.dll",
                "only libtorch's default kernels are checked.");
        assertThat(out).contains("right in all 7 shapes").doesNotContain("libtorch's own kernels ")
                .endsWith("backprop-lab computes convolutions with libtorch's default kernels"
                        + " here (right)." + System.lineSeparator());
        assertThat(used).containsOnly(ConvolutionPath.ONEDNN);
        assertThat(out.lines()).allSatisfy(line -> assertThat(line.length())
                .isLessThanOrEqualTo(80));
    }
}
