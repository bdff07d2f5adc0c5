package backproplab.cli;

import backproplab.assignment.Assignment;
import backproplab.lab.LabServer;
import backproplab.lab.http.AccessToken;
import backproplab.lab.http.LabLimits;
import backproplab.lab.http.LabOptions;
import backproplab.lab.http.Reach;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Open the lab in your browser: backprop step by step, runs, inside a CNN.",
        description = "Starts a local web server with the lab's pages and prints their address;"
            + " open it in a browser. The backprop page steps through the 2-2-2 network; the Runs"
            + " page lists the run folders of --runs with their curves and mistakes, and trains"
            + " a new run (of a built-in model, or a model file or a class of a .py file or"
            + " notebook in the models/ folder beside --runs) or resumes one from the page; the"
            + " design page (/design) computes a model file, or a class pasted, as you type it;"
            + " the CNN page (/cnn) shows a trained run's"
            + " feature maps and kernels on a test digit or one you draw. Ctrl-C stops it."
            + " Listening beyond this machine (--host 0.0.0.0), it asks for a secret token,"
            + " given in the address it prints.",
        footer = {"", "Examples: backprop-lab serve --port 8080",
            "          backprop-lab serve --host 0.0.0.0 --read-only   # for a class"})
final class ServeCommand implements Callable<Integer> {

    private static final int MAX_PORT = 65_535;

    @Spec
    CommandSpec spec;

    @Option(names = "--host", paramLabel = "HOST",
            description = "address to listen on (default: ${DEFAULT-VALUE}, this machine only)")
    String host = LabServer.DEFAULT_HOST;

    @Option(names = "--port", paramLabel = "PORT",
            description = "port to listen on, 0 for any free one (default: ${DEFAULT-VALUE})")
    int port = LabServer.DEFAULT_PORT;

    @Option(names = "--runs", paramLabel = "DIR",
            description = "run folders to list, and to train into from the page (default: runs)")
    Path runs = Path.of("runs");

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "the secret asked of every visitor, given once in the address"
                + " printed (default: a random one beyond this machine, none on it)")
    String token;

    @Option(names = "--no-token", description = "ask for no token even beyond this machine:"
            + " anyone who can reach the port can use the lab")
    boolean noToken;

    @Option(names = "--read-only", description = "show the runs and pages, but let nobody train,"
            + " stop or resume a run (for a class)")
    boolean readOnly;

    @Option(names = "--assignment", paramLabel = "FILE", description = "the rules the pages"
            + " check models and runs against: a rules file, or s6 (default: s6; see:"
            + " backprop-lab check --help)")
    String assignment;

    @Override
    public Integer call() throws InterruptedException {
        OptionChecks check = new OptionChecks(spec);
        Assignment rules = Assignment.resolve(assignment, "--assignment");
        if (port < 0 || port > MAX_PORT) {
            throw check.bad("--port: must be between 0 and " + MAX_PORT + ", got " + port);
        }
        if (Files.exists(runs) && !Files.isDirectory(runs)) {
            throw check.bad("--runs: " + runs + " is a file, not a folder of runs");
        }
        AccessToken access = check.obey(() -> AccessToken.forServing(host, token, noToken));
        LabServer server;
        try {
            server = LabServer.start(host, port, runs, Defaults.dataDir(), System.out,
                    new LabOptions(access, readOnly, LabLimits.DEFAULT), rules);
        } catch (RuntimeException e) {
            throw check.bad("--host/--port: cannot listen on " + host + ":" + port + " ("
                    + rootCause(e) + ")");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            System.out.println("backprop-lab lab: stopped");
            stopped.countDown();
        }, "lab-stop"));
        if (!access.required() && Reach.of(host).beyondThisMachine()) {
            Errors.warn(spec.commandLine(), "--no-token: anyone who can reach port "
                    + server.port() + " can " + (readOnly ? "see every run in " + runs
                    : "train, stop and resume runs in " + runs));
        }
        System.out.println("backprop-lab lab: " + server.uri(host) + "  (Ctrl-C stops it)");
        // A mistyped --runs would otherwise show an empty Runs page without a word why.
        System.out.println("backprop-lab lab: runs in " + runs.toAbsolutePath().normalize()
                + (Files.isDirectory(runs) ? "" : " (not there yet: made when a run starts)")
                + (readOnly ? ", read-only: nobody can train, stop or resume from the pages" : ""));
        System.out.flush();
        stopped.await();
        return 0;
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        if (t instanceof java.nio.channels.UnresolvedAddressException) {
            return "unknown host";
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
