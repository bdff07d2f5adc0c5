package backproplab.kernels;

import com.sun.jna.Pointer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps of loading libtorch on a platform, each of which can fail in a way the user should
 * read in one line: a machine libtorch has no build for, a build that holds another machine's
 * libtorch, a glibc too old, DJL unable to load it (e.g. a cache folder it cannot write). Then,
 * as far as the platform allows, what backprop-lab reaches past DJL: the switch between oneDNN's
 * kernels and libtorch's own, found in the library by its full path and the platform's C++
 * names, and oneDNN's cache sizes. The machine's own calls are a {@link Machine}, so a test can
 * give another platform's facts and see the steps it takes.
 */
final class LibtorchLoading {

    /** What the machine does at each step; {@link Libtorch} gives the real one. */
    interface Machine {
        /** glibc's version, e.g. "2.36"; null where the C library is not glibc or not known. */
        String glibcVersion();

        /** DJL's classifier of the libtorch on the class path; null if there is none. */
        String bundledClassifier();

        /** Has DJL load libtorch, offline; throws what DJL throws. */
        void startEngine();

        /** The folder DJL loaded libtorch from. */
        Path libtorchFolder();

        /** The loaded library, opened again by its full path. */
        Torch open(Path library);

        /** Finds oneDNN's cache sizes in the library and mends them if they are bogus. */
        OneDnnCacheSizes.Result mendCaches(Torch torch, String globalContext);
    }

    /** The functions of a loaded library, by name or by address. */
    interface Torch {
        <T> T call(String symbol, Class<T> returns, Object... args);

        /** Where the exported {@code symbol} is loaded. */
        long address(String symbol);
    }

    /**
     * libtorch as loaded.
     *
     * @param torch the library, with the switch; null where it was not found
     * @param context the global {@code at::Context}; null with {@code torch}
     * @param switchMissing why the switch was not found; null where it was
     * @param cacheSizes what was found of oneDNN's cache sizes, and done
     */
    record Loaded(Torch torch, Pointer context, String switchMissing,
                  OneDnnCacheSizes.Result cacheSizes) {}

    private final NativePlatform platform;
    private final Machine machine;
    /** The steps taken, in order: what a test checks. */
    private final List<String> steps = new ArrayList<>();

    LibtorchLoading(NativePlatform platform, Machine machine) {
        this.platform = platform;
        this.machine = machine;
    }

    List<String> steps() {
        return List.copyOf(steps);
    }

    /** Loads libtorch; throws, in one line, where it cannot run. */
    Loaded load() {
        if (!platform.supported()) {
            throw new LibtorchUnavailableException(platform.unsupported());
        }
        steps.add("bundled");
        String bundled = machine.bundledClassifier();
        if (bundled == null) {
            throw new LibtorchUnavailableException("this build of backprop-lab has no libtorch"
                    + " (pytorch-native-cpu " + platform.classifier() + "); build it on this"
                    + " machine, or with -Dlibtorch.platform=" + platform.classifier());
        }
        if (!bundled.equals(platform.classifier())) {
            throw new LibtorchUnavailableException("this build of backprop-lab holds libtorch for "
                    + bundled + ", not for this " + platform + " (" + platform.classifier()
                    + "); build it again here without -Dlibtorch.platform");
        }
        if (platform.glibcNeeded() != null) {
            steps.add("glibc");
            String glibc = machine.glibcVersion();
            if (glibc != null && older(glibc, platform.glibcNeeded())) {
                throw new LibtorchUnavailableException("libtorch " + Libtorch.VERSION + " needs"
                        + " glibc " + platform.glibcNeeded() + " or newer; this " + platform
                        + " has glibc " + glibc);
            }
        }
        steps.add("engine");
        try {
            machine.startEngine();
        } catch (Exception | LinkageError e) {
            throw new LibtorchUnavailableException("libtorch " + Libtorch.VERSION + " could not"
                    + " load: " + causes(e));
        }
        Torch torch;
        Pointer context;
        Path library = null;
        try {
            library = machine.libtorchFolder().resolve(platform.libraryFile());
            steps.add("open " + library);
            torch = machine.open(library);
            steps.add("symbol " + platform.symbols().globalContext());
            context = torch.call(platform.symbols().globalContext(), Pointer.class);
        } catch (RuntimeException | LinkageError e) {
            String where = library == null ? "libtorch" : library.toString();
            String missing = "libtorch's switch between oneDNN's kernels and its own was not"
                    + " found in " + where + " (" + oneLine(e) + ")";
            return new Loaded(null, null, missing, new OneDnnCacheSizes.Result(
                    OneDnnCacheSizes.Outcome.UNKNOWN, "oneDNN's cache sizes were not looked"
                    + " for: libtorch's functions were not found"));
        }
        OneDnnCacheSizes.Result sizes;
        if (platform.mendsOneDnnCaches()) {
            steps.add("mend caches");
            sizes = machine.mendCaches(torch, platform.symbols().globalContext());
        } else {
            sizes = new OneDnnCacheSizes.Result(OneDnnCacheSizes.Outcome.NOT_HERE, "oneDNN's"
                    + " cache sizes are left as they are on " + platform + ": "
                    + platform.whyNoMending());
        }
        // NNPACK is libtorch's choice for a convolution that oneDNN does not take (float64, as
        // the checks' reference, or any with oneDNN off) and needs no gradient. It asks whether
        // it can start at every call; on a CPU it does not know (a VM's) it cannot, and logs so
        // each time: tens of thousands of lines an epoch. Off, ATen's own code (im2col and a
        // matrix product) computes what oneDNN does not.
        steps.add("symbol " + platform.symbols().setNnpack());
        torch.call(platform.symbols().setNnpack(), Void.class, context, (byte) 0);
        return new Loaded(torch, context, null, sizes);
    }

    /** Whether version {@code have} (e.g. "2.28") comes before {@code need}. */
    static boolean older(String have, String need) {
        String[] h = have.split("\\.");
        String[] n = need.split("\\.");
        for (int i = 0; i < Math.max(h.length, n.length); i++) {
            int a = i < h.length ? leadingNumber(h[i]) : 0;
            int b = i < n.length ? leadingNumber(n[i]) : 0;
            if (a != b) {
                return a < b;
            }
        }
        return false;
    }

    private static int leadingNumber(String part) {
        int end = 0;
        while (end < part.length() && Character.isDigit(part.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(part.substring(0, end));
    }

    /** Each cause's message, first line only, outermost first; repeats said once. */
    static String causes(Throwable e) {
        List<String> said = new ArrayList<>();
        for (Throwable t = e; t != null && said.size() < 4; t = t.getCause()) {
            String line = oneLine(t);
            if (said.stream().noneMatch(s -> s.contains(line))) {
                said.add(line);
            }
        }
        return String.join(": ", said);
    }

    private static String oneLine(Throwable t) {
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return t.getClass().getSimpleName();
        }
        return message.strip().lines().findFirst().orElse("").strip();
    }
}
