package io.github.camelvenc.examples.http;

import io.github.camelvenc.camel.VencConstants;
import io.github.camelvenc.engine.mux.Container;
import io.github.camelvenc.engine.mux.HlsPlaylist;
import io.github.camelvenc.engine.mux.LiveMuxer;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Message;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The live streams in fragmented MP4, as the live encoder ({@code container=fmp4}) emits them: a stream
 * for Media Source Extensions ({@code GET /streams/{id}/live.mp4}, every key frame's fragment with the
 * init segment in front, so a viewer joins at the latest one) and an HLS playlist over a sliding window
 * of segments ({@code GET /streams/{id}/index.m3u8}).
 *
 * <p>A stream's encoder channel that reopens (after its idle timeout, or for a new frame size) starts a
 * new segment with a new init segment: its playlist starts over. {@link #publish} is called in frame
 * order per stream, on the encoder's completion thread.
 */
@ApplicationScoped
public class LiveContainers {
    @ConfigProperty(name = "http-encoder.hls.segment-seconds", defaultValue = "2")
    double segmentSeconds;

    @ConfigProperty(name = "http-encoder.hls.window", defaultValue = "6")
    int window;

    @ConfigProperty(name = "http-encoder.live.idle-timeout", defaultValue = "60000")
    long idleTimeout;

    private final StreamHub fmp4 = new StreamHub();
    private final Map<String, HlsPlaylist> playlists = new ConcurrentHashMap<>();

    /** One output of the live encoder for stream {@code id}: its fragment and container headers. */
    public void publish(String id, Message m) {
        byte[] body = m.getBody(byte[].class);
        byte[] init = m.getHeader(VencConstants.INIT_SEGMENT, byte[].class);
        boolean start = Boolean.TRUE.equals(m.getHeader(VencConstants.SEGMENT_START, Boolean.class));
        boolean key = Boolean.TRUE.equals(m.getHeader(VencConstants.KEY_FRAME, Boolean.class));
        byte[] media = start ? Arrays.copyOfRange(body, init.length, body.length) : body;
        LiveMuxer.Chunk chunk = new LiveMuxer.Chunk(Container.FMP4, init, media, start, 0,
                m.getHeader(VencConstants.MEDIA_TIME, Double.class), key);
        fmp4.publish(id, key ? chunk.withInit() : media, key);
        HlsPlaylist hls = start ? new HlsPlaylist(Container.FMP4, segmentSeconds, window)
                : playlists.get(id);
        if (start) {
            playlists.put(id, hls);
        }
        if (hls != null) {
            hls.add(chunk);
        }
    }

    /** Adds an MSE viewer of stream {@code id}: it gets the init segment and fragments from the latest key frame. */
    public Runnable watchFmp4(String id, StreamHub.Viewer viewer) {
        return fmp4.watch(id, viewer);
    }

    /** The HLS playlist of stream {@code id}, or {@code null} when the stream has not started. */
    public HlsPlaylist hls(String id) {
        return playlists.get(id);
    }

    /** Forgets the fMP4 streams of stopped channels like the Annex-B hub does. */
    @PostConstruct
    void startForgetting() {
        fmp4.idleTimeout = idleTimeout;
        fmp4.startForgetting();
    }

    @PreDestroy
    void endAll() {
        fmp4.endAll();
    }
}
