package backproplab.model;

import backproplab.data.Digits;
import java.util.Locale;

/**
 * A model as a runnable PyTorch module: the same layers in an {@code nn.Sequential}, so the
 * parameter names are PyTorch's ({@code 0.weight}, {@code 2.running_mean}, ...), with a reader
 * for the weights {@code export} writes and the input normalisation backprop-lab trains with.
 * Running the file prints the model and its parameter count.
 */
public final class PyTorchModule {

    private PyTorchModule() {}

    public static String source(ModelFile model) {
        String function = function(model.name());
        Architecture arch = model.architecture();
        StringBuilder s = new StringBuilder();
        if (model.pytorchClass() != null) {
            // The learner's own class as written: the weights load into it, keys and all.
            s.append(model.text()).append("\n\nimport json\nimport struct\n\n");
            s.append("# backprop-lab feeds each image as (pixels / 255 - MEAN) / STD.\n");
            s.append(String.format(Locale.ROOT, "MEAN, STD = %s, %s%n%n%n", Digits.MEAN,
                    Digits.STD));
            s.append("def ").append(function).append("():\n");
            s.append(String.format(Locale.ROOT, "    \"\"\"%,d trainable parameters; input"
                    + " [N, 1, 28, 28].\"\"\"%n", arch.parameters()));
            s.append("    return ").append(model.pytorchClass().name()).append("()\n\n\n");
            return s.append(loader(function)).toString();
        }
        s.append("# ").append(model.name()).append(model.description().isEmpty() ? ""
                : ": " + model.description()).append('\n');
        s.append("# Written by backprop-lab from its model file; run it to see the model.\n");
        s.append("import json\nimport struct\n\nimport torch\nfrom torch import nn\n\n");
        s.append("# backprop-lab feeds each image as (pixels / 255 - MEAN) / STD.\n");
        s.append(String.format(Locale.ROOT, "MEAN, STD = %s, %s%n%n%n", Digits.MEAN, Digits.STD));
        s.append("def ").append(function).append("():\n");
        s.append(String.format(Locale.ROOT, "    \"\"\"%,d trainable parameters; input"
                + " [N, 1, 28, 28], output log-probabilities [N, 10].\"\"\"%n", arch.parameters()));
        s.append("    return nn.Sequential(\n");
        String stage = "";
        int index = 0;
        for (ModelFile.Entry e : model.layers()) {
            if (!e.stage().equals(stage)) {
                stage = e.stage();
                s.append("        # ").append(stage).append('\n');
            }
            Architecture.Layer layer = arch.layers().get(index);
            s.append(String.format(Locale.ROOT, "        %-42s # %d: %s%n",
                    e.module().pytorch() + ",", index++, layer.outputShape()));
        }
        s.append("    )\n\n\n");
        return s.append(loader(function)).toString();
    }

    /** Reading the weights {@code export} writes, and printing the model when run. */
    private static String loader(String function) {
        return String.format(Locale.ROOT, """
                def load_weights(path):
                    \"\"\"The state dict in a safetensors file of `backprop-lab export`, read with
                    the standard library and torch alone.\"\"\"
                    with open(path, 'rb') as f:
                        size = struct.unpack('<Q', f.read(8))[0]
                        header = json.loads(f.read(size))
                        data = f.read()
                    types = {'F32': torch.float32, 'I64': torch.int64}
                    state = {}
                    for name, t in header.items():
                        if name != '__metadata__':
                            start, end = t['data_offsets']
                            state[name] = torch.frombuffer(bytearray(data[start:end]),
                                                           dtype=types[t['dtype']])\
                .reshape(t['shape'])
                    return state


                if __name__ == '__main__':
                    model = %s()
                    print(model)
                    print(sum(p.numel() for p in model.parameters()), 'trainable parameters')
                """, function);
    }

    /** A Python name for the model: "my_net" for my-net, "model_6x" for 6x. */
    public static String function(String name) {
        String id = name.replaceAll("[^A-Za-z0-9_]", "_").toLowerCase(Locale.ROOT);
        return Character.isDigit(id.charAt(0)) ? "model_" + id : id;
    }
}
