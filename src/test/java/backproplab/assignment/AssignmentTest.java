package backproplab.assignment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import backproplab.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rules file read: S6's built in, a teacher's own, and the lines that are not rules. */
class AssignmentTest {

    @TempDir
    Path tmp;

    @Test
    void s6IsTheCoursesAssignment() {
        assertThat(Assignment.S6.name()).isEqualTo("s6");
        assertThat(Assignment.S6.rules()).containsExactly(
                new Rule.ParameterBudget(20_000, false),
                new Rule.EpochBudget(20),
                new Rule.AccuracyHeld(99.4, 3),
                new Rule.Layers(List.of("BatchNorm2d"), true),
                new Rule.Layers(List.of("Dropout", "Dropout2d"), true),
                new Rule.Layers(List.of("GAP", "Linear"), true));
        assertThat(Assignment.resolve(null, "--assignment")).isSameAs(Assignment.S6);
        assertThat(Assignment.resolve("s6", "--assignment")).isSameAs(Assignment.S6);
    }

    @Test
    void rulesWrittenBackReadTheSame() {
        Assignment again = Assignment.parse("again", "s6", Assignment.S6.text());
        assertThat(again).isEqualTo(Assignment.S6);
    }

    @Test
    void aTeachersFileWithItsOwnWording() throws IOException {
        Path file = tmp.resolve("week7.rules");
        Files.writeString(file, "\uFEFF## week 7\r\n# budgets\r\nPARAMETERS <= 8,000\r\n"
                + "epochs < 16\naccuracy >= 99.5 over the last 4 epochs\n"
                + "require 1x1 Conv2d\nforbid Linear   # no fully connected head\n",
                StandardCharsets.UTF_8);
        Assignment a = Assignment.read(file, "--assignment week7.rules");
        assertThat(a.name()).isEqualTo("week7");
        assertThat(a.description()).isEqualTo("week 7");
        assertThat(a.rules()).containsExactly(new Rule.ParameterBudget(8_000, true),
                new Rule.EpochBudget(15), new Rule.AccuracyHeld(99.5, 4),
                new Rule.Layers(List.of("1x1 Conv2d"), true),
                new Rule.Layers(List.of("Linear"), false));
        assertThat(a.rules().get(1).text()).isEqualTo("at most 15 epochs");
        assertThat(a.rules().get(2).text())
                .isEqualTo("test accuracy at least 99.5% in each of the last 4 epochs");
    }

    @Test
    void anAccuracyWithoutEpochsIsTheLastEpochs() {
        Assignment a = Assignment.parse("r", "r", "accuracy >= 99%\n");
        assertThat(a.rules()).containsExactly(new Rule.AccuracyHeld(99, 1));
        assertThat(a.rules().get(0).text()).isEqualTo("test accuracy at least 99% in the last"
                + " epoch");
    }

    @Test
    void eachProblemNamesTheFileAndLine() {
        assertThatThrownBy(() -> Assignment.parse("r.txt", "r", "epochs <= 20\nparameters"
                + " under 20000\n")).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("r.txt:2: not a rule: parameters under 20000");
        assertThatThrownBy(() -> Assignment.parse("r.txt", "r", "\nrequire BatchNorm\n"))
                .hasMessageStartingWith("r.txt:2: unknown layer BatchNorm; known: Conv2d,")
                .hasMessageContaining("BatchNorm2d").hasMessageContaining("1x1 Conv2d");
        assertThatThrownBy(() -> Assignment.parse("r.txt", "r", "epochs <= 20\nepochs <= 15\n"))
                .hasMessage("r.txt:2: a second epochs rule (the first: epochs <= 20)");
        assertThatThrownBy(() -> Assignment.parse("r.txt", "r", "accuracy >= 120\n"))
                .hasMessageStartingWith("r.txt:1: the accuracy must be above 0% and at most"
                        + " 100%");
        assertThatThrownBy(() -> Assignment.parse("r.txt", "r", "epochs < 1\n"))
                .hasMessageStartingWith("r.txt:1: an epoch budget of 1 to 10,000 epochs");
        assertThatThrownBy(() -> Assignment.parse("r.txt", "r", "parameters < 0\n"))
                .hasMessageStartingWith("r.txt:1: limit must be at least 1");
        assertThatThrownBy(() -> Assignment.parse("r.txt", "r", "## only a note\n# and more\n"))
                .hasMessageStartingWith("r.txt: no rules");
    }

    @Test
    void filesThatAreNotRulesAreRefusedInOneLine() throws IOException {
        assertThatThrownBy(() -> Assignment.resolve(tmp.resolve("none.txt").toString(),
                "--assignment")).isInstanceOf(InvalidInputException.class)
                .hasMessageEndingWith("none.txt: no such file");
        assertThatThrownBy(() -> Assignment.read(tmp, "--assignment x"))
                .hasMessage("--assignment x: a folder, not a rules file");
        Path binary = tmp.resolve("b.txt");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        assertThatThrownBy(() -> Assignment.read(binary, "--assignment b.txt"))
                .hasMessage("--assignment b.txt: not a text file (it is not UTF-8)");
        Path big = tmp.resolve("big.txt");
        Files.writeString(big, "epochs <= 20\n".repeat(6000));
        assertThatThrownBy(() -> Assignment.read(big, "--assignment big.txt"))
                .hasMessageContaining("larger than 64 KB");
    }
}
