package io.github.camelvenc.engine.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A child process of a test (a broker, an application instance) with its output in a log file. Closing
 * it kills it and its descendants with SIGKILL; whatever is still alive when the test JVM exits is
 * killed by a shutdown hook, so a failed or interrupted test leaves nothing behind.
 */
public final class ChildProcess implements AutoCloseable {
    private static final Set<ChildProcess> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(ChildProcess::kill)));
    }

    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} with these extra environment variables, output and errors to {@code log}. */
    public static ChildProcess start(String name, List<String> command, Map<String, String> env, Path log)
            throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        ChildProcess child = new ChildProcess(name, pb.start(), log);
        LIVE.add(child);
        return child;
    }

    /** The path of the java launcher running this test. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Waits until a line of the log matches {@code regex}; fails with the log's tail if the process exits first. */
    public void awaitLog(String regex, Duration timeout) throws IOException, InterruptedException {
        Pattern p = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!logMatches(p)) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " before logging /" + regex
                        + "/:\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " did not log /" + regex + "/ within " + timeout + ":\n" + tail());
            }
            Thread.sleep(100);
        }
    }

    /** Whether a line of the log matches {@code regex}. */
    public boolean logMatches(String regex) throws IOException {
        return logMatches(Pattern.compile(regex));
    }

    private boolean logMatches(Pattern p) throws IOException {
        try (var lines = Files.lines(log)) {
            return lines.anyMatch(l -> p.matcher(l).find());
        }
    }

    /** The last 40 lines of the log. */
    public String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM (a graceful stop); waits up to {@code timeout}, then kills. Returns the exit code. */
    public int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
            throw new AssertionError(name + " did not stop within " + timeout + " of SIGTERM");
        }
        LIVE.remove(this);
        return process.exitValue();
    }

    /** SIGKILL to the process and its descendants (no graceful stop), and waits until it is gone. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " (pid " + process.pid() + ") survived SIGKILL for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            LIVE.remove(this);
        }
    }

    @Override
    public void close() {
        kill();
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", log " + log + ")";
    }
}
