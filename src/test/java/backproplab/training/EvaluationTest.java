package backproplab.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.training.ParameterStore;
import backproplab.data.Digits;
import backproplab.data.MnistFiles;
import backproplab.model.Models;
import java.nio.file.Path;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Evaluation shared among threads answers exactly as evaluation on one thread. */
class EvaluationTest {

    @AfterEach
    void allCores() {
        Engines.configure(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void twoThreadsGiveTheSameAnswersAsOne() {
        // 2,100 images: batches of 250 that do not divide evenly between the threads.
        Digits test = MnistFiles.load(Path.of("data", "mnist"), line -> {}).test().first(2100);
        Engines.noGradientsOnThisThread();
        Engine.getInstance().setRandomSeed(3);
        try (Model model = ModelLoader.build(Models.LEAN.architecture());
             Evaluation evaluation = new Evaluation(model.getNDManager(), test)) {
            ParameterStore store = new ParameterStore(model.getNDManager(), false);
            Engines.configure(1);
            Evaluation.Result one = evaluation.run(model.getBlock(), store);
            Engines.configure(2);
            Evaluation.Result two = evaluation.run(model.getBlock(), store);

            assertThat(two.predictions()).containsExactly(one.predictions());
            assertThat(two.probabilities()).containsExactly(one.probabilities());
            assertThat(two.confidences()).containsExactly(one.confidences());
            assertThat(two.accuracy()).isEqualTo(one.accuracy());
            assertThat(two.loss()).isCloseTo(one.loss(), Offset.offset(1e-9));
            // An independent tally of the answers.
            long right = 0;
            for (int i = 0; i < test.count(); i++) {
                right += one.predictions()[i] == test.label(i) ? 1 : 0;
            }
            assertThat(one.accuracy()).isEqualTo((double) right / test.count());
        }
    }
}
