package io.github.camelvenc.examples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelvenc.engine.testing.ContainerReaders;
import io.github.camelvenc.engine.testing.ContainerReaders.Probe;
import io.github.camelvenc.engine.testing.MediaTools;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The containers in the browser and over HTTP: the live stream through MSE (fragmented MP4) and a
 * progressive MP4 from {@code POST /encode} playing and seeking in headless Chromium, and the live
 * HLS playlist read by ffprobe and ffmpeg over HTTP.
 */
@QuarkusTest
class HttpContainersTest extends HttpServiceTest {
    /** Chromium evaluates this for the MSE test's diagnostics. */
    private static final String VIDEO_STATE = "({t: document.getElementById('video').currentTime,"
            + " w: document.getElementById('video').videoWidth, h: document.getElementById('video').videoHeight,"
            + " error: document.getElementById('video').error && document.getElementById('video').error.message,"
            + " preview: window.vencPreview})";

    @Test
    void liveStreamPlaysInChromiumThroughMediaSourceExtensions() throws Exception {
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            HeadlessChromium.Page page = openPreview(chromium);
            assertTrue(page.evaluate("MediaSource.isTypeSupported('video/mp4; codecs=\"avc1.42E01E\"')").asBoolean(),
                    "Debian's Chromium plays H.264 through MSE");
            page.evaluate("document.getElementById('stream').value = 'mse'; document.getElementById('camera').click(); true");
            try {
                awaitTrue(page, "document.getElementById('video').currentTime > 1.5");
                JsonNode first = page.evaluate(VIDEO_STATE);
                awaitTrue(page, "document.getElementById('video').currentTime > " + (first.get("t").asDouble() + 1));
                JsonNode later = page.evaluate(VIDEO_STATE);
                assertEquals(320, later.get("w").asInt(), later.toString());
                assertEquals(240, later.get("h").asInt(), later.toString());
                assertTrue(later.get("error").isNull(), "no media error: " + later);
                assertEquals("playing", later.path("preview").path("state").asText(), later.toString());
                assertTrue(later.path("preview").path("codec").asText().startsWith("avc1.42"),
                        "codec string from the init segment: " + later);
            } finally {
                toggleCamera(page);
            }
        }
    }

    @Test
    void progressiveMp4FromTheClipServicePlaysAndSeeksToAKeyFrameInChromium() throws Exception {
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            HeadlessChromium.Page page = openPreview(chromium);
            // 30 frames of 320x240 NV12 (3.5 MB, under the test's 4M body limit) with a moving bar, encoded as
            // MP4 by POST /encode with an IDR every 15 frames, played from a blob
            page.evaluate("(async () => {"
                    + " const w = 320, h = 240, n = 30, size = w * h * 3 / 2;"
                    + " const clip = new Uint8Array(size * n).fill(128);"
                    + " for (let f = 0; f < n; f++) for (let y = 0; y < h; y++) for (let x = 0; x < 32; x++)"
                    + "   clip[f * size + y * w + (x + 5 * f) % w] = 235;"
                    + " const r = await fetch('/encode/h264?width=320&height=240&fps=25&gop=15&container=mp4',"
                    + "   {method: 'POST', body: clip});"
                    + " window.mp4Type = r.headers.get('Content-Type');"
                    + " if (!r.ok) throw new Error('POST /encode: HTTP ' + r.status + ' ' + await r.text());"
                    + " const v = document.createElement('video'); v.id = 'file'; v.muted = true;"
                    + " window.seekedAt = null; v.addEventListener('seeked', () => { window.seekedAt = v.currentTime; });"
                    + " document.body.appendChild(v);"
                    + " v.src = URL.createObjectURL(await r.blob());"
                    + " await new Promise((ok, ko) => { v.onloadedmetadata = ok; v.onerror = () => ko(String(v.error && v.error.message)); });"
                    + " await v.play(); return true; })()");
            assertEquals("video/mp4", page.evaluate("window.mp4Type").asText());
            awaitTrue(page, "document.getElementById('file').currentTime > 0.3");
            JsonNode played = page.evaluate("(() => { const v = document.getElementById('file');"
                    + " return {d: v.duration, w: v.videoWidth, h: v.videoHeight, error: v.error && v.error.message}; })()");
            assertEquals(1.2, played.get("d").asDouble(), 0.05, "duration of 30 frames at 25 fps: " + played);
            assertEquals(320, played.get("w").asInt(), played.toString());
            assertEquals(240, played.get("h").asInt(), played.toString());
            assertTrue(played.get("error").isNull(), played.toString());
            page.evaluate("(() => { const v = document.getElementById('file'); v.pause(); v.currentTime = 0.6; return true; })()");
            awaitTrue(page, "window.seekedAt !== null");
            JsonNode seeked = page.evaluate("(() => { const v = document.getElementById('file');"
                    + " return {t: window.seekedAt, ready: v.readyState, error: v.error && v.error.message}; })()");
            assertEquals(0.6, seeked.get("t").asDouble(), 0.001, "seeked to the IDR at frame 15: " + seeked);
            assertTrue(seeked.get("ready").asInt() >= 2, "a picture is shown after the seek: " + seeked);
            assertTrue(seeked.get("error").isNull(), seeked.toString());
        }
    }

    @Test
    void liveHlsPlaylistPlaysWithFfprobeAndFfmpegOverHttp() throws Exception {
        String id = "hls1";
        URI playlist = base.resolve("streams/" + id + "/index.m3u8");
        assertEquals(404, get(playlist).statusCode(), "no playlist before the stream starts");
        assertEquals(200, http.send(HttpRequest.newBuilder(base.resolve("streams/" + id + "/synthetic?on=true"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        try {
            String text = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                HttpResponse<String> r = get(playlist);
                if (r.statusCode() == 200 && r.body().split("#EXTINF", -1).length > 2) {
                    text = r.body();
                    assertEquals("application/vnd.apple.mpegurl", r.headers().firstValue("Content-Type").orElse(""));
                    break;
                }
                Thread.sleep(250);
            }
            assertTrue(text != null, "two complete segments within 60 s");
            assertTrue(text.contains("#EXT-X-TARGETDURATION:2\n"), "2 s segments (gop 30 at 15 fps): " + text);
            assertTrue(text.contains("#EXT-X-MAP:URI=\"init.mp4\""), text);
            assertTrue(text.contains("#EXTINF:2.000,\nseg-0.m4s"), text);
            Probe probe = ContainerReaders.ffprobe(playlist.toString(), false);
            assertEquals("hls", probe.format(), probe.toString());
            assertEquals("h264", probe.codec(), probe.toString());
            assertEquals(320, probe.width());
            assertEquals(240, probe.height());
            String errors = MediaTools.run("ffmpeg", "-v", "error", "-xerror",
                    "-live_start_index", "0", "-i", playlist.toString(), "-frames:v", "30", "-f", "null", "-").outputText();
            assertTrue(errors.isBlank(), "ffmpeg decodes the first 2 s of the HLS stream cleanly: " + errors);
        } finally {
            http.send(HttpRequest.newBuilder(base.resolve("streams/" + id + "/synthetic?on=false"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
