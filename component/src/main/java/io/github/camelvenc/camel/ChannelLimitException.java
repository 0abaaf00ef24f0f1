package io.github.camelvenc.camel;

import io.github.camelvenc.engine.VencException;

/**
 * Frame mode: a frame of a new channel key arrived while the endpoint already had {@code maxChannels}
 * channels open. Only that exchange fails; open channels go on, and the key gets a channel once
 * another one closes (after {@code idleTimeout} without frames).
 */
public class ChannelLimitException extends VencException {
    private static final long serialVersionUID = 1L;

    private final String channelKey;
    private final int maxChannels;

    public ChannelLimitException(String channelKey, int maxChannels, long idleTimeout) {
        super("Cannot open a channel for key '" + channelKey + "': " + maxChannels + " channels are open (maxChannels="
                + maxChannels + ")" + (idleTimeout > 0 ? "; one closes after " + idleTimeout + " ms without frames" : ""));
        this.channelKey = channelKey;
        this.maxChannels = maxChannels;
    }

    /** The key that got no channel. */
    public String channelKey() {
        return channelKey;
    }

    /** The limit in force. */
    public int maxChannels() {
        return maxChannels;
    }
}
