package backproplab.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import backproplab.SideBySide;
import backproplab.data.Digits;
import backproplab.data.TrainBatches;
import backproplab.model.Architecture;
import backproplab.model.FastDropout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Data parallelism on one CPU: one model replica per thread, each computing forward and backward
 * on its share of the batch with one libtorch thread, as PyTorch's DistributedDataParallel does
 * with one process per core.
 *
 * <p>Why: a small CNN's layers are too small for two threads inside one operation. libtorch's
 * OpenMP threads meet at a barrier after every operation, and whenever anything else takes a core
 * for a moment (the JIT, the collector, the augmentation thread) the other thread waits there.
 * Two replicas never wait for each other until the step ends.
 *
 * <p>What the replicas share and what not:
 * <ul>
 *   <li>The weights are shared: every replica reads the model's own arrays, so their gradients
 *       are summed into the same {@code .grad} by libtorch's autograd (which locks a weight's
 *       accumulator). Each replica's loss is its mean scaled by its share of the batch, so the
 *       sum is the gradient of the whole batch's mean loss. A sum of two terms does not depend
 *       on which thread finishes first, so a seed still gives the same numbers.</li>
 *   <li>BatchNorm normalises each replica's share with that share's statistics, as DDP does
 *       (so the numbers depend on the thread count). Each replica keeps its own running
 *       statistics; after an epoch the model's are set to their mean, and every replica starts
 *       the next epoch from it, so a checkpoint holds all there is and resuming repeats a run.</li>
 *   <li>Dropout: each replica has its own layers, with masks seeded by (seed, epoch, replica).</li>
 * </ul>
 *
 * <p>With one thread this is the plain loop: one replica, the model itself, unscaled loss.
 */
final class Replicas implements AutoCloseable {

    /**
     * One training step's mean loss over the batch and its right answers; the nanoseconds of
     * replica 0's forward pass (with the loss) and backward pass, which the calling thread runs.
     */
    record Step(float loss, long correct, long forwardNanos, long backwardNanos) {}

    /** A model replica: its block, and where its parameters come from. */
    private record Replica(Block block, ParameterStore store, List<NDArray> runningStats) {}

    private final List<Replica> replicas = new ArrayList<>();
    private final NDManager manager;
    private final Loss loss;
    private final ExecutorService workers;

    /**
     * @param model the model's initialised block: replica 0, whose weights every replica shares
     */
    Replicas(Architecture arch, Block model, NDManager manager, Loss loss, int count) {
        this.manager = manager;
        this.loss = loss;
        replicas.add(new Replica(model, new ParameterStore(manager, false), runningStats(model)));
        for (int k = 1; k < count; k++) {
            Block block = arch.newBlock();
            block.initialize(manager, DataType.FLOAT32, arch.inputShape(1));
            replicas.add(new Replica(block, sharing(model, block), runningStats(block)));
        }
        workers = count == 1 ? null : SideBySide.threads("replica", count - 1);
    }

    /**
     * Before an epoch: dropout masks from (seed, epoch) (replica 0 as a single-threaded run), and
     * every replica's running statistics from the model's.
     */
    void startEpoch(long seed, int epoch) {
        long epochSeed = seed * 1000 + epoch;
        for (int k = 0; k < replicas.size(); k++) {
            Replica r = replicas.get(k);
            FastDropout.reseedAll(r.block(), k == 0 ? epochSeed : epochSeed * 1_000_003L + k);
            if (k > 0) {
                List<NDArray> own = r.runningStats();
                for (int i = 0; i < own.size(); i++) {
                    // In place for the store that hands this array to BatchNorm; a copy inside
                    // libtorch (NDArray.copyTo goes through Java memory).
                    own.get(i).intern(replicas.get(0).runningStats().get(i).duplicate());
                }
            }
        }
    }

    /** After an epoch: the model's running statistics become the replicas' mean. */
    void endEpoch() {
        if (replicas.size() == 1) {
            return;
        }
        List<NDArray> model = replicas.get(0).runningStats();
        for (int i = 0; i < model.size(); i++) {
            for (int k = 1; k < replicas.size(); k++) {
                model.get(i).addi(replicas.get(k).runningStats().get(i));
            }
            model.get(i).divi(replicas.size());
        }
    }

    /**
     * Forward and backward of {@code batch}, split among the replicas; the summed gradients are
     * left in the weights' {@code .grad} for the optimizer.
     */
    Step step(TrainBatches.Batch batch) {
        int n = batch.size();
        int count = Math.min(replicas.size(), n);
        List<Future<Step>> others = new ArrayList<>();
        for (int k = 1; k < count; k++) {
            int replica = k;
            others.add(workers.submit(() -> part(replica, count, batch)));
        }
        Step mine = part(0, count, batch);
        float lossSum = mine.loss();
        long correct = mine.correct();
        for (Future<Step> f : others) {
            Step s = SideBySide.join(f);
            lossSum += s.loss();
            correct += s.correct();
        }
        return new Step(lossSum, correct, mine.forwardNanos(), mine.backwardNanos());
    }

    /** Replica {@code k} of {@code count} on its rows of the batch. */
    private Step part(int k, int count, TrainBatches.Batch batch) {
        int n = batch.size();
        int from = k * n / count;
        int to = (k + 1) * n / count;
        Replica r = replicas.get(k);
        ByteBuffer rows = batch.images().slice(from * Digits.PIXELS * Float.BYTES,
                (to - from) * Digits.PIXELS * Float.BYTES).order(ByteOrder.nativeOrder());
        long[] labels = Arrays.copyOfRange(batch.labels(), from, to);
        // Gradient mode belongs to a thread; it is on only while this replica records its graph.
        JniUtils.setGradMode(true);
        try (NDManager scratch = manager.newSubManager()) {
            NDArray x = scratch.create(rows, new Shape(to - from, 1, Digits.SIDE, Digits.SIDE),
                    DataType.FLOAT32);
            NDArray y = scratch.create(labels);
            long start = System.nanoTime();
            NDArray logProbs = r.block().forward(r.store(), new NDList(x), true)
                    .singletonOrThrow();
            NDArray l = loss.evaluate(new NDList(y), new NDList(logProbs));
            long forwardEnd = System.nanoTime();
            // The replica's share of the batch's mean loss: the backward pass starts from the
            // share instead of 1, which is the gradient of l * share without a product in the
            // graph (GraphNumber says why a number there needs care).
            float share = count > 1 ? (float) (to - from) / n : 1f;
            JniUtils.backward((PtNDArray) l, (PtNDArray) GraphNumber.of(scratch, share), false,
                    false);
            long backwardEnd = System.nanoTime();
            return new Step(l.getFloat() * share, logProbs.argMax(1).eq(y).sum().getLong(),
                    forwardEnd - start, backwardEnd - forwardEnd);
        } finally {
            JniUtils.setGradMode(false);
        }
    }

    /** BatchNorm's running mean and variance: the parameters no gradient reaches. */
    private static List<NDArray> runningStats(Block block) {
        List<NDArray> stats = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (!p.getValue().requiresGradient()) {
                stats.add(p.getValue().getArray());
            }
        }
        return stats;
    }

    /**
     * A store that gives {@code replica}'s layers the model's weights (parameters in the same
     * order, as both come from one architecture) and its own running statistics.
     */
    private ParameterStore sharing(Block model, Block replica) {
        Map<String, NDArray> values = new HashMap<>();
        PairList<String, Parameter> shared = model.getParameters();
        PairList<String, Parameter> own = replica.getParameters();
        for (int i = 0; i < own.size(); i++) {
            Parameter mine = own.get(i).getValue();
            Parameter models = shared.get(i).getValue();
            values.put(mine.getId(), mine.requiresGradient() ? models.getArray() : mine.getArray());
        }
        return new ParameterStore(manager, false) {
            @Override
            public NDArray getValue(Parameter parameter, Device device, boolean training) {
                return parameter == null ? null : values.get(parameter.getId());
            }
        };
    }

    @Override
    public void close() {
        if (workers != null) {
            workers.shutdownNow();
        }
    }
}
