package backproplab.lab.runs;

import backproplab.lab.http.BadRequestException;
import backproplab.lab.http.GsonMapper;
import backproplab.lab.http.Slots;
import backproplab.training.RunFolder;
import backproplab.training.RunRecords;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The runs folder as a stream of server-sent events. Every second, while a page listens, the
 * folder is read again and each run that changed (a new epoch in metrics.json, a new status) goes
 * out as a {@code run} event: a CLI run and a run started from the page show alike. The page's own
 * training adds {@code progress} events within the epoch and {@code training} events.
 */
final class RunEvents implements AutoCloseable {

    /** Seconds between comments to a quiet page: a page gone is seen, and its slot freed. */
    private static final int HEARTBEAT = 15;
    private static final String EVENT_STREAM = "text/event-stream";

    private final Path runs;
    private final Function<Path, RunView> reader;
    private final Slots streams;
    /** Since the last heartbeat; the sender's thread alone reads and writes it. */
    private int quietSeconds;
    private final List<SseClient> clients = new CopyOnWriteArrayList<>();
    /** One thread sends and watches: a slow browser never holds up the training thread. */
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(
            r -> {
                Thread t = new Thread(r, "lab-run-events");
                t.setDaemon(true);
                return t;
            });
    /** What each run looked like when last sent: its files' sizes and times, and its status. */
    private final Map<String, String> seen = new HashMap<>();

    RunEvents(Path runs, Function<Path, RunView> reader, Slots streams) {
        this.runs = runs;
        this.reader = reader;
        this.streams = streams;
        sender.scheduleWithFixedDelay(this::everySecond, 1, 1, TimeUnit.SECONDS);
    }

    /** A page asks for the events: it gets a stream while a slot is free, else a 503. */
    void open(Context ctx) throws Exception {
        // As an EventSource asks; Javalin's stream would answer anything else with nothing.
        if (!EVENT_STREAM.equals(ctx.header(Header.ACCEPT))) {
            throw new BadRequestException("server-sent events: ask with Accept: " + EVENT_STREAM);
        }
        streams.take();
        try {
            // The stream's slot is given back when it closes (see subscribe), run later.
            new SseHandler(0, this::subscribe).handle(ctx);
        } catch (Exception | Error e) {
            streams.give();
            throw e;
        }
    }

    private void subscribe(SseClient client) {
        client.keepAlive();
        client.onClose(() -> {
            clients.remove(client);
            streams.give();
        });
        clients.add(client);
        client.sendComment("connected");
    }

    /** Sends {@code json} as an event of this name to every page listening. */
    void publish(String event, String json) {
        sender.execute(() -> send(event, json));
    }

    /** Looks at the folder now rather than within the second (a run started or ended). */
    void refresh() {
        sender.execute(this::watch);
    }

    private void send(String event, String json) {
        for (SseClient client : clients) {
            if (client.terminated()) {
                clients.remove(client);
            } else {
                client.sendEvent(event, json);
            }
        }
    }

    private void everySecond() {
        watch();
        if (++quietSeconds >= HEARTBEAT) {
            quietSeconds = 0;
            // A write to a page that has gone fails, and closes its stream.
            clients.stream().filter(c -> !c.terminated()).forEach(c -> c.sendComment("still here"));
        }
    }

    private void watch() {
        if (clients.isEmpty()) {
            seen.clear();
            return;
        }
        try (Stream<Path> dirs = Files.isDirectory(runs) ? Files.list(runs) : Stream.empty()) {
            for (Path dir : dirs.filter(RunEvents::isRun).sorted().toList()) {
                String name = dir.getFileName().toString();
                String files = fingerprint(dir);
                String before = seen.get(name);
                if (before != null && !before.startsWith(files)) {
                    before = null;
                }
                // Unchanged files: only an unfinished run's status can change (its lock).
                if (before != null && !before.endsWith("|running")
                        && !before.endsWith("|interrupted")) {
                    continue;
                }
                RunView view = reader.apply(dir);
                String now = files + "|" + view.status();
                if (!now.equals(seen.get(name))) {
                    seen.put(name, now);
                    send("run", GsonMapper.GSON.toJson(view));
                }
            }
        } catch (IOException | RuntimeException e) {
            // The folder changes under us (a run removed): the next second looks again.
        }
    }

    /** A folder of the runs folder, as the runs page lists them: hidden ones are not runs. */
    static boolean isRun(Path dir) {
        return Files.isDirectory(dir) && !dir.getFileName().toString().startsWith(".");
    }

    private static String fingerprint(Path dir) {
        StringBuilder f = new StringBuilder();
        for (String file : List.of(RunRecords.METRICS, RunFolder.SETTINGS)) {
            try {
                Path p = dir.resolve(file);
                f.append(Files.size(p)).append('@').append(Files.getLastModifiedTime(p).toMillis());
            } catch (IOException e) {
                f.append('-');
            }
            f.append(';');
        }
        return f.toString();
    }

    @Override
    public void close() {
        sender.shutdownNow();
        clients.forEach(c -> {
            if (!c.terminated()) {
                c.close();
            }
        });
        clients.clear();
    }
}
