package io.github.camelvenc.examples.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The Debian {@code chromium} in headless mode, driven over the Chrome DevTools Protocol with the JDK
 * WebSocket client: open a page, evaluate JavaScript in it. Each instance uses a fresh profile directory
 * and listens for DevTools on a free loopback port.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final WebSocket socket;

    HeadlessChromium() throws IOException, InterruptedException {
        profile = Files.createTempDirectory("chromium-profile");
        process = new ProcessBuilder("/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0", "about:blank")
                .redirectErrorStream(true)
                .start();
        CompletableFuture<String> endpoint = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null;) {
                    log.add(line);
                    int at = line.indexOf("DevTools listening on ");
                    if (at >= 0) {
                        endpoint.complete(line.substring(at + "DevTools listening on ".length()).trim());
                    }
                }
                endpoint.completeExceptionally(new IOException("chromium exited: " + String.join("\n", log)));
            } catch (IOException e) {
                endpoint.completeExceptionally(e);
            }
        }, "chromium-output");
        reader.setDaemon(true);
        reader.start();
        String ws;
        try {
            ws = endpoint.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw new IOException("chromium gave no DevTools endpoint: " + String.join("\n", log), e);
        }
        socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(ws), new Listener()).join();
    }

    /** Opens {@code url} in a new tab and returns it. */
    Page open(String url) throws Exception {
        String target = call("Target.createTarget", JSON.createObjectNode().put("url", url), null)
                .path("targetId").asText();
        String session = call("Target.attachToTarget",
                JSON.createObjectNode().put("targetId", target).put("flatten", true), null).path("sessionId").asText();
        return new Page(session);
    }

    /** One tab. */
    final class Page {
        private final String session;

        private Page(String session) {
            this.session = session;
        }

        /** The value of a JavaScript expression (promises awaited), as JSON. */
        JsonNode evaluate(String expression) throws Exception {
            JsonNode r = call("Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
                    .put("awaitPromise", true).put("returnByValue", true), session);
            if (r.has("exceptionDetails")) {
                throw new AssertionError("JavaScript failed: " + r.get("exceptionDetails"));
            }
            return r.path("result").path("value");
        }
    }

    private JsonNode call(String method, ObjectNode params, String session) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        if (session != null) {
            message.put("sessionId", session);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        socket.sendText(JSON.writeValueAsString(message), true).join();
        JsonNode reply = answer.get(60, TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new AssertionError(method + " failed: " + reply.get("error"));
        }
        return reply.path("result");
    }

    /** Chromium's own output so far (for failure messages). */
    String output() {
        return String.join("\n", log);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (socket != null) {
            socket.abort();
        }
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(15, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                p.destroyForcibly();
            }
        }
        try (Stream<Path> files = Files.walk(profile)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(text.toString());
                    if (message.has("id")) {
                        CompletableFuture<JsonNode> answer = pending.remove(message.get("id").asInt());
                        if (answer != null) {
                            answer.complete(message);
                        }
                    }
                } catch (IOException e) {
                    log.add("unreadable DevTools message: " + e);
                }
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
