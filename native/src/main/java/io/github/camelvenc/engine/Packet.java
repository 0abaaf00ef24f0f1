package io.github.camelvenc.engine;

import java.util.Arrays;
import java.util.Objects;

/**
 * One encoded access unit in Annex-B form (start codes included), or the record that the frame-rate
 * control dropped a frame. The bytes belong to the packet: they never point into encoder memory.
 *
 * @param data       Annex-B bytes; empty for a dropped frame
 * @param pts        the pts of the frame this access unit encodes
 * @param frameIndex 0-based index of that frame among all frames sent to the channel
 * @param sequence   0-based index of this packet among the packets (not drops) of the channel
 * @param frameType  coding type; {@code null} for a dropped frame
 * @param nalTypes   the {@code nal_unit_type} of each NAL unit in order
 */
public record Packet(byte[] data, long pts, long frameIndex, long sequence, FrameType frameType, int[] nalTypes) {

    public Packet {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(nalTypes, "nalTypes");
    }

    /** The record of a frame the frame-rate control (dstFrameRate &lt; srcFrameRate) skipped. */
    public static Packet dropped(long pts, long frameIndex) {
        return new Packet(new byte[0], pts, frameIndex, -1, null, new int[0]);
    }

    public boolean isDropped() {
        return frameType == null;
    }

    /** IDR or I. */
    public boolean isKeyFrame() {
        return frameType == FrameType.IDR || frameType == FrameType.I;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Packet p && pts == p.pts && frameIndex == p.frameIndex && sequence == p.sequence
                && frameType == p.frameType && Arrays.equals(data, p.data) && Arrays.equals(nalTypes, p.nalTypes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(pts, frameIndex, sequence, frameType, Arrays.hashCode(data), Arrays.hashCode(nalTypes));
    }

    @Override
    public String toString() {
        return isDropped() ? "Packet[dropped frame " + frameIndex + " pts=" + pts + "]"
                : "Packet[#" + sequence + " frame " + frameIndex + " " + frameType + " pts=" + pts + " " + data.length
                        + " bytes nal=" + Arrays.toString(nalTypes) + "]";
    }
}
