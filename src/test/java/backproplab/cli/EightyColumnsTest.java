package backproplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.cli.BackpropCommandTest.Run;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What the commands print fits a terminal of ordinary width, 80 columns: no line is longer, and
 * help is wrapped only between words, never inside one or at the start of a line by accident.
 */
class EightyColumnsTest {

    private static final int COLUMNS = 80;

    @TempDir
    Path dir;

    /** The program and every command, as picocli knows them. */
    private static List<CommandLine> everyCommand() {
        CommandLine top = new CommandLine(new BackpropLab());
        List<CommandLine> all = new ArrayList<>(List.of(top));
        all.addAll(top.getSubcommands().values());
        return all;
    }

    private static String help(CommandLine command, int width) {
        command.setUsageHelpAutoWidth(false);
        command.setUsageHelpWidth(width);
        return command.getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    @Test
    void everyHelpFitsAndBreaksOnlyBetweenWords() {
        SoftAssertions soft = new SoftAssertions();
        for (CommandLine command : everyCommand()) {
            String name = command.getCommandSpec().qualifiedName();
            String narrow = help(command, COLUMNS);
            soft.assertThat(narrow.lines().filter(line -> line.length() > COLUMNS))
                    .as(name + ": lines too long").isEmpty();
            // The same words, in the same order, as where nothing needs wrapping: no word was
            // cut in two ("best." / "ckpt").
            soft.assertThat(words(narrow)).as(name + "\n" + narrow)
                    .isEqualTo(words(help(command, 1000)));
            // Footers are examples, typed as they are: one wrapped by picocli would go on at
            // column 0 and no longer read as one command.
            soft.assertThat(Arrays.stream(command.getCommandSpec().usageMessage().footer())
                    .filter(line -> line.length() > COLUMNS)).as(name + ": footer lines too long")
                    .isEmpty();
        }
        soft.assertAll();
    }

    /** backprop's synopsis is written out (see BackpropCommand): it must not forget an option. */
    @Test
    void backpropsWrittenSynopsisNamesEveryOption() {
        CommandSpec backprop = new CommandLine(new BackpropLab()).getSubcommands().get("backprop")
                .getCommandSpec();
        String synopsis = String.join(" ", backprop.usageMessage().customSynopsis());
        assertThat(backprop.options()).filteredOn(o -> !o.usageHelp() && !o.versionHelp())
                .isNotEmpty().allSatisfy(o -> assertThat(synopsis).contains(o.longestName()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"models", "models --verbose", "summary --model s6",
        "summary --model lean", "summary --model tiny", "summary --model fast"})
    void listsAndSummariesFit(String command) {
        Run run = Run.of(command.split(" "));
        assertThat(run.code()).as(run.err()).isZero();
        fits(run.out());
    }

    @Test
    void backpropsTableFitsForAnyNumberOfRates() {
        Run six = Run.of("backprop", "--out", dir.resolve("six").toString());
        assertThat(six.code()).as(six.err()).isZero();
        fits(six.out());
        assertThat(six.out()).contains("η=0.1", "η=2", "1.4181e-02");
        Run eight = Run.of("backprop", "--lr", "0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8", "--iterations",
                "12", "--out", dir.resolve("eight").toString());
        assertThat(eight.code()).as(eight.err()).isZero();
        fits(eight.out());
        // The rates past the first six go on in a second block, under their own header.
        assertThat(eight.out().lines().filter(l -> l.startsWith("iteration"))).hasSize(2);
        assertThat(eight.out()).contains("η=0.8");
        // Long names: columns as wide as the names, still apart, fewer to a block.
        Run wide = Run.of("backprop", "--lr", "0.000012345678,0.30000000000000004,1e-30,2,3,4",
                "--iterations", "3", "--out", dir.resolve("long").toString());
        assertThat(wide.code()).as(wide.err()).isZero();
        fits(wide.out());
        assertThat(wide.out()).contains(" η=0.000012345678", " η=0.30000000000000004", " η=1E-30");
    }

    private static void fits(String text) {
        assertThat(text.lines()).as(text).allSatisfy(line ->
                assertThat(line.length()).as(line).isLessThanOrEqualTo(COLUMNS));
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }
}
