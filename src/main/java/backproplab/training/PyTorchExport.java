package backproplab.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import backproplab.InvalidInputException;
import backproplab.model.Architecture;
import backproplab.model.ModelFile;
import backproplab.model.Module;
import backproplab.model.PyTorchClass;
import backproplab.model.PyTorchModule;
import backproplab.report.AtomicFiles;
import backproplab.report.WrittenFiles;
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

    /** The list, in the output folder, of the files export wrote there ({@link WrittenFiles}). */
    static final String WRITTEN = ".backprop-lab-export";
    private static final String OPTION = "--out";

    /** The files written: the module, then the weights. */
    public record Files(Path module, Path weights) {}

    /**
     * Writes the checkpoint's module and weights into {@code outDir}, which is made if missing.
     * A file there of those names is replaced only if it is what this export writes, or what an
     * earlier export wrote and nobody changed since: the learner's edits are never lost.
     *
     * @throws InvalidInputException naming {@code --out} and the first file that is someone
     *                               else's, before anything is written or made
     */
    public static Files write(Path checkpoint, Path outDir) throws IOException {
        // Everything is read and made in memory first: a checkpoint that cannot be read, or a
        // file that is not export's to replace, fails before the folder is made or touched.
        Checkpoint.Meta meta = Checkpoint.readMeta(checkpoint);
        String name = PyTorchModule.function(meta.model());
        Files files = new Files(outDir.resolve(name + ".py"),
                outDir.resolve(name + ".safetensors"));
        byte[] module = PyTorchModule.source(meta.modelFile()).getBytes(StandardCharsets.UTF_8);
        byte[] weights;
        try (ModelLoader.Loaded loaded = ModelLoader.load(checkpoint, meta)) {
            ModelFile model = meta.modelFile();
            PyTorchClass c = model.pytorchClass();
            Map<String, NDArray> state = c != null ? stateDict(meta.architecture(),
                    loaded.block(), c.layers(), c.unused())
                    : stateDict(meta.architecture(), loaded.block());
            weights = safetensors(state, meta.steps(), Map.of("format", "pt",
                    "model", meta.model(), "epoch", Integer.toString(meta.epoch())));
        }
        Map<Path, byte[]> contents = new LinkedHashMap<>();
        contents.put(files.module(), module);
        contents.put(files.weights(), weights);
        if (java.nio.file.Files.exists(outDir) && !java.nio.file.Files.isDirectory(outDir)) {
            throw new InvalidInputException(OPTION + ": " + outDir + " is not a folder");
        }
        AtomicFiles.requireReplaceable(List.copyOf(contents.keySet()));
        WrittenFiles written = WrittenFiles.read(outDir, WRITTEN);
        for (Map.Entry<Path, byte[]> e : contents.entrySet()) {
            String file = e.getKey().getFileName().toString();
            if (!written.mayReplace(file, e.getValue())) {
                throw new InvalidInputException(OPTION + ": " + e.getKey() + (written.listed(file)
                        ? " was edited since export wrote it" : " exists and export did not"
                        + " write it") + "; move it elsewhere, or choose another " + OPTION);
            }
        }
        Path made = firstMissing(outDir);
        List<Path> added = new ArrayList<>();
        try {
            AtomicFiles.requireWritableDirectory(outDir, OPTION);
            for (Map.Entry<Path, byte[]> e : contents.entrySet()) {
                if (!java.nio.file.Files.exists(e.getKey())) {
                    added.add(e.getKey());
                }
                AtomicFiles.write(e.getKey(), out -> out.write(e.getValue()));
                written.record(e.getKey().getFileName().toString());
            }
            written.save();
        } catch (IOException | RuntimeException e) {
            undo(added, written, made, outDir);
            throw e;
        }
        return files;
    }

    /** {@code dir}'s outermost folder that does not exist yet (null if it exists). */
    private static Path firstMissing(Path dir) {
        Path missing = null;
        for (Path p = dir.toAbsolutePath(); p != null && !java.nio.file.Files.exists(p);
                p = p.getParent()) {
            missing = p;
        }
        return missing;
    }

    /**
     * After a failed write: removes the files this export added and the folders it made, so the
     * file system is as it was. A file it did replace (export's own, unchanged) is listed as it
     * is now, or the next export would take it for the learner's.
     */
    private static void undo(List<Path> added, WrittenFiles written, Path made, Path outDir) {
        try {
            for (Path f : added) {
                java.nio.file.Files.deleteIfExists(f);
                written.forget(f.getFileName().toString());
            }
            if (written.existed()) {
                written.save();
            }
            if (made != null) {
                for (Path p = outDir.toAbsolutePath(); p.startsWith(made); p = p.getParent()) {
                    java.nio.file.Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            // What cannot be undone stays (a full disk, someone else's file in a folder made):
            // the export's own error is the one to report.
        }
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
