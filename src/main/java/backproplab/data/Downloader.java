package backproplab.data;

import backproplab.InvalidInputException;
import backproplab.Sha256;
import backproplab.report.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Downloads a missing data file from the first mirror that serves it, with progress lines, a
 * SHA-256 check, and an atomic rename: a failed or wrong download leaves nothing behind.
 */
final class Downloader {

    private Downloader() {}

    /**
     * Fetches {@code name} into {@code target}, whose folder must exist. Each attempt and why it
     * failed is one line to {@code log}, each short enough for an 80-column terminal (the host,
     * not the whole address).
     *
     * @return empty once a mirror gave the file; else why the last one tried did not, as
     *     "from HOST: reason", for the caller's one-line refusal
     */
    static Optional<String> fetch(List<URI> mirrors, String name, Path target, String sha256,
                                  Consumer<String> log) {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20)).build();
        String failure = "no mirror to download from";
        for (URI mirror : mirrors) {
            URI uri = mirror.resolve(name);
            try {
                log.accept("downloading " + name + " from " + uri.getHost());
                download(http, uri, target, sha256, log);
                return Optional.empty();
            } catch (IOException | RuntimeException e) {
                log.accept("  failed: " + reason(e));
                failure = "from " + uri.getHost() + ": " + reason(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InvalidInputException("download of " + name + " interrupted");
            }
        }
        return Optional.of(failure);
    }

    /**
     * Why a download failed, in words: Java's HTTP client reports an unknown host or a refused
     * connection as exceptions without a message, which would read "null".
     */
    static String reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException) {
                return "host not found (is this machine offline?)";
            }
            if (t instanceof HttpTimeoutException) {
                return "timed out";
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return failure instanceof ConnectException ? "could not connect"
                : failure.getClass().getSimpleName();
    }

    private static void download(HttpClient http, URI uri, Path target, String sha256,
                                 Consumer<String> log) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri)
                .timeout(Duration.ofMinutes(5)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException("HTTP " + response.statusCode());
        }
        long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        MessageDigest digest = Sha256.digest();
        AtomicFiles.write(target, out -> {
            try (InputStream in = response.body();
                 DigestOutputStream sink = new DigestOutputStream(out, digest)) {
                byte[] buffer = new byte[1 << 16];
                long done = 0;
                int lastDecile = 0;
                for (int n; (n = in.read(buffer)) > 0; ) {
                    sink.write(buffer, 0, n);
                    done += n;
                    int decile = total > 0 ? (int) (10 * done / total) : 0;
                    if (decile > lastDecile) {
                        lastDecile = decile;
                        log.accept(String.format(Locale.ROOT,
                                "  %s: %d%% of %.1f MB", target.getFileName(),
                                10 * decile, total / 1e6));
                    }
                }
                sink.flush();
                String actual = HexFormat.of().formatHex(digest.digest());
                if (sha256 != null && !actual.equals(sha256)) {
                    // Throwing here makes AtomicFiles drop the temporary file: nothing is kept.
                    // The sums themselves would overflow the line and help no one.
                    throw new IOException("not the expected file (its SHA-256 differs)");
                }
            }
        });
    }
}
