package backproplab.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import backproplab.InvalidInputException;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A recipe checks itself, whoever builds it, and names the option of a bad field. */
@Tag("parser")
class RecipeTest {

    @ParameterizedTest
    @MethodSource(BuiltIns.ALL)
    void everyModelsRecipeSurvivesAFullCopy(ModelFile m) {
        assertThat(m.recipe().toBuilder().build()).isEqualTo(m.recipe());
    }

    @Test
    void theBuilderSetsWhatItsNamesSay() {
        Recipe r = Recipe.builder().epochs(9).batchSize(64).sgd(0.2f, 0.8f).nesterov(true)
                .weightDecay(1e-4f).schedule(Recipe.Schedule.STEP).stepEvery(3).stepGamma(0.5f)
                .rotation(6).shift(2).labelSmoothing(0.1f).dropout(0.2f).build();
        assertThat(r).isEqualTo(new Recipe(9, 64, Recipe.Optimizer.SGD, 0.2f, 0.8f, true, 1e-4f,
                Recipe.Schedule.STEP, 3, 0.5f, 6, 2, 0.1f, 0.2f));
    }

    /** Runs saved before the rule said nesterov: true beside adam; they must still load. */
    @Test
    void nesterovGoesWithSgdOnly() {
        Recipe lean = Models.LEAN.recipe();
        assertThat(lean.nesterov()).isTrue();
        assertThat(lean.toBuilder().optimizer(Recipe.Optimizer.ADAM).build().nesterov()).isFalse();
        assertThat(lean.toBuilder().optimizer(Recipe.Optimizer.ADAMW).nesterov(true).build()
                .nesterov()).isFalse();
    }

    @Test
    void badFieldsAreRefusedNamingTheirOption() {
        refused(b -> b.batchSize(1_000_000), "--batch-size: must be between 1 and 4096");
        refused(b -> b.batchSize(0), "--batch-size");
        refused(b -> b.epochs(-3), "--epochs");
        refused(b -> b.learningRate(Float.NaN), "--lr");
        refused(b -> b.learningRate(Float.POSITIVE_INFINITY), "--lr");
        refused(b -> b.momentum(1.5f), "--momentum");
        refused(b -> b.optimizer(null), "--optimizer: missing");
        refused(b -> b.schedule(null), "--schedule: missing");
        refused(b -> b.rotation(-1), "--rotation");
        refused(b -> b.shift(15), "--shift");
        refused(b -> b.dropout(1), "--dropout");
        refused(b -> b.labelSmoothing(Float.NaN), "--label-smoothing");
        // At 0 the first cut of a step schedule would end training.
        refused(b -> b.stepGamma(0), "--step-gamma");
    }

    private static void refused(UnaryOperator<Recipe.Builder> change, String message) {
        assertThatThrownBy(() -> change.apply(Recipe.NOTEBOOK.toBuilder()).build())
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith(message);
    }
}
