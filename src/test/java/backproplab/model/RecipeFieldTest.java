package backproplab.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import backproplab.InvalidValueException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The recipe's one table: train's options, read from text onto a base recipe, and their rules. */
@Tag("parser")
class RecipeFieldTest {

    /** Every field away from the builder's starting values, so a field left uncopied shows. */
    private static final Recipe EVERY_FIELD_SET = Recipe.builder().epochs(9).batchSize(64)
            .sgd(0.2f, 0.8f).nesterov(true).weightDecay(1e-4f).schedule(Recipe.Schedule.STEP)
            .stepEvery(3).stepGamma(0.5f).rotation(6).shift(2).labelSmoothing(0.1f)
            .dropout(0.2f).build();

    @Test
    void theTableHoldsEachFieldOfTheRecordOnce() {
        assertThat(RecipeField.ALL).hasSize(Recipe.class.getRecordComponents().length)
                .doesNotHaveDuplicates();
        assertThat(RecipeField.ALL.stream().map(RecipeField::name)).doesNotHaveDuplicates();
        assertThat(EVERY_FIELD_SET.toBuilder().build()).isEqualTo(EVERY_FIELD_SET);
    }

    @Test
    void trainsOptionsApplyOverTheBase() {
        Recipe base = Models.LEAN.recipe();
        Recipe r = RecipeField.apply(base, List.of("--lr", "0.05", "--epochs=3", "--no-nesterov",
                "--optimizer", "ADAMW", "--schedule=step"));
        assertThat(r).isEqualTo(base.toBuilder().learningRate(0.05f).epochs(3).nesterov(false)
                .optimizer(Recipe.Optimizer.ADAMW).schedule(Recipe.Schedule.STEP).build());
        assertThat(RecipeField.apply(Recipe.NOTEBOOK, List.of("--nesterov", "--lr=0.3")))
                .isEqualTo(Recipe.NOTEBOOK.toBuilder().nesterov(true).learningRate(0.3f).build());
        assertThat(RecipeField.apply(base, List.of())).isEqualTo(base);
        // A negative value is a value, not an option: refused by its rule, not as missing.
        assertThatThrownBy(() -> RecipeField.apply(base, List.of("--lr", "-1")))
                .hasMessage("--lr: must be a finite number > 0, got -1.0");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--lr abc              | --lr           | expected a number, got 'abc'",
        "--epochs=2.5          | --epochs       | expected a whole number, got '2.5'",
        "--epochs 99999999999  | --epochs       | expected a whole number from -2,147,483,648"
                + " to 2,147,483,647, got '99999999999'",
        "--optimizer rmsprop   | --optimizer    | expected one of sgd, adam, adamw, got 'rmsprop'",
        "--dropout 1           | --dropout      | must be between 0.0 and 0.95, got 1.0",
        "--lr                  | --lr           | missing value (RATE)",
        "--lr --epochs 3       | --lr           | missing value (RATE)",
        "--nesterov=true       | --nesterov     | takes no value; --nesterov or --no-nesterov",
        "--lr 0.1 --lr=0.2     | --lr           | given twice",
        "--nesterov --no-nesterov | --nesterov  | given twice"})
    void aBadOptionIsNamedWithItsProblem(String arguments, String option, String problem) {
        InvalidValueException e = refused(arguments);
        assertThat(e.name()).isEqualTo(option);
        assertThat(e.problem()).isEqualTo(problem);
        assertThat(e.getMessage()).isEqualTo(option + ": " + problem);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--lrr 0.1   | --lrr  | unknown option",
        "--no-lr     | --no-lr | unknown option",
        "--seed 3    | --seed | unknown option",
        "0.1         | 0.1    | expected an option"})
    void anUnknownOptionIsRefusedNamingTheKnownOnes(String arguments, String name, String what) {
        InvalidValueException e = refused(arguments);
        assertThat(e.name()).isEqualTo(name);
        assertThat(e.problem()).startsWith(what + "; a recipe's options are --epochs,")
                .contains("--lr", "--[no-]nesterov", "--dropout");
    }

    /**
     * One rule for the command line, the lab and a model's recipe: Nesterov asked for beside
     * another optimizer is refused; a base recipe's Nesterov beside it is dropped, as a saved
     * run's is.
     */
    @Test
    void nesterovAskedForGoesWithSgdOnly() {
        Recipe lean = Models.LEAN.recipe();
        assertThat(lean.nesterov()).isTrue();
        assertThat(refused("--optimizer adam --nesterov").getMessage())
                .isEqualTo("--nesterov: only with --optimizer sgd");
        assertThatThrownBy(() -> RecipeField.apply(lean, Map.of(RecipeField.OPTIMIZER, "adam",
                RecipeField.NESTEROV, "true"))).isInstanceOf(InvalidValueException.class)
                .hasMessage("--nesterov: only with --optimizer sgd");
        assertThat(RecipeField.apply(lean, List.of("--optimizer", "adam")).nesterov()).isFalse();
        assertThat(RecipeField.apply(lean, List.of("--optimizer", "adam", "--no-nesterov"))
                .optimizer()).isEqualTo(Recipe.Optimizer.ADAM);
    }

    /** Each value as help, the form and command.txt write it reads back as itself. */
    @ParameterizedTest
    @MethodSource(BuiltIns.ALL)
    void everyValueWrittenAsArgumentsReadsBack(ModelFile m) {
        for (RecipeField<?> field : RecipeField.ALL) {
            Recipe read = RecipeField.apply(EVERY_FIELD_SET,
                    field.arguments(field.text(m.recipe())));
            assertThat(field.get(read)).as(field.option()).isEqualTo(field.get(m.recipe()));
        }
        assertThat(RecipeField.WEIGHT_DECAY.text(Models.LEAN.recipe())).isEqualTo("0.00005");
        assertThat(RecipeField.NESTEROV.arguments("false")).containsExactly("--no-nesterov");
        assertThat(RecipeField.LR.arguments("0.05")).containsExactly("--lr", "0.05");
    }

    private static InvalidValueException refused(String arguments) {
        try {
            RecipeField.apply(Models.LEAN.recipe(), List.of(arguments.trim().split(" +")));
        } catch (InvalidValueException e) {
            return e;
        }
        throw new AssertionError("accepted: " + arguments);
    }
}
