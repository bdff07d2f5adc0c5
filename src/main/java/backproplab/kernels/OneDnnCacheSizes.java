package backproplab.kernels;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The cause of the wrong convolutions of issue 22, mended where it lies. oneDNN 3.7 (libtorch
 * 2.7.1) describes the CPU with Xbyak 7.05, which on AMD reads the cache sizes from CPUID leaf
 * 0x8000001D without asking whether the CPU has that leaf. A VM that hides the cache topology
 * (TOPOEXT 0) answers zeros, which Xbyak multiplies out to caches of 1 byte. With a 1-byte L1,
 * oneDNN's JIT reorder blocks every weight reorder "for the cache", and its code for a padded
 * channel tail then zeroes real weights and leaves the padding unset: wrong convolutions, most
 * of them finite. Xbyak 7.06 (oneDNN 3.8) reads no cache levels there, and oneDNN then takes its
 * own defaults, 32 KB of L1, 512 KB of L2 and 1 MB of L3 per core; this writes those defaults
 * into the description before oneDNN makes its first kernel, and empties oneDNN's cache of
 * primitives in case one was made already.
 *
 * <p>The description is a static {@code Xbyak::util::Cpu} inside libtorch_cpu.so, found through
 * the library's full symbol table. Nothing is written unless the library is where its symbols
 * say, the object's family and model are the CPU's, and its cache sizes are the bogus ones.
 */
public final class OneDnnCacheSizes {

    /** Measured: every convolution shape of the four models is right with these (doctor). */
    static final int[] DEFAULT_SIZES = {32 * 1024, 512 * 1024, 1024 * 1024};

    /** No real data cache is this small: sizes below it are Xbyak's reading of zeros. */
    private static final int SMALLEST_REAL = 1024;

    // Xbyak 7.05's Cpu: Type (16 bytes), bool, numCores_[2], then these.
    private static final int SIZES = 28;
    private static final int SHARING = 68;
    private static final int LEVELS = 108;
    private static final int FAMILY = 136;
    private static final int MODEL = 140;

    private static final String CPU = "_ZN4dnnl4impl3cpu3x643cpuEv";
    private static final String GET_CAPACITY = "dnnl_get_primitive_cache_capacity";
    private static final String SET_CAPACITY = "dnnl_set_primitive_cache_capacity";

    /** What oneDNN read, and what was done about it. */
    public enum Outcome {
        /** oneDNN reads real sizes: nothing to mend. */
        RIGHT,
        /** oneDNN read caches of 1 byte; they are now its own defaults. */
        MENDED,
        /** The description could not be found or checked: nothing was written. */
        UNKNOWN,
        /** Not looked for: this platform's oneDNN has no such fault, or it cannot be reached. */
        NOT_HERE
    }

    /** @param detail one sentence for {@code doctor} */
    public record Result(Outcome outcome, String detail) {}

    private OneDnnCacheSizes() {}

    /** The description in libtorch, and the sizes oneDNN read; null where not found. */
    private static Library library;
    private static Pointer cpu;
    private static int[] asRead;

    /** What libtorch was found with when it loaded (it loads now if it has not). */
    public static Result result() {
        return Libtorch.cacheSizes();
    }

    /** Whether {@link #use} can change the sizes here. */
    public static boolean changeable() {
        return result() != null && cpu != null;
    }

    /** The sizes, L1 first, that oneDNN uses now. */
    public static synchronized int[] inForce() {
        return cpu.getIntArray(SIZES, cpu.getInt(LEVELS));
    }

    /** The sizes, L1 first, that oneDNN read of this CPU. */
    public static int[] asRead() {
        return asRead.clone();
    }

    /**
     * Puts {@code sizes} (L1 first) into oneDNN's description and empties its cache of
     * primitives, so kernels made from now on see them: {@code doctor --as-read} and the tests
     * show with the sizes oneDNN read what they do.
     */
    public static synchronized void use(int[] sizes) {
        if (!changeable()) {
            throw new IllegalStateException("oneDNN's CPU description was not found");
        }
        write(sizes);
    }

    private static void write(int[] sizes) {
        for (int i = 0; i < sizes.length; i++) {
            cpu.setInt(SIZES + 4L * i, sizes[i]);
            cpu.setInt(SHARING + 4L * i, 1);
        }
        cpu.setInt(LEVELS, sizes.length);
        library.emptyPrimitiveCache();
    }

    /**
     * Finds the description and mends it if it must; called once, as libtorch loads, on Linux
     * x86-64 alone ({@link NativePlatform#mendsOneDnnCaches}).
     */
    static Result repair(LibtorchLoading.Torch torch, String globalContext) {
        try {
            library = Library.find(torch, globalContext);
            cpu = library == null ? null : library.cpuDescription();
            if (cpu == null) {
                return new Result(Outcome.UNKNOWN, "oneDNN's CPU description was not found in"
                        + " libtorch, so its cache sizes were left as they are");
            }
            asRead = cpu.getIntArray(SIZES, cpu.getInt(LEVELS));
            boolean bogus = true;
            for (int size : asRead) {
                bogus &= size < SMALLEST_REAL;
            }
            if (!bogus) {
                return new Result(Outcome.RIGHT, "oneDNN reads the caches as " + kb(asRead));
            }
            int[] mended = Arrays.copyOf(DEFAULT_SIZES, Math.min(asRead.length,
                    DEFAULT_SIZES.length));
            write(mended);
            return new Result(Outcome.MENDED, "oneDNN read the caches as " + kb(asRead) + " (this"
                    + " machine hides their sizes), which makes its weight reorders wrong; they"
                    + " are now oneDNN's own defaults, " + kb(mended) + " per core");
        } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
            cpu = null;
            return new Result(Outcome.UNKNOWN, "oneDNN's cache sizes could not be read ("
                    + e.getMessage() + ")");
        }
    }

    private static String kb(int[] sizes) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < sizes.length; i++) {
            int size = sizes[i];
            s.append(i == 0 ? "" : i == sizes.length - 1 ? " and " : ", ")
                    .append(size >= 1024 * 1024 ? size / (1024 * 1024) + " MB"
                            : size >= 1024 ? size / 1024 + " KB"
                            : size + (size == 1 ? " byte" : " bytes"));
        }
        return String.format(Locale.ROOT, "L1 to L%d: %s", sizes.length, s);
    }

    /** libtorch_cpu.so where it is loaded, with the addresses of its symbols that are used. */
    private record Library(long base, Map<String, Long> symbols) {

        /** Found through Linux's list of this process's mappings; null if not confirmed. */
        static Library find(LibtorchLoading.Torch torch, String globalContext)
                throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 6 && f[5].endsWith("/libtorch_cpu.so")
                        && Long.parseLong(f[2], 16) == 0) {
                    long base = Long.parseUnsignedLong(f[0].split("-")[0], 16);
                    Map<String, Long> at = ElfSymbols.find(Path.of(f[5]), Set.of(CPU,
                            globalContext, GET_CAPACITY, SET_CAPACITY));
                    long exported = torch.address(globalContext);
                    // The symbols are this library's, loaded where the list says.
                    return at.size() == 4 && base + at.get(globalContext) == exported
                            ? new Library(base, at) : null;
                }
            }
            return null;
        }

        /** oneDNN's Cpu object, if its family and model are this CPU's; else null. */
        Pointer cpuDescription() {
            Pointer cpu = (Pointer) call(CPU, Pointer.class);
            Cpu here = Cpu.here();
            int levels = cpu.getInt(LEVELS);
            return cpu.getInt(FAMILY) == here.family() && cpu.getInt(MODEL) == here.model()
                    && levels >= 1 && levels <= 10 ? cpu : null;
        }

        /** oneDNN keeps the primitives it made (reorders too): made anew, they see the sizes. */
        void emptyPrimitiveCache() {
            IntByReference capacity = new IntByReference();
            call(GET_CAPACITY, Integer.class, capacity);
            call(SET_CAPACITY, Integer.class, 0);
            call(SET_CAPACITY, Integer.class, capacity.getValue());
        }

        private Object call(String symbol, Class<?> returns, Object... args) {
            return Libtorch.at(base + symbols.get(symbol)).invoke(returns, args);
        }
    }
}
