package backproplab.lab;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch's gradient mode belongs to a thread and is on in a new one; DJL turns it off only in
 * the thread that first loads the engine (the main thread of a CLI command). The lab trains and
 * evaluates on threads of its own, so each turns it off first: otherwise the optimizer's in-place
 * update of a weight fails ("a leaf Variable that requires grad is being used in an in-place
 * operation"), and evaluation records a graph nobody uses. A GradientCollector still turns it on
 * for its own block.
 */
final class NoGradients {

    private NoGradients() {}

    static void onThisThread() {
        // Loads the native library if nothing has yet.
        Engine.getEngine("PyTorch");
        JniUtils.setGradMode(false);
    }
}
