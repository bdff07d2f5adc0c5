package backproplab.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import backproplab.model.Architecture;
import backproplab.model.ModelFile;
import backproplab.model.Module;
import backproplab.model.PyTorchClass;
import backproplab.model.PyTorchModule;
import backproplab.report.AtomicFiles;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code export}: a checkpoint's model as PyTorch takes it: NAME.py (the module, {@link
 * PyTorchModule}) and NAME.safetensors, the weights under PyTorch's names for that module
 * ({@code 0.weight}, {@code 2.running_var}, ...), so {@code model.load_state_dict(...)} loads
 * them strictly. safetensors is a documented, safe format (a JSON header, then the raw
 * little-endian arrays) that needs no pickle and no Python package beyond torch to read.
 */
public final class PyTorchExport {

    /** DJL's parameter names and PyTorch's for the same arrays. */
    private static final Map<String, String> NAMES = Map.of("weight", "weight", "bias", "bias",
            "gamma", "weight", "beta", "bias", "runningMean", "running_mean", "runningVar",
            "running_var");

    private PyTorchExport() {}

    /** The files written: the module, then the weights. */
    public record Files(Path module, Path weights) {}

    public static Files write(Path checkpoint, Path outDir) throws IOException {
        Checkpoint.Meta meta = Checkpoint.readMeta(checkpoint);
        AtomicFiles.requireWritableDirectory(outDir, "--out");
        String name = PyTorchModule.function(meta.model());
        Files files = new Files(outDir.resolve(name + ".py"),
                outDir.resolve(name + ".safetensors"));
        Map<String, NDArray> state;
        byte[] weights;
        try (ModelLoader.Loaded loaded = ModelLoader.load(checkpoint, meta)) {
            ModelFile model = meta.modelFile();
            PyTorchClass c = model.pytorchClass();
            state = c != null ? stateDict(meta.architecture(), loaded.block(), c.layers(),
                    c.unused()) : stateDict(meta.architecture(), loaded.block());
            weights = safetensors(state, meta.steps(), Map.of("format", "pt",
                    "model", meta.model(), "epoch", Integer.toString(meta.epoch())));
        }
        AtomicFiles.writeString(files.module(), PyTorchModule.source(meta.modelFile()));
        AtomicFiles.write(files.weights(), out -> out.write(weights));
        return files;
    }

    /** Each layer's arrays under the names PyTorch gives them in an nn.Sequential. */
    static Map<String, NDArray> stateDict(Architecture arch, Block block) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < arch.layers().size(); i++) {
            keys.add(Integer.toString(i));
        }
        return stateDict(arch, block, keys, List.of());
    }

    /**
     * Each layer's arrays under the names PyTorch gives them in the learner's class, and, for
     * the layers its forward never applies, the values PyTorch would start them from: they
     * compute nothing, but {@code load_state_dict} wants every key.
     */
    static Map<String, NDArray> stateDict(Architecture arch, Block block, List<String> keys,
                                          List<String> unusedKeys) {
        Map<String, NDArray> state = new LinkedHashMap<>();
        List<Block> children = List.copyOf(block.getChildren().values());
        NDManager manager = null;
        for (int i = 0; i < children.size(); i++) {
            for (Pair<String, Parameter> p : children.get(i).getDirectParameters()) {
                String name = NAMES.get(p.getKey());
                if (name == null) {
                    throw new IllegalStateException("no PyTorch name for " + p.getKey());
                }
                state.put(keys.get(i) + "." + name, p.getValue().getArray());
                manager = p.getValue().getArray().getManager();
            }
            if (arch.layers().get(i).module() instanceof Module.BatchNorm2d) {
                // PyTorch's BatchNorm2d counts its steps; its state dict must hold the count.
                state.put(keys.get(i) + ".num_batches_tracked", null);
            }
        }
        for (int i = 0; i < arch.unused().size(); i++) {
            String key = unusedKeys.get(i);
            Module m = arch.unused().get(i);
            if (m instanceof Module.Conv2d c) {
                state.put(key + ".weight", manager.zeros(new Shape(c.outChannels(),
                        c.inChannels() / c.groups(), c.kernel(), c.kernel())));
                if (c.bias()) {
                    state.put(key + ".bias", manager.zeros(new Shape(c.outChannels())));
                }
            } else if (m instanceof Module.Linear l) {
                state.put(key + ".weight", manager.zeros(new Shape(l.outFeatures(),
                        l.inFeatures())));
                if (l.bias()) {
                    state.put(key + ".bias", manager.zeros(new Shape(l.outFeatures())));
                }
            } else if (m instanceof Module.BatchNorm2d b) {
                state.put(key + ".weight", manager.ones(new Shape(b.features())));
                state.put(key + ".bias", manager.zeros(new Shape(b.features())));
                state.put(key + ".running_mean", manager.zeros(new Shape(b.features())));
                state.put(key + ".running_var", manager.ones(new Shape(b.features())));
                state.put(key + ".num_batches_tracked", null);
            } else {
                throw new IllegalStateException("no PyTorch weights for " + m.label());
            }
        }
        return state;
    }

    /**
     * The safetensors file: 8 bytes of header length, the JSON header (names, dtypes, shapes,
     * offsets), then the data. A null array is BatchNorm's step count, written as {@code steps}.
     */
    static byte[] safetensors(Map<String, NDArray> state, long steps, Map<String, String> about)
            throws IOException {
        JsonObject header = new JsonObject();
        JsonObject metadata = new JsonObject();
        about.forEach(metadata::addProperty);
        header.add("__metadata__", metadata);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (Map.Entry<String, NDArray> e : state.entrySet()) {
            JsonObject tensor = new JsonObject();
            JsonArray shape = new JsonArray();
            byte[] bytes;
            if (e.getValue() == null) {
                tensor.addProperty("dtype", "I64");
                bytes = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN)
                        .putLong(steps).array();
            } else {
                tensor.addProperty("dtype", "F32");
                for (long d : e.getValue().getShape().getShape()) {
                    shape.add(d);
                }
                float[] values = e.getValue().toFloatArray();
                ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES)
                        .order(ByteOrder.LITTLE_ENDIAN);
                buffer.asFloatBuffer().put(values);
                bytes = buffer.array();
            }
            tensor.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(data.size());
            offsets.add(data.size() + bytes.length);
            tensor.add("data_offsets", offsets);
            header.add(e.getKey(), tensor);
            data.write(bytes);
        }
        byte[] json = new Gson().toJson(header).getBytes(StandardCharsets.UTF_8);
        // The format pads the header with spaces to a multiple of 8 bytes.
        int padded = (json.length + 7) / 8 * 8;
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(padded).array());
        file.write(json);
        file.write(" ".repeat(padded - json.length).getBytes(StandardCharsets.US_ASCII));
        data.writeTo(file);
        return file.toByteArray();
    }
}
