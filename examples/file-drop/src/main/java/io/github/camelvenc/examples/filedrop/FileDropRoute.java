package io.github.camelvenc.examples.filedrop;

import io.github.camelvenc.camel.VencConstants;
import io.github.camelvenc.engine.Codec;
import io.github.camelvenc.engine.InvalidConfigException;
import io.github.camelvenc.engine.VencException;
import io.github.camelvenc.engine.mux.Container;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.file.GenericFile;
import org.jboss.logging.Logger;

/**
 * Encodes every clip dropped into the inbox into the outbox.
 *
 * <ul>
 * <li>A file is taken once it has not been modified for {@code file-drop.quiet-period}; names starting
 * with a dot and names ending in {@code .part} or {@code .tmp} are never taken (copy under such a name
 * and rename when complete).</li>
 * <li>The input stays in the inbox while it is encoded and moves to {@code .done/} only after the output
 * is complete; if the process dies half-way the file is still in the inbox and is encoded again on the
 * next start.</li>
 * <li>The output is written as {@code .NAME.mp4.part} and renamed to {@code NAME.mp4} when complete
 * ({@code .ts}, or {@code .h264}/{@code .h265} for {@code file-drop.container=annexb}).</li>
 * <li>A failed input moves to {@code .error/} with {@code FILE.error.txt} giving the reason in one line.</li>
 * </ul>
 */
@ApplicationScoped
public class FileDropRoute extends RouteBuilder {

    static final String ROUTE_ID = "file-drop";
    private static final Logger LOG = Logger.getLogger(FileDropRoute.class);
    private static final String OUTPUT = "fileDropOutput";
    private static final String STARTED = "fileDropStarted";
    private static final String PART_PREFIX = ".";
    private static final String PART_SUFFIX = ".part";

    @Inject
    FileDropConfig config;

    private Path inbox;
    private Path outbox;
    private Codec codec;
    private Container container;

    @Override
    public void configure() throws IOException {
        try {
            codec = Codec.parse(config.codec());
        } catch (InvalidConfigException e) {
            throw new IllegalArgumentException("file-drop.codec=" + config.codec() + ": expected h264 or h265", e);
        }
        try {
            container = Container.parse(config.container());
        } catch (InvalidConfigException e) {
            throw new IllegalArgumentException("file-drop.container=" + config.container()
                    + ": expected mp4, fmp4, ts or annexb", e);
        }
        inbox = config.inbox().toAbsolutePath().normalize();
        outbox = config.outbox().toAbsolutePath().normalize();
        prepareFolders();
        long quietMillis = Math.max(1, config.quietPeriod().toMillis());

        onException(Exception.class)
                .handled(false)
                .logExhausted(false)
                .process(this::failed);

        from("file:" + inbox
                + "?readLock=changed&readLockMinAge=" + quietMillis
                + "&readLockCheckInterval=" + Math.min(quietMillis, 1000)
                + "&readLockTimeout=" + (quietMillis * 3 + 10_000)
                + "&readLockMinLength=0&readLockLoggingLevel=DEBUG"
                + "&excludeExt=part,tmp"
                + "&move=.done/${file:name}&moveFailed=.error/${file:name}"
                + "&sortBy=file:modified"
                + "&delay=" + Math.max(1, config.pollInterval().toMillis()))
                .routeId(ROUTE_ID)
                .process(this::prepare)
                .to("venc:" + codec.id() + "?container=" + container.id())
                .to("file:" + outbox + "?fileName=${exchangeProperty." + OUTPUT + "}"
                        + "&tempFileName=" + PART_PREFIX + "${exchangeProperty." + OUTPUT + "}" + PART_SUFFIX
                        + "&fileExist=Override")
                .process(this::encoded);
    }

    /** Creates the folders and removes partial outputs a killed run left behind (their inputs are still in the inbox). */
    private void prepareFolders() throws IOException {
        Files.createDirectories(inbox);
        Files.createDirectories(outbox);
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(outbox, PART_PREFIX + "*" + PART_SUFFIX)) {
            for (Path part : parts) {
                Files.deleteIfExists(part);
                LOG.infof("Removed partial output %s of an interrupted run", part.getFileName());
            }
        }
    }

    private void prepare(Exchange exchange) {
        String file = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        ClipName clip = ClipName.parse(file);
        GenericFile<?> body = exchange.getIn().getBody(GenericFile.class);
        if (body != null && body.getFileLength() == 0) {
            throw new IllegalArgumentException("File '" + file + "' is empty");
        }
        if (!clip.y4m()) {
            exchange.getIn().setHeader(VencConstants.WIDTH, clip.width());
            exchange.getIn().setHeader(VencConstants.HEIGHT, clip.height());
            exchange.getIn().setHeader(VencConstants.PIXEL_FORMAT, clip.pixelFormat());
            if (clip.frameRate() > 0) {
                exchange.getIn().setHeader(VencConstants.FRAME_RATE, clip.frameRate());
            }
        }
        exchange.setProperty(OUTPUT, clip.outputName(container.extension(codec)));
        exchange.setProperty(STARTED, System.nanoTime());
    }

    private void encoded(Exchange exchange) {
        double seconds = (System.nanoTime() - exchange.getProperty(STARTED, Long.class)) / 1e9;
        String file = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        long framesRead = exchange.getIn().getHeader(VencConstants.FRAME_COUNT, 0L, Long.class);
        long frames = exchange.getIn().getHeader(VencConstants.ENCODED_COUNT, framesRead, Long.class);
        long bytes = exchange.getIn().getHeader(VencConstants.BYTE_COUNT, 0L, Long.class);
        int frameRate = exchange.getIn().getHeader(VencConstants.OUTPUT_FRAME_RATE, 0, Integer.class);
        double clipSeconds = frameRate > 0 ? framesRead / (double) frameRate : 0;
        double kbps = clipSeconds > 0 ? bytes * 8 / 1000.0 / clipSeconds : 0;
        LOG.infof("%s -> %s: %d frames, %d bytes, %.1f kbit/s, %.1f fps, backend %s",
                file, outbox.resolve(exchange.getProperty(OUTPUT, String.class)), frames, bytes, kbps,
                seconds > 0 ? framesRead / seconds : 0, exchange.getIn().getHeader(VencConstants.BACKEND, String.class));
    }

    private void failed(Exchange exchange) throws IOException {
        Exception error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = reason(error);
        String file = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        Path errors = inbox.resolve(".error");
        Files.createDirectories(errors);
        Files.writeString(errors.resolve(file + ".error.txt"), reason + "\n", StandardCharsets.UTF_8);
        String output = exchange.getProperty(OUTPUT, String.class);
        if (output != null) {
            Files.deleteIfExists(outbox.resolve(PART_PREFIX + output + PART_SUFFIX));
        }
        LOG.warnf("%s failed: %s (moved to %s)", file, reason, errors.resolve(file));
    }

    /** The message of the innermost cause that has one, on one line; the exception type when it is not ours. */
    static String reason(Throwable error) {
        Throwable chosen = error;
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                chosen = t;
            }
        }
        if (chosen == null) {
            return "unknown error";
        }
        String message = chosen.getMessage() == null ? "" : chosen.getMessage().replaceAll("\\s+", " ").trim();
        boolean ours = chosen instanceof VencException || chosen instanceof IllegalArgumentException;
        if (ours && !message.isEmpty()) {
            return message;
        }
        String type = chosen.getClass().getSimpleName();
        return message.isEmpty() ? type : type + ": " + message;
    }
}
