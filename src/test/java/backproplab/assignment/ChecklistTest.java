package backproplab.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.assignment.Verdict.Status;
import backproplab.model.Architecture;
import backproplab.model.ModelFile;
import backproplab.model.Models;
import backproplab.training.EpochMetrics;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** S6's rules judged on the built-in models before training and on runs made to pass or fail. */
class ChecklistTest {

    /** The epochs of a run with these test accuracies (fractions). */
    private static List<EpochMetrics> history(double... accuracies) {
        List<EpochMetrics> h = new ArrayList<>();
        for (int i = 0; i < accuracies.length; i++) {
            h.add(new EpochMetrics(i + 1, 0.1, 0.99, 0.03, accuracies[i], null, 0.01, 1, 1));
        }
        return h;
    }

    private static List<Status> statuses(Checklist c) {
        return c.verdicts().stream().map(Verdict::status).toList();
    }

    @Test
    void leanMeetsEveryRuleAModelDecidesAndItsAccuracyIsToCome() {
        Checklist c = Checklist.ofModel(Assignment.S6, Models.LEAN.architecture(), 15);
        assertThat(statuses(c)).containsExactly(Status.MET, Status.MET, Status.PENDING,
                Status.MET, Status.MET, Status.MET);
        assertThat(c.verdicts().get(0).figure()).isEqualTo("7,864 parameters");
        assertThat(c.verdicts().get(1).figure()).isEqualTo("15 planned");
        assertThat(c.verdicts().get(2).figure()).isEqualTo("not trained yet");
        // lean's file: six BatchNorm2d, two Dropout(0.05), one global average pool.
        assertThat(c.verdicts().get(3).figure()).isEqualTo("6 x BatchNorm2d");
        assertThat(c.verdicts().get(4).figure()).isEqualTo("2 x Dropout(0.05)");
        assertThat(c.verdicts().get(5).figure()).isEqualTo("AdaptiveAvgPool2d");
        assertThat(c.allMet()).isFalse();
        assertThat(c.headline()).isEqualTo("s6: 5 of 6 rules met, 1 to come");
    }

    @Test
    void theNotebooksNetworkHasNeitherAGlobalAveragePoolNorALinearHead() {
        Checklist c = Checklist.ofModel(Assignment.S6, Models.S6.architecture(), 20);
        Verdict head = c.verdicts().get(5);
        assertThat(head.status()).isEqualTo(Status.BROKEN);
        assertThat(head.rule()).isEqualTo("has GAP or Linear");
        assertThat(head.figure()).isEqualTo("none");
        // The notebook's torchsummary count.
        assertThat(c.verdicts().get(0).figure()).isEqualTo("8,370 parameters");
        assertThat(c.verdicts().get(1).status()).isEqualTo(Status.MET);
    }

    /** S6's head rule judged on a model written as a model file. */
    private static Verdict head(String layers) {
        Architecture model = ModelFile.parse("head.txt", "head", layers + "nn.Flatten()\n"
                + "nn.LogSoftmax(dim=1)\n").architecture();
        return Checklist.ofModel(Assignment.S6, model, 20).verdicts().get(5);
    }

    @Test
    void anAveragePoolOverTheWholeMapIsAGlobalAveragePool() {
        // The course's notebook ends in nn.AvgPool2d(kernel_size=6) on 6x6 maps.
        Verdict whole = head("nn.Conv2d(1, 10, 23)\nnn.AvgPool2d(6)\n");
        assertThat(whole.status()).isEqualTo(Status.MET);
        assertThat(whole.figure()).isEqualTo("AvgPool2d 6x6");
        // On 7x7 maps the same window leaves a row and a column out; padded, it averages zeros
        // too; a 2x2 window is a transition. Each leaves one value per channel, none the mean.
        assertThat(head("nn.Conv2d(1, 10, 22)\nnn.AvgPool2d(6)\n").status())
                .isEqualTo(Status.BROKEN);
        assertThat(head("nn.Conv2d(1, 10, 25)\nnn.AvgPool2d(6, padding=1)\n").status())
                .isEqualTo(Status.BROKEN);
        assertThat(head("nn.Conv2d(1, 10, 25)\nnn.AvgPool2d(2)\nnn.Conv2d(10, 10, 2)\n").status())
                .isEqualTo(Status.BROKEN);
        assertThat(head("nn.Conv2d(1, 10, 27)\nnn.AdaptiveAvgPool2d(1)\n").figure())
                .isEqualTo("AdaptiveAvgPool2d");
    }

    @Test
    void aDropoutThatDropsNothingIsNotADropout() {
        // fast is written with Dropout(0.0): there in name only.
        Verdict dropout = Checklist.ofModel(Assignment.S6, Models.FAST.architecture(), 3)
                .verdicts().get(4);
        assertThat(dropout.status()).isEqualTo(Status.BROKEN);
        assertThat(dropout.figure()).isEqualTo("none (2 x Dropout(0.0), which drops nothing)");
    }

    @Test
    void theBudgetsAtTheirEdges() {
        Architecture s6 = Models.S6.architecture();
        assertThat(new Rule.ParameterBudget(8_370, false).check(s6, 20, List.of()).status())
                .isEqualTo(Status.BROKEN);
        assertThat(new Rule.ParameterBudget(8_370, true).check(s6, 20, List.of()).status())
                .isEqualTo(Status.MET);
        assertThat(new Rule.ParameterBudget(8_371, false).check(s6, 20, List.of()).status())
                .isEqualTo(Status.MET);
        Rule.EpochBudget twenty = new Rule.EpochBudget(20);
        assertThat(twenty.check(s6, 20, history(new double[20])).status())
                .isEqualTo(Status.MET);
        Verdict over = twenty.check(s6, 21, List.of());
        assertThat(over.status()).isEqualTo(Status.BROKEN);
        assertThat(over.figure()).isEqualTo("21 planned");
        // A run still going will train what it plans.
        Verdict going = twenty.check(s6, 30, history(new double[5]));
        assertThat(going.status()).isEqualTo(Status.BROKEN);
        assertThat(going.figure()).isEqualTo("30 planned (5 trained so far)");
    }

    @Test
    void accuracyHeldInEachOfTheLastEpochs() {
        Rule.AccuracyHeld held = new Rule.AccuracyHeld(99.4, 3);
        Architecture lean = Models.LEAN.architecture();
        Verdict ok = held.check(lean, 5, history(0.98, 0.993, 0.994, 0.9951, 0.9942));
        assertThat(ok.status()).isEqualTo(Status.MET);
        assertThat(ok.figure()).isEqualTo("lowest of epochs 3-5: 99.40%");

        Verdict once = held.check(lean, 5, history(0.98, 0.993, 0.9945, 0.9938, 0.9941));
        assertThat(once.status()).isEqualTo(Status.BROKEN);
        assertThat(once.figure()).isEqualTo("lowest of epochs 3-5: 99.38%; 99.45% at epoch 3,"
                + " not held");

        Verdict never = held.check(lean, 4, history(0.98, 0.99, 0.991, 0.992));
        assertThat(never.figure()).isEqualTo("lowest of epochs 2-4: 99.00%");
        assertThat(never.status()).isEqualTo(Status.BROKEN);

        Verdict tooShort = held.check(lean, 2, history(0.995, 0.996));
        assertThat(tooShort.status()).isEqualTo(Status.BROKEN);
        assertThat(tooShort.figure()).isEqualTo("2 epochs trained");

        Verdict soFar = held.check(lean, 10, history(0.98, 0.995, 0.996, 0.997));
        assertThat(soFar.status()).isEqualTo(Status.PENDING);
        assertThat(soFar.figure()).isEqualTo("lowest of epochs 2-4: 99.50% (so far)");
    }

    @Test
    void aRunMeetingEveryRule() {
        double[] acc = new double[15];
        for (int i = 0; i < acc.length; i++) {
            acc[i] = i < 9 ? 0.99 : 0.9945;
        }
        Checklist c = Checklist.ofRun(Assignment.S6, Models.LEAN.architecture(), 15,
                history(acc));
        assertThat(c.allMet()).isTrue();
        assertThat(c.headline()).isEqualTo("s6: all 6 rules met");
        assertThat(c.lines()).first().isEqualTo("  met  fewer than 20,000 parameters:"
                + " 7,864 parameters");
    }

    @Test
    void forbiddenLayers() {
        Rule.Layers noLinear = new Rule.Layers(List.of("Linear"), false);
        assertThat(noLinear.check(Models.LEAN.architecture(), 1, List.of()).status())
                .isEqualTo(Status.MET);
        Rule.Layers noPointwise = new Rule.Layers(List.of("1x1 Conv2d"), false);
        Verdict v = noPointwise.check(Models.S6.architecture(), 1, List.of());
        assertThat(v.status()).isEqualTo(Status.BROKEN);
        assertThat(v.rule()).isEqualTo("has no 1x1 Conv2d");
        assertThat(v.figure()).isEqualTo("2 x 1x1 Conv2d");
    }
}
