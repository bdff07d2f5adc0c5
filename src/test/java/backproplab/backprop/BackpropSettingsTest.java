package backproplab.backprop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each rule on the settings names the setting it guards, for the command line and the web lab. */
@Tag("parser")
class BackpropSettingsTest {

    private static final double[] IN = {0.05, 0.1};
    private static final double[] T = {0.5, 0.5};
    private static final double[] W = {0.15, 0.2, 0.25, 0.3, 0.4, 0.45, 0.5, 0.55};
    private static final double[] RATES = {0.5, 1};

    static Stream<Arguments> brokenSettings() {
        return Stream.of(
                broken("inputs", () -> BackpropSettings.of(new double[] {1}, T, W, null, false,
                        RATES, 68)),
                broken("targets", () -> BackpropSettings.of(IN, new double[] {Double.NaN, 1}, W,
                        null, false, RATES, 68)),
                broken("weights", () -> BackpropSettings.of(IN, T, new double[] {1, 2}, null,
                        false, RATES, 68)),
                broken("biases", () -> BackpropSettings.of(IN, T, W, new double[] {1, 2, 3},
                        false, RATES, 68)),
                broken("train-biases", () -> BackpropSettings.of(IN, T, W, null, true, RATES,
                        68)),
                broken("lr", () -> BackpropSettings.of(IN, T, W, null, false, new double[0], 68)),
                broken("lr", () -> BackpropSettings.of(IN, T, W, null, false,
                        new double[] {0.5, -1}, 68)),
                broken("lr", () -> BackpropSettings.of(IN, T, W, null, false,
                        new double[] {0.5, 0.5}, 68)),
                broken("iterations", () -> BackpropSettings.of(IN, T, W, null, false, RATES, 0)),
                broken("iterations", () -> BackpropSettings.of(IN, T, W, null, false, RATES,
                        BackpropSettings.MAX_ITERATIONS / 2 + 1)),
                broken("diagram", () -> BackpropSettings.defaults().requireIteration("diagram",
                        69)));
    }

    private static Arguments broken(String setting, Supplier<Object> build) {
        return Arguments.of(setting, build);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenSettings")
    void aBrokenRuleNamesItsSetting(String setting, Supplier<Object> build) {
        assertThatThrownBy(build::get).isInstanceOfSatisfying(InvalidSettingException.class,
                e -> {
                    assertThat(e.setting()).isEqualTo(setting);
                    assertThat(e.getMessage()).startsWith("--" + setting + ": ")
                            .endsWith(e.problem()).doesNotContain("\n");
                });
    }

    @Test
    void theLargestWorkbookIsAllowedAndTheDefaultsAreValid() {
        assertThat(BackpropSettings.of(IN, T, W, null, false, RATES,
                BackpropSettings.MAX_ITERATIONS / 2).iterations())
                .isEqualTo(BackpropSettings.MAX_ITERATIONS / 2);
        assertThat(BackpropSettings.defaults().biases()).isEmpty();
        assertThat(BackpropSettings.mazur().requireIteration("diagram", 68)).isEqualTo(68);
    }
}
