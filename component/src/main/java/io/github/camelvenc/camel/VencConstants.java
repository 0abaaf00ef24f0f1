package io.github.camelvenc.camel;

import org.apache.camel.spi.Metadata;

/** The message headers the {@code venc:} endpoint reads and writes. */
public final class VencConstants {

    // inputs

    @Metadata(label = "producer", description = "Picture width of the raw input in pixels; overrides the width option. "
            + "Must match a Y4M clip's own width when both are given.", javaType = "Integer")
    public static final String WIDTH = "CamelVencWidth";
    @Metadata(label = "producer", description = "Picture height of the raw input in pixels; overrides the height option. "
            + "Must match a Y4M clip's own height when both are given.", javaType = "Integer")
    public static final String HEIGHT = "CamelVencHeight";
    @Metadata(label = "producer", description = "Layout of the raw input, NV12 or NV21; overrides the pixelFormat option.",
            javaType = "io.github.camelvenc.engine.PixelFormat", enums = "NV12,NV21")
    public static final String PIXEL_FORMAT = "CamelVencPixelFormat";
    @Metadata(label = "producer", description = "Frame mode: bytes between two rows of the input frame (default width). "
            + "The chroma plane starts right after height rows.", javaType = "Integer")
    public static final String STRIDE = "CamelVencStride";
    @Metadata(label = "producer", description = "Input frame rate in frames per second. Clip mode: the rate of a raw clip "
            + "(overrides srcFrameRate; must match a Y4M clip's own rate). Frame mode: reconfigures the live channel's "
            + "srcFrameRate when it differs.", javaType = "Integer")
    public static final String FRAME_RATE = "CamelVencFrameRate";
    @Metadata(label = "producer", description = "Frame mode: the target bit rate in kbit/s of the rc mode (CBR bitRate, "
            + "VBR/AVBR/CVBR maxBitRate, QVBR targetBitRate); reconfigures the live channel when it differs. "
            + "Fails the exchange with rcMode=FIXQP.", javaType = "Integer")
    public static final String BIT_RATE = "CamelVencBitRate";
    @Metadata(label = "producer", description = "Frame mode: true makes this frame an IDR with parameter sets in front.",
            javaType = "Boolean")
    public static final String FORCE_IDR = "CamelVencForceIdr";
    @Metadata(label = "producer", description = "Frame mode: which long-lived channel encodes the frame (for example a "
            + "camera or stream id); default the defaultChannelKey option. Also set on the output.", javaType = "String")
    public static final String CHANNEL_KEY = "CamelVencChannelKey";
    @Metadata(label = "producer", description = "Frame mode input: presentation timestamp of the frame, never smaller than "
            + "the previous one of its channel (default: previous + 1). Output: the pts of the encoded frame.",
            javaType = "Long")
    public static final String PTS = "CamelVencPts";

    // frame mode outputs

    @Metadata(label = "producer", description = "Frame mode: the coding type of the access unit (IDR, I, P); absent when "
            + "the frame was dropped.", javaType = "io.github.camelvenc.engine.FrameType", enums = "IDR,I,P,B")
    public static final String FRAME_TYPE = "CamelVencFrameType";
    @Metadata(label = "producer", description = "Frame mode: true for an IDR or I access unit.", javaType = "Boolean")
    public static final String KEY_FRAME = "CamelVencKeyFrame";
    @Metadata(label = "producer", description = "Frame mode: nal_unit_type of each NAL unit of the access unit, in order.",
            javaType = "java.util.List<Integer>")
    public static final String NAL_TYPES = "CamelVencNalTypes";
    @Metadata(label = "producer", description = "Frame mode: 0-based index of this access unit among the access units of "
            + "its channel (-1 for a dropped frame).", javaType = "Long")
    public static final String SEQUENCE = "CamelVencSequence";
    @Metadata(label = "producer", description = "Frame mode: 0-based index of the frame among all frames sent to its channel.",
            javaType = "Long")
    public static final String FRAME_INDEX = "CamelVencFrameIndex";
    @Metadata(label = "producer", description = "Frame mode: true when the frame-rate control (dstFrameRate below "
            + "srcFrameRate) dropped the frame; the body is then empty.", javaType = "Boolean")
    public static final String DROPPED = "CamelVencDropped";
    @Metadata(label = "producer", description = "Frame mode: true on the first output of a channel that was reopened "
            + "because the frame size or pixel format changed (onFormatChange=reopen); that access unit is an IDR "
            + "with parameter sets. False on every other output.", javaType = "Boolean")
    public static final String FORMAT_CHANGED = "CamelVencFormatChanged";

    // containers (the container option)

    @Metadata(label = "producer", description = "The container of the output: annexb, mp4, fmp4 or ts.", javaType = "String")
    public static final String CONTAINER = "CamelVencContainer";
    @Metadata(label = "producer", description = "Container mp4, fmp4 or ts: the RFC 6381 codec string of the stream, read "
            + "from its SPS (for example avc1.64001f or hvc1.1.6.L93.B0), as MSE's addSourceBuffer and HLS want it. "
            + "Frame mode: absent on exchanges before the channel's first access unit.", javaType = "String")
    public static final String CODECS = "CamelVencCodecs";
    @Metadata(label = "producer", description = "Frame mode, container fmp4 or ts: the access unit as Annex-B (the body "
            + "with container=annexb), for routes that send the elementary stream on as well.", javaType = "byte[]")
    public static final String ACCESS_UNIT = "CamelVencAccessUnit";
    @Metadata(label = "producer", description = "Frame mode, container fmp4 or ts: the init segment (fMP4 ftyp and moov) "
            + "or PAT and PMT (TS) of the channel's stream, on every exchange, for a consumer that joins at a key frame.",
            javaType = "byte[]")
    public static final String INIT_SEGMENT = "CamelVencInitSegment";
    @Metadata(label = "producer", description = "Frame mode, container fmp4 or ts: true when this exchange starts a "
            + "segment (the channel's first access unit, or the first IDR after segmentDuration); its body then begins "
            + "with the init segment (fMP4) or PAT and PMT (TS).", javaType = "Boolean")
    public static final String SEGMENT_START = "CamelVencSegmentStart";
    @Metadata(label = "producer", description = "Frame mode, container fmp4 or ts: the file of the segment this exchange "
            + "belongs to, <channel key>/<UTC start, yyyy-MM-ddTHH-mm-ss>.mp4|ts (the key with every character but "
            + "letters, digits, '.', '-' and '_' replaced by '_'): append the body to it.", javaType = "String")
    public static final String SEGMENT_NAME = "CamelVencSegmentName";
    @Metadata(label = "producer", description = "Frame mode, container fmp4 or ts: media time of the access unit in "
            + "seconds since the channel's first one.", javaType = "Double")
    public static final String MEDIA_TIME = "CamelVencMediaTime";

    // both modes

    @Metadata(label = "producer", description = "The backend and library that encoded, e.g. software/x265.",
            javaType = "String")
    public static final String BACKEND = "CamelVencBackend";
    @Metadata(label = "producer", description = "The codec of the output, h264 or h265.", javaType = "String")
    public static final String CODEC = "CamelVencCodec";

    // clip mode outputs

    @Metadata(label = "producer", description = "Clip mode: frames read from the clip.", javaType = "Long")
    public static final String FRAME_COUNT = "CamelVencFrameCount";
    @Metadata(label = "producer", description = "Clip mode: access units in the output (frames read minus frames dropped "
            + "by the frame-rate control).", javaType = "Long")
    public static final String ENCODED_COUNT = "CamelVencEncodedCount";
    @Metadata(label = "producer", description = "Clip mode: frames the frame-rate control dropped.", javaType = "Long")
    public static final String DROPPED_COUNT = "CamelVencDroppedCount";
    @Metadata(label = "producer", description = "Clip mode: 0-based output indexes of the IDR access units.",
            javaType = "java.util.List<Long>")
    public static final String IDR_INDEXES = "CamelVencIdrIndexes";
    @Metadata(label = "producer", description = "Clip mode: size of the output (elementary stream or container file) in bytes.",
            javaType = "Long")
    public static final String BYTE_COUNT = "CamelVencByteCount";
    @Metadata(label = "producer", description = "Clip mode: width of the encoded clip in pixels.", javaType = "Integer")
    public static final String OUTPUT_WIDTH = "CamelVencOutputWidth";
    @Metadata(label = "producer", description = "Clip mode: height of the encoded clip in pixels.", javaType = "Integer")
    public static final String OUTPUT_HEIGHT = "CamelVencOutputHeight";
    @Metadata(label = "producer", description = "Clip mode: the input frame rate the clip was encoded with.",
            javaType = "Integer")
    public static final String OUTPUT_FRAME_RATE = "CamelVencOutputFrameRate";

    private VencConstants() {
    }
}
