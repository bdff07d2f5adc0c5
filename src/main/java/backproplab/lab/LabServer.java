package backproplab.lab;

import backproplab.assignment.Assignment;
import backproplab.lab.backprop.BackpropApi;
import backproplab.lab.cnn.CnnApi;
import backproplab.lab.design.DesignApi;
import backproplab.lab.http.AccessToken;
import backproplab.lab.http.LabApp;
import backproplab.lab.http.LabOptions;
import backproplab.lab.journal.JournalApi;
import backproplab.lab.recipe.RecipeToolsApi;
import backproplab.lab.runs.RunsApi;
import backproplab.lab.workspace.LabAssignment;
import backproplab.lab.workspace.LabModels;
import backproplab.lab.workspace.TestDigits;
import io.javalin.Javalin;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code backprop-lab serve}: the lab's pages and their JSON API on one local web server. Here
 * the pages meet the server: each page package gives its routes ({@link
 * backproplab.lab.http.LabPage}) to the core ({@link LabApp}), which knows none of them, and
 * what several pages read (the test digits, the models folder) is made once and handed to each.
 */
public final class LabServer implements AutoCloseable {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 7070;

    private final Javalin app;
    private final RunsApi runs;
    private final CnnApi cnn;
    private final AccessToken token;

    private LabServer(Javalin app, RunsApi runs, CnnApi cnn, AccessToken token) {
        this.app = app;
        this.runs = runs;
        this.cnn = cnn;
        this.token = token;
    }

    /** Starts serving, with runs/ and data/mnist under the working directory. */
    public static LabServer start(String host, int port) {
        return start(host, port, Path.of("runs"), Path.of("data", "mnist"), System.out);
    }

    /**
     * Starts serving; {@code port} 0 picks a free port (see {@link #uri}). The runs pages read
     * {@code runs} and train into it, with the MNIST files of {@code dataDir}; training from the
     * page writes its lines to {@code log}. The CNN page opens the same runs and test digits.
     */
    public static LabServer start(String host, int port, Path runsDir, Path dataDir,
                                  PrintStream log) {
        return start(host, port, runsDir, dataDir, log, LabOptions.DEFAULT);
    }

    /** The same, meeting its visitors as {@code options} say. */
    public static LabServer start(String host, int port, Path runsDir, Path dataDir,
                                  PrintStream log, LabOptions options) {
        return start(host, port, runsDir, dataDir, log, options, Assignment.S6);
    }

    /** The same, checking models and runs against {@code assignment}'s rules. */
    public static LabServer start(String host, int port, Path runsDir, Path dataDir,
                                  PrintStream log, LabOptions options, Assignment rules) {
        LabAssignment assignment = new LabAssignment(rules);
        // One test set for the runs pages and the CNN page, loaded when a page first needs it.
        TestDigits test = new TestDigits(dataDir, log);
        // One models folder for the runs page's form and the design page.
        LabModels models = new LabModels(runsDir);
        RunsApi runs = new RunsApi(runsDir, test, models, log, options.limits(), assignment);
        CnnApi cnn = new CnnApi(runsDir, test, options.limits());
        Javalin app = LabApp.start(host, port, options, List.of(new BackpropApi(),
                new DesignApi(models, runsDir, assignment), runs,
                new JournalApi(runsDir, dataDir, log, assignment), cnn,
                new RecipeToolsApi(models, dataDir, log)));
        return new LabServer(app, runs, cnn, options.token());
    }

    public int port() {
        return app.port();
    }

    /** The address to open, with the token when the lab asks for one. */
    public URI uri(String host) {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + h + ":" + port() + "/" + token.query());
    }

    @Override
    public void close() {
        try {
            // First the training: its last checkpoint is whole before the server goes.
            runs.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        app.stop();
        cnn.close();
    }
}
