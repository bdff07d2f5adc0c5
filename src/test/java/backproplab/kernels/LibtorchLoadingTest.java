package backproplab.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.EngineException;
import com.sun.jna.Pointer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The steps of loading libtorch on each platform, given its facts as Java reports them, without
 * running there: a stand-in machine records what is asked of it.
 */
class LibtorchLoadingTest {

    private static final Path FOLDER = Path.of("/cache/pytorch/2.7.1-cpu");

    /** A machine whose answers a test sets, and which records the symbols called. */
    private static final class StandInMachine implements LibtorchLoading.Machine {
        String glibc = "2.36";
        String bundled;
        RuntimeException engineFails;
        boolean symbolsMissing;
        boolean engineStarted;
        final List<String> called = new ArrayList<>();

        StandInMachine(NativePlatform platform) {
            bundled = platform.classifier();
        }

        @Override
        public String glibcVersion() {
            return glibc;
        }

        @Override
        public String bundledClassifier() {
            return bundled;
        }

        @Override
        public void startEngine() {
            if (engineFails != null) {
                throw engineFails;
            }
            engineStarted = true;
        }

        @Override
        public Path libtorchFolder() {
            return FOLDER;
        }

        @Override
        public LibtorchLoading.Torch open(Path library) {
            return new LibtorchLoading.Torch() {
                @Override
                public <T> T call(String symbol, Class<T> returns, Object... args) {
                    if (symbolsMissing) {
                        throw new UnsatisfiedLinkError("Error looking up function '" + symbol
                                + "'");
                    }
                    called.add(symbol);
                    return returns == Pointer.class ? returns.cast(new Pointer(4096)) : null;
                }

                @Override
                public long address(String symbol) {
                    return 0;
                }
            };
        }

        @Override
        public OneDnnCacheSizes.Result mendCaches(LibtorchLoading.Torch torch,
                                                  String globalContext) {
            called.add("mend caches");
            return new OneDnnCacheSizes.Result(OneDnnCacheSizes.Outcome.RIGHT, "right");
        }
    }

    private static final String MSVC_CONTEXT = "?globalContext@at@@YAAEAVContext@1@XZ";
    private static final String MSVC_NNPACK = "?setUserEnabledNNPACK@Context@at@@QEAAX_N@Z";
    private static final String ITANIUM_CONTEXT = "_ZN2at13globalContextEv";
    private static final String ITANIUM_NNPACK = "_ZN2at7Context20setUserEnabledNNPACKEb";

    @Test
    void windowsIsReachedByTheDllsFullPathAndMsvcNamesWithoutMending() {
        NativePlatform windows = NativePlatform.of("Windows 11", "amd64", false);
        StandInMachine machine = new StandInMachine(windows);
        LibtorchLoading loading = new LibtorchLoading(windows, machine);
        LibtorchLoading.Loaded loaded = loading.load();
        assertThat(windows.classifier()).isEqualTo("win-x86_64");
        assertThat(loading.steps()).containsExactly("bundled", "engine",
                "open " + FOLDER.resolve("torch_cpu.dll"), "symbol " + MSVC_CONTEXT,
                "symbol " + MSVC_NNPACK);
        assertThat(machine.called).containsExactly(MSVC_CONTEXT, MSVC_NNPACK);
        assertThat(loaded.switchMissing()).isNull();
        assertThat(loaded.cacheSizes().outcome()).isEqualTo(OneDnnCacheSizes.Outcome.NOT_HERE);
        assertThat(loaded.cacheSizes().detail()).contains("Windows x86_64",
                "only found in Linux's libtorch_cpu.so");
        assertThat(windows.symbols().setMkldnn())
                .isEqualTo("?setUserEnabledMkldnn@Context@at@@QEAAX_N@Z");
        assertThat(windows.symbols().isMkldnn())
                .isEqualTo("?userEnabledMkldnn@Context@at@@QEBA_NXZ");
    }

    @Test
    void appleSiliconIsReachedByTheDylibsFullPathAndItaniumNames() {
        NativePlatform mac = NativePlatform.of("Mac OS X", "aarch64", false);
        StandInMachine machine = new StandInMachine(mac);
        LibtorchLoading loading = new LibtorchLoading(mac, machine);
        LibtorchLoading.Loaded loaded = loading.load();
        assertThat(mac.classifier()).isEqualTo("osx-aarch64");
        assertThat(loading.steps()).containsExactly("bundled", "engine",
                "open " + FOLDER.resolve("libtorch_cpu.dylib"), "symbol " + ITANIUM_CONTEXT,
                "symbol " + ITANIUM_NNPACK);
        assertThat(loaded.cacheSizes().detail()).contains("macOS aarch64", "on x86 alone");
    }

    @Test
    void linuxArmChecksGlibc228AndDoesNotMend() {
        NativePlatform arm = NativePlatform.of("Linux", "aarch64", true);
        StandInMachine machine = new StandInMachine(arm);
        LibtorchLoading loading = new LibtorchLoading(arm, machine);
        LibtorchLoading.Loaded loaded = loading.load();
        assertThat(loading.steps()).containsExactly("bundled", "glibc", "engine",
                "open " + FOLDER.resolve("libtorch_cpu.so"), "symbol " + ITANIUM_CONTEXT,
                "symbol " + ITANIUM_NNPACK);
        assertThat(loaded.cacheSizes().outcome()).isEqualTo(OneDnnCacheSizes.Outcome.NOT_HERE);

        machine.glibc = "2.27";
        assertThatThrownBy(() -> new LibtorchLoading(arm, machine).load())
                .isInstanceOf(LibtorchUnavailableException.class)
                .hasMessage("libtorch 2.7.1 needs glibc 2.28 or newer; this Linux aarch64 has"
                        + " glibc 2.27");
    }

    @Test
    void linuxX86MendsOneDnnWhereProcListsTheLibraries() {
        NativePlatform linux = NativePlatform.of("Linux", "amd64", true);
        StandInMachine machine = new StandInMachine(linux);
        LibtorchLoading loading = new LibtorchLoading(linux, machine);
        loading.load();
        assertThat(loading.steps()).containsExactly("bundled", "glibc", "engine",
                "open " + FOLDER.resolve("libtorch_cpu.so"), "symbol " + ITANIUM_CONTEXT,
                "mend caches", "symbol " + ITANIUM_NNPACK);

        NativePlatform noProc = NativePlatform.of("Linux", "amd64", false);
        LibtorchLoading without = new LibtorchLoading(noProc, new StandInMachine(noProc));
        assertThat(without.load().cacheSizes().detail()).contains("/proc/self/maps");
        assertThat(without.steps()).doesNotContain("mend caches");
    }

    @Test
    void glibcOlderThanLibtorchsIsSaidBeforeDjlTries() {
        NativePlatform linux = NativePlatform.of("Linux", "amd64", true);
        StandInMachine machine = new StandInMachine(linux);
        machine.glibc = "2.28";
        assertThatThrownBy(() -> new LibtorchLoading(linux, machine).load())
                .hasMessage("libtorch 2.7.1 needs glibc 2.29 or newer; this Linux x86_64 has"
                        + " glibc 2.28");
        assertThat(machine.engineStarted).isFalse();
        machine.glibc = null; // musl: not known, DJL's own load says what is wrong
        new LibtorchLoading(linux, machine).load();
        assertThat(machine.engineStarted).isTrue();
    }

    @Test
    void machinesWithoutABuildAreNamedWithTheSupportedOnesAndNothingLoads() {
        for (String[] machine : new String[][] {{"Mac OS X", "x86_64", "macOS x86_64"},
            {"Windows 10", "x86", "Windows x86"}, {"Linux", "i386", "Linux i386"},
            {"Linux", "arm", "Linux arm"}, {"FreeBSD", "amd64", "FreeBSD x86_64"}}) {
            NativePlatform platform = NativePlatform.of(machine[0], machine[1], false);
            StandInMachine stand = new StandInMachine(platform);
            LibtorchLoading loading = new LibtorchLoading(platform, stand);
            assertThatThrownBy(loading::load).isInstanceOf(LibtorchUnavailableException.class)
                    .hasMessage("libtorch 2.7.1 has no build for " + machine[2] + "; backprop-lab"
                            + " runs on Linux x86-64 and aarch64, macOS on Apple silicon (arm64)"
                            + " and Windows x86-64");
            assertThat(loading.steps()).isEmpty();
            assertThat(stand.engineStarted).isFalse();
        }
    }

    @Test
    void anotherMachinesLibtorchOrNoneIsSaidBeforeDjlTries() {
        NativePlatform linux = NativePlatform.of("Linux", "amd64", true);
        StandInMachine machine = new StandInMachine(linux);
        machine.bundled = "win-x86_64";
        assertThatThrownBy(() -> new LibtorchLoading(linux, machine).load())
                .hasMessage("this build of backprop-lab holds libtorch for win-x86_64, not for"
                        + " this Linux x86_64 (linux-x86_64); build it again here without"
                        + " -Dlibtorch.platform");
        machine.bundled = null;
        assertThatThrownBy(() -> new LibtorchLoading(linux, machine).load())
                .hasMessageContaining("has no libtorch (pytorch-native-cpu linux-x86_64)");
        assertThat(machine.engineStarted).isFalse();
    }

    @Test
    void djlsFailureIsOneLineOfItsCauses() {
        NativePlatform linux = NativePlatform.of("Linux", "amd64", true);
        StandInMachine machine = new StandInMachine(linux);
        machine.engineFails = new EngineException("Failed to load PyTorch native library",
                new UnsatisfiedLinkError("/cache/libtorch_cpu.so: cannot open shared object"
                        + " file\nsecond line"));
        assertThatThrownBy(() -> new LibtorchLoading(linux, machine).load())
                .isInstanceOf(LibtorchUnavailableException.class)
                .hasMessage("libtorch 2.7.1 could not load: Failed to load PyTorch native"
                        + " library: /cache/libtorch_cpu.so: cannot open shared object file");
    }

    @Test
    void withoutItsSymbolsLibtorchStillRunsWithoutTheSwitch() {
        NativePlatform windows = NativePlatform.of("Windows 11", "amd64", false);
        StandInMachine machine = new StandInMachine(windows);
        machine.symbolsMissing = true;
        LibtorchLoading.Loaded loaded = new LibtorchLoading(windows, machine).load();
        assertThat(loaded.torch()).isNull();
        assertThat(loaded.switchMissing()).isEqualTo("libtorch's switch between oneDNN's"
                + " kernels and its own was not found in " + FOLDER.resolve("torch_cpu.dll")
                + " (Error looking up function '" + MSVC_CONTEXT + "')");
        assertThat(machine.called).isEmpty();
    }

    @Test
    void versionsCompareByNumberNotText() {
        assertThat(LibtorchLoading.older("2.9", "2.29")).isTrue();
        assertThat(LibtorchLoading.older("2.31", "2.29")).isFalse();
        assertThat(LibtorchLoading.older("2.29", "2.29")).isFalse();
        assertThat(LibtorchLoading.older("3.0", "2.29")).isFalse();
        assertThat(LibtorchLoading.older("2.28-rc1", "2.29")).isTrue();
    }

    @Test
    void thisMachineIsItsJavasFacts() {
        NativePlatform here = NativePlatform.here();
        assertThat(here).isEqualTo(NativePlatform.of(System.getProperty("os.name"),
                System.getProperty("os.arch"), here.procMaps()));
    }
}
