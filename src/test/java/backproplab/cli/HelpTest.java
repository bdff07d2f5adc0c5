package backproplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.cli.BackpropCommandTest.Run;
import backproplab.model.Models;
import backproplab.model.RecipeField;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** What a newcomer reads first: the help of every command, and the answer to a typo. */
class HelpTest {

    private static final Pattern DOUBLED_WORD = Pattern.compile("(?i)\\b(\\S+) \\1\\b");

    private static Map<String, CommandLine> commands() {
        return new CommandLine(new BackpropLab()).getSubcommands();
    }

    @Test
    void everyOptionOfEveryCommandIsDescribedAndEveryCommandHasAnExample() {
        for (Map.Entry<String, CommandLine> command : commands().entrySet()) {
            if (command.getKey().equals("help")) {
                continue;
            }
            for (OptionSpec option : command.getValue().getCommandSpec().options()) {
                assertThat(String.join(" ", option.description()))
                        .as(command.getKey() + " " + option.longestName()).isNotBlank();
            }
            String help = Run.of(command.getKey(), "--help").out();
            assertThat(help).as(command.getKey()).containsPattern(
                    "Examples?:\\s+(\\S+ )?backprop-lab " + command.getKey());
        }
    }

    @Test
    void everyTrainOptionNamesItsDefaultAndRecipeOptionsNameEachModels() {
        for (OptionSpec option : commands().get("train").getCommandSpec().options()) {
            if (option.usageHelp() || option.versionHelp()) {
                continue;
            }
            String text = String.join(" ", option.description());
            assertThat(text).as(option.longestName()).contains("default");
        }
        String help = Run.of("train", "--help").out();
        // The recipe's values come from the models themselves: s6's rate, fast's epochs.
        assertThat(help).contains("s6 " + Models.S6.recipe().learningRate(),
                "fast " + Models.FAST.recipe().epochs());
    }

    /** Every command that takes --model says it takes a notebook's class, and how to name one. */
    @Test
    void everyModelOptionSaysItTakesAPythonFileANotebookAndAClass() {
        int seen = 0;
        for (Map.Entry<String, CommandLine> command : commands().entrySet()) {
            OptionSpec model = command.getValue().getCommandSpec().findOption("--model");
            if (model == null) {
                continue;
            }
            seen++;
            String text = model.paramLabel() + " " + String.join(" ", model.description());
            assertThat(text).as(command.getKey()).contains("FILE.txt", "FILE.py",
                    "FILE.ipynb", ".ipynb:Net2");
        }
        assertThat(seen).as("train, summary, doctor").isGreaterThanOrEqualTo(3);
    }

    /** serve opens three pages; its one-line summary in the command list names each of them. */
    @Test
    void serveSaysWhatTheLabHolds() {
        String commands = Run.of("--help").out().replaceAll("\\s+", " ");
        assertThat(commands).containsPattern("serve [^.]*backprop[^.]*runs[^.]*CNN");
        String serve = Run.of("serve", "--help").out().replaceAll("\\s+", " ");
        assertThat(serve).contains("Runs page", "train", "/cnn");
    }

    @Test
    void modelsVerboseShowsEveryRecipeOption() {
        String table = Run.of("models", "--verbose").out();
        CommandLine.Model.CommandSpec train = commands().get("train").getCommandSpec();
        for (RecipeField<?> field : RecipeField.ALL) {
            assertThat(train.findOption(field.option())).as(field.option()).isNotNull();
            assertThat(table).contains(field.option());
        }
        assertThat(table).contains("onecycle", "0.25");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "trian                  | did you mean train",
        "evalute                | did you mean evaluate",
        "train --epoch 3        | did you mean --epochs",
        "evaluate               | --run"})
    void aTypoGetsOneLineWithASuggestionAndNoDoubledWords(String args, String expected) {
        Run run = Run.of(args.trim().split(" +"));
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).contains(expected.trim()).doesNotContain("Error: ");
        assertThat(DOUBLED_WORD.matcher(run.err()).find()).as(run.err()).isFalse();
    }
}
