package backproplab.kernels;

import ai.djl.engine.Engine;
import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * libtorch's native library as backprop-lab reaches past DJL into it, through JNA (which DJL
 * already brings): its global context, and its internal functions by their addresses. Loaded
 * once, before any model runs ({@link #load}), it also puts oneDNN's cache sizes right where a
 * VM hides them ({@link OneDnnCacheSizes}) and switches NNPACK off.
 */
public final class Libtorch {

    static final String GLOBAL_CONTEXT = "_ZN2at13globalContextEv";
    private static final String SET_NNPACK_ON = "_ZN2at7Context20setUserEnabledNNPACKEb";

    static final NativeLibrary TORCH;
    private static final Pointer CONTEXT;
    /** What was found of oneDNN's cache sizes, and done. */
    static final OneDnnCacheSizes.Result CACHE_SIZES;

    static {
        // Loads libtorch the way DJL does; JNA then finds the loaded library by its name.
        Engine.getEngine("PyTorch");
        TORCH = NativeLibrary.getInstance("torch_cpu");
        CONTEXT = (Pointer) TORCH.getFunction(GLOBAL_CONTEXT).invoke(Pointer.class, new Object[0]);
        CACHE_SIZES = OneDnnCacheSizes.repair();
        // NNPACK is libtorch's choice for a convolution that oneDNN does not take (float64, as
        // the checks' reference, or any with oneDNN off) and needs no gradient. It asks whether
        // it can start at every call; on a CPU it does not know (a VM's) it cannot, and logs so
        // each time: tens of thousands of lines an epoch. Off, ATen's own code (im2col and a
        // matrix product) computes what oneDNN does not.
        contextCall(SET_NNPACK_ON, Void.class, (byte) 0);
    }

    private Libtorch() {}

    /**
     * Loads libtorch as backprop-lab runs it: every way into libtorch that can run a model calls
     * this first, so no kernel is made before oneDNN's cache sizes are right.
     */
    public static void load() {
        // Nothing more to do: the class's initialisation above is the loading.
    }

    /** A member function of at::Context, on the global one, by its exported C++ name. */
    static <T> T contextCall(String symbol, Class<T> returns, Object... args) {
        Object[] withThis = new Object[args.length + 1];
        withThis[0] = CONTEXT;
        System.arraycopy(args, 0, withThis, 1, args.length);
        return returns.cast(TORCH.getFunction(symbol).invoke(returns, withThis));
    }

    /** An internal function of the library, at {@code address} where it is loaded. */
    static Function at(long address) {
        return Function.getFunction(new Pointer(address));
    }
}
