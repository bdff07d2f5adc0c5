package backproplab.kernels;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The facts about this machine that decide how libtorch is loaded and reached: which build of
 * libtorch 2.7.1 Maven Central has for it (DJL's classifier; none for an Intel Mac or a 32-bit
 * system), its library's file name, the names its compiler gave the C++ functions that are
 * called through JNA, and whether oneDNN's cache sizes can be mended here. Chosen once
 * ({@link #here}); tests give other machines' facts.
 *
 * @param osName the operating system as Java names it (os.name)
 * @param os the operating system
 * @param arch the CPU architecture as Java names it (os.arch), x86-64 as {@code x86_64}
 * @param classifier DJL's name of libtorch's build for this machine; null where there is none
 * @param libraryFile the file of libtorch's code, in the folder DJL extracts libtorch to
 * @param symbols the names of the C++ functions of at::Context in that file
 * @param procMaps whether Linux's /proc/self/maps lists the loaded libraries
 * @param glibcNeeded the oldest glibc libtorch's Linux build loads on (its ELF's highest
 *     GLIBC_ version need); null off Linux
 */
public record NativePlatform(String osName, Os os, String arch, String classifier,
                             String libraryFile, ContextSymbols symbols, boolean procMaps,
                             String glibcNeeded) {

    /** The builds of libtorch 2.7.1 (CPU) on Maven Central, as a person reads them. */
    public static final String SUPPORTED = "Linux x86-64 and aarch64, macOS on Apple silicon"
            + " (arm64) and Windows x86-64";

    public enum Os {
        LINUX("Linux"), MACOS("macOS"), WINDOWS("Windows"), OTHER("");

        private final String label;

        Os(String label) {
            this.label = label;
        }
    }

    /**
     * The functions of libtorch's global {@code at::Context} that backprop-lab calls: the context
     * itself, and the switches of oneDNN and NNPACK, by their names in the library's table of
     * exports as dlsym or GetProcAddress take them.
     */
    public record ContextSymbols(String globalContext, String setMkldnn, String isMkldnn,
                                 String setNnpack) {

        /**
         * GCC's and Clang's (Itanium C++ ABI) names: Linux's and macOS's. Mach-O prefixes every
         * C name with an underscore, which macOS's dlsym adds itself.
         */
        static final ContextSymbols ITANIUM = new ContextSymbols("_ZN2at13globalContextEv",
                "_ZN2at7Context20setUserEnabledMkldnnEb", "_ZNK2at7Context17userEnabledMkldnnEv",
                "_ZN2at7Context20setUserEnabledNNPACKEb");

        /**
         * MSVC's names (x64): {@code Context& at::globalContext()} and the public member
         * functions {@code void setUserEnabled…(bool)} and {@code bool userEnabledMkldnn()
         * const}. All four are in torch_cpu.dll 2.7.1's export table (win-x86_64 jar, read with
         * objdump -p).
         */
        static final ContextSymbols MSVC = new ContextSymbols(
                "?globalContext@at@@YAAEAVContext@1@XZ",
                "?setUserEnabledMkldnn@Context@at@@QEAAX_N@Z",
                "?userEnabledMkldnn@Context@at@@QEBA_NXZ",
                "?setUserEnabledNNPACK@Context@at@@QEAAX_N@Z");
    }

    private static final NativePlatform HERE = of(System.getProperty("os.name", ""),
            System.getProperty("os.arch", ""), Files.isReadable(Path.of("/proc/self/maps")));

    /** This machine. */
    public static NativePlatform here() {
        return HERE;
    }

    /** The platform Java names by {@code os.name} and {@code os.arch}. */
    public static NativePlatform of(String osName, String osArch, boolean procMaps) {
        String name = osName.toLowerCase(Locale.ROOT);
        Os os = name.startsWith("linux") ? Os.LINUX
                : name.startsWith("mac") || name.startsWith("darwin") ? Os.MACOS
                : name.startsWith("windows") ? Os.WINDOWS : Os.OTHER;
        String a = osArch.toLowerCase(Locale.ROOT);
        String arch = a.equals("amd64") || a.equals("x86_64") || a.equals("x64") ? "x86_64"
                : a.equals("aarch64") || a.equals("arm64") ? "aarch64" : a;
        return switch (os) {
            // libtorch_cpu.so's highest GLIBC_ version needs (objdump -T): 2.29 on x86-64
            // (libc10.so too), 2.28 on aarch64.
            case LINUX -> new NativePlatform(osName, os, arch, arch.equals("x86_64")
                    ? "linux-x86_64" : arch.equals("aarch64") ? "linux-aarch64" : null,
                    "libtorch_cpu.so",
                    ContextSymbols.ITANIUM, procMaps, arch.equals("aarch64") ? "2.28" : "2.29");
            case MACOS -> new NativePlatform(osName, os, arch, arch.equals("aarch64")
                    ? "osx-aarch64" : null, "libtorch_cpu.dylib", ContextSymbols.ITANIUM,
                    false, null);
            case WINDOWS -> new NativePlatform(osName, os, arch, arch.equals("x86_64")
                    ? "win-x86_64" : null, "torch_cpu.dll", ContextSymbols.MSVC, false, null);
            case OTHER -> new NativePlatform(osName, os, arch, null, "", ContextSymbols.ITANIUM,
                    procMaps, null);
        };
    }

    /** Whether Maven Central has a build of libtorch for this machine. */
    public boolean supported() {
        return classifier != null;
    }

    /**
     * Whether oneDNN's cache sizes can be found and mended here ({@link OneDnnCacheSizes}): the
     * fault is Xbyak's, x86 only, and its description is found through Linux's list of mappings
     * and the ELF library's full symbol table.
     */
    public boolean mendsOneDnnCaches() {
        return os == Os.LINUX && arch.equals("x86_64") && procMaps;
    }

    /** Why {@link #mendsOneDnnCaches} is false, as the end of a sentence. */
    String whyNoMending() {
        if (!arch.equals("x86_64")) {
            return "oneDNN reads the cache sizes that need mending on x86 alone";
        }
        return os == Os.LINUX ? "/proc/self/maps, where libtorch is found, is missing here"
                : "libtorch's internal symbols are only found in Linux's libtorch_cpu.so";
    }

    /** One line for a machine libtorch has no build for. */
    String unsupported() {
        return "libtorch " + Libtorch.VERSION + " has no build for " + this + "; backprop-lab"
                + " runs on " + SUPPORTED;
    }

    /** E.g. "macOS x86_64". */
    @Override
    public String toString() {
        return (os == Os.OTHER ? osName : os.label) + " " + arch;
    }
}
