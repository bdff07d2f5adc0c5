package backproplab.kernels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The CPU as far as it matters to libtorch's numbers and speed. "AMD EPYC" alone names several
 * generations that behave differently, so the family and model are part of the name, with what
 * oneDNN reads at start: whether AVX-512 is there, and whether the (virtual) machine shows the
 * cache topology, which oneDNN sizes its blocking by.
 */
public record Cpu(String modelName, int family, int model, boolean avx512, boolean cacheTopology) {

    private static final Cpu HERE = read(Path.of("/proc/cpuinfo"),
            Path.of("/sys/devices/system/cpu/cpu0/cache"));

    /** This machine's CPU. */
    public static Cpu here() {
        return HERE;
    }

    /** From a cpuinfo file (Linux) and the folder where Linux lists the first core's caches. */
    static Cpu read(Path cpuinfo, Path cacheFolder) {
        List<String> lines;
        try {
            lines = Files.readAllLines(cpuinfo);
        } catch (IOException e) {
            return new Cpu(System.getProperty("os.arch"), -1, -1, false, false);
        }
        String name = field(lines, "model name");
        Set<String> flags = Set.copyOf(Arrays.asList(field(lines, "flags").split("\\s+")));
        return new Cpu(name.isEmpty() ? System.getProperty("os.arch") : name,
                number(field(lines, "cpu family")), number(field(lines, "model")),
                flags.contains("avx512f"), Files.isDirectory(cacheFolder));
    }

    private static String field(List<String> lines, String key) {
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
                return line.substring(colon + 1).trim();
            }
        }
        return "";
    }

    private static int number(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** AMD's generation, by family: what "AMD EPYC" leaves out. Empty where it is not AMD's. */
    public String generation() {
        if (!modelName.startsWith("AMD")) {
            return "";
        }
        return switch (family) {
            case 23 -> "Zen or Zen 2";
            // Family 19h is both: Genoa, Phoenix and Bergamo/Siena models are Zen 4.
            case 25 -> model >= 0x10 && model <= 0x1f || model >= 0x60 && model <= 0x7f
                    || model >= 0xa0 && model <= 0xaf ? "Zen 4" : "Zen 3";
            case 26 -> "Zen 5";
            default -> "";
        };
    }

    /**
     * E.g. "AMD EPYC, family 26 model 2 (Zen 5), AVX-512, cache topology hidden": every figure of
     * speed or accuracy names its CPU this way.
     */
    @Override
    public String toString() {
        String generation = generation();
        return modelName + ", family " + family + " model " + model
                + (generation.isEmpty() ? "" : " (" + generation + ")")
                + (avx512 ? ", AVX-512" : ", no AVX-512")
                + (cacheTopology ? "" : ", cache topology hidden");
    }
}
