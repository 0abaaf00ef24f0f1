package io.github.camelvenc.camel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.spi.annotations.DevConsole;
import org.apache.camel.support.console.AbstractDevConsole;

/** Camel dev console {@code venc}: every venc endpoint with its channels, counters and current rates. */
@DevConsole(name = "venc", displayName = "VENC", description = "Video encoder endpoints: channels, frames, bytes, bit rate, fps")
public class VencDevConsole extends AbstractDevConsole {

    public VencDevConsole() {
        super("camel", "venc", "VENC", "Video encoder endpoints: channels, frames, bytes, bit rate, fps");
    }

    @Override
    protected String doCallText(Map<String, Object> options) {
        StringBuilder sb = new StringBuilder();
        for (VencEndpoint e : endpoints()) {
            VencStatistics.Snapshot s = e.statistics().snapshot();
            sb.append(String.format(Locale.ROOT,
                    "%s%n    mode: %s  frames in: %d  out: %d  dropped: %d  failures: %d  bytes: %d%n"
                            + "    clips: %d  channels opened: %d open: %d peak: %d  bit rate: %.1f kbit/s  fps: %.1f%n",
                    e.getEndpointUri(), e.getModeName(), s.framesIn(), s.framesOut(), s.framesDropped(), s.failures(),
                    s.bytesOut(), s.clipsCompleted(), s.channelsOpened(), s.channelsOpen(), s.channelsPeak(), s.bitRateKbps(), s.fps()));
            e.openChannels().forEach((key, backend) -> sb.append("    channel ").append(key).append(": ")
                    .append(backend).append(System.lineSeparator()));
        }
        return sb.toString();
    }

    @Override
    protected Map<String, Object> doCallJson(Map<String, Object> options) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (VencEndpoint e : endpoints()) {
            VencStatistics.Snapshot s = e.statistics().snapshot();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("uri", e.getEndpointUri());
            m.put("codec", e.getCodecName());
            m.put("mode", e.getModeName());
            m.put("framesIn", s.framesIn());
            m.put("framesOut", s.framesOut());
            m.put("framesDropped", s.framesDropped());
            m.put("bytesOut", s.bytesOut());
            m.put("failures", s.failures());
            m.put("clipsCompleted", s.clipsCompleted());
            m.put("channelsOpened", s.channelsOpened());
            m.put("channelsOpen", s.channelsOpen());
            m.put("channelsPeak", s.channelsPeak());
            m.put("bitRateKbps", s.bitRateKbps());
            m.put("fps", s.fps());
            m.put("openChannels", e.openChannels());
            list.add(m);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("endpoints", list);
        return root;
    }

    private List<VencEndpoint> endpoints() {
        return getCamelContext().getEndpoints().stream()
                .filter(VencEndpoint.class::isInstance)
                .map(VencEndpoint.class::cast)
                .toList();
    }
}
