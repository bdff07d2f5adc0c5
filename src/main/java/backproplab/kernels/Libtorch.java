package backproplab.kernels;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;

/**
 * libtorch's native library as backprop-lab reaches past DJL into it, through JNA (which DJL
 * already brings): its global context, and its internal functions by their addresses. Loaded
 * once, before any model runs ({@link #load}), as {@link LibtorchLoading} says: where it cannot
 * run, every later {@link #load} throws the same one line.
 */
public final class Libtorch {

    /** The libtorch of pytorch-native-cpu in pom.xml. */
    static final String VERSION = "2.7.1";

    private static LibtorchLoading.Loaded loaded;
    private static String failure;

    private Libtorch() {}

    /**
     * Loads libtorch as backprop-lab runs it: every way into libtorch that can run a model calls
     * this first, so no kernel is made before oneDNN's cache sizes are right.
     *
     * @throws LibtorchUnavailableException where libtorch cannot run here, in one line
     */
    public static synchronized void load() {
        if (loaded == null && failure == null) {
            try {
                loaded = new LibtorchLoading(NativePlatform.here(), MACHINE).load();
            } catch (LibtorchUnavailableException e) {
                failure = e.getMessage();
            }
        }
        if (failure != null) {
            throw new LibtorchUnavailableException(failure);
        }
    }

    private static LibtorchLoading.Loaded loaded() {
        load();
        return loaded;
    }

    /** Whether the switch between oneDNN's kernels and libtorch's own can be reached here. */
    static boolean switchable() {
        return loaded().torch() != null;
    }

    /** Why the switch cannot be reached; null where it can. */
    static String switchMissing() {
        return loaded().switchMissing();
    }

    /** What was found of oneDNN's cache sizes, and done, as libtorch loaded. */
    static OneDnnCacheSizes.Result cacheSizes() {
        return loaded().cacheSizes();
    }

    /** A member function of at::Context, on the global one, by the platform's name. */
    static <T> T contextCall(String symbol, Class<T> returns, Object... args) {
        LibtorchLoading.Loaded l = loaded();
        if (l.torch() == null) {
            throw new IllegalStateException(l.switchMissing());
        }
        Object[] withThis = new Object[args.length + 1];
        withThis[0] = l.context();
        System.arraycopy(args, 0, withThis, 1, args.length);
        return l.torch().call(symbol, returns, withThis);
    }

    /** An internal function of the library, at {@code address} where it is loaded. */
    static Function at(long address) {
        return Function.getFunction(new Pointer(address));
    }

    /** This machine, through DJL and JNA. */
    private static final LibtorchLoading.Machine MACHINE = new LibtorchLoading.Machine() {
        @Override
        public String glibcVersion() {
            try {
                return NativeLibrary.getInstance("c").getFunction("gnu_get_libc_version")
                        .invokeString(new Object[0], false);
            } catch (RuntimeException | LinkageError e) {
                return null; // not glibc (musl), or JNA cannot load: DJL's own load will say
            }
        }

        @Override
        public String bundledClassifier() {
            // Every pytorch-native-cpu jar names its build here.
            try (InputStream in = Libtorch.class.getClassLoader()
                    .getResourceAsStream("native/lib/pytorch.properties")) {
                if (in == null) {
                    return null;
                }
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("classifier");
            } catch (IOException e) {
                return null;
            }
        }

        @Override
        public void startEngine() {
            // The native library ships in a Maven jar: DJL must never try the network for it
            // (it would download libtorch where the jar is not this machine's).
            System.setProperty("ai.djl.offline", "true");
            Engine.getEngine("PyTorch");
        }

        @Override
        public Path libtorchFolder() {
            return Path.of(LibUtils.getLibtorchPath());
        }

        @Override
        public LibtorchLoading.Torch open(Path library) {
            NativeLibrary torch = NativeLibrary.getInstance(library.toString());
            return new LibtorchLoading.Torch() {
                @Override
                public <T> T call(String symbol, Class<T> returns, Object... args) {
                    return returns.cast(torch.getFunction(symbol).invoke(returns, args));
                }

                @Override
                public long address(String symbol) {
                    return Pointer.nativeValue(torch.getFunction(symbol));
                }
            };
        }

        @Override
        public OneDnnCacheSizes.Result mendCaches(LibtorchLoading.Torch torch,
                                                  String globalContext) {
            return OneDnnCacheSizes.repair(torch, globalContext);
        }
    };
}
