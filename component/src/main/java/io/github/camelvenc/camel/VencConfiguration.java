package io.github.camelvenc.camel;

import io.github.camelvenc.engine.BackendKind;
import io.github.camelvenc.engine.BitRateRecommender.Scenario;
import io.github.camelvenc.engine.ChannelConfig;
import io.github.camelvenc.engine.Codec;
import io.github.camelvenc.engine.GopMode;
import io.github.camelvenc.engine.InvalidConfigException;
import io.github.camelvenc.engine.PixelFormat;
import io.github.camelvenc.engine.Profile;
import io.github.camelvenc.engine.RcMode;
import io.github.camelvenc.engine.Tuning;
import io.github.camelvenc.engine.mux.Container;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Configurer;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * Every encoder option of the {@code venc:} endpoint as one copyable object. The component holds
 * one as defaults; each endpoint works on a {@link #copy()} overridden by its URI parameters.
 *
 * <p>Encoder options left {@code null} mean "unset": the engine then takes them from the
 * {@code preset}, else from its documented default ({@link ChannelConfig.Builder}). All range and
 * consistency checks happen once, in {@link ChannelConfig}, so an invalid value fails with an
 * exception naming the option.
 */
@UriParams
@Configurer
public class VencConfiguration implements Cloneable {

    @UriParam(label = "producer", defaultValue = "clip", enums = "clip,frame",
              description = "How a message body is read. clip: the body is a whole clip (File, GenericFile, InputStream, byte array; raw NV12/NV21 or YUV4MPEG2) encoded in a fresh session, and becomes the complete elementary stream. frame: the body is one frame (byte array, ByteBuffer, InputStream or io.github.camelvenc.engine.Frame) encoded on a long-lived channel per channel key, and becomes that frame's access unit. Never guessed from the body.")
    private VencMode mode = VencMode.CLIP;

    @UriParam(label = "producer", defaultValue = "auto", enums = "auto,software,ascend",
              description = "Encoder backend. AUTO uses the Ascend VENC when its libraries load and device deviceId answers, libx264/libx265 otherwise; SOFTWARE or ASCEND fail clearly when unusable.")
    private BackendKind backend;

    @UriParam(label = "producer,ascend", defaultValue = "0",
              description = "Ascend device id 0 to 63. Ascend only; ignored by the software backend (no device).")
    private Integer deviceId;

    @UriParam(label = "producer", enums = "h264-720p-monitoring,h265-1080p-movie",
              description = "Named configuration from the VENC tuning guide; it fills only the options left unset, every explicit option overrides it.")
    private String preset;

    @UriParam(label = "producer,ratecontrol", enums = "video-data-obtaining,show-livestreaming-short-video,game",
              description = "Scenario column of the VENC guide's bit-rate table (Table 1). A channel whose bit rate (bitRate for CBR, targetBitRate for QVBR, maxBitRate otherwise) lies outside the guide's range for its size, codec and scenario logs one warning naming the range when it opens; unset, the range spans every scenario the guide gives for the size. The endpoint's recommendation() returns the range.")
    private String scenario;

    @UriParam(label = "producer,ratecontrol", enums = "none,low-bit-rate-first-frame,objective-quality,moving-scene", defaultValue = "none",
              description = "Mechanical advice of the VENC guide's Table 2, applied like a preset under every explicit option: low-bit-rate-first-frame sets firstFrameStartQp to the mean of [minIQp, maxIQp] and maxReencodeTimes to 0 (first frame blurry at a bit rate below Table 1), objective-quality sets rowQpDelta 0 (PSNR matters), moving-scene sets sceneMode 1 (livestreaming, gaming, animation, movies).")
    private String tuning;

    @UriParam(label = "producer",
              description = "Picture width in pixels, even, 16 to 8192 (the Ascend backend narrows it to its hardware limits). Required for raw input unless given by the CamelVencWidth header, a Y4M header, a Frame body or the preset. Honoured by both backends.")
    private Integer width;

    @UriParam(label = "producer",
              description = "Picture height in pixels, even, 16 to 8192. Required for raw input unless given by the CamelVencHeight header, a Y4M header, a Frame body or the preset. Honoured by both backends.")
    private Integer height;

    @UriParam(label = "producer",
              description = "Largest width the channel accepts (VENC max_pic_width), width to 8192; default width. Honoured by both backends.")
    private Integer maxWidth;

    @UriParam(label = "producer",
              description = "Largest height the channel accepts (VENC max_pic_height), height to 8192; default height. Honoured by both backends.")
    private Integer maxHeight;

    @UriParam(label = "producer", defaultValue = "nv12", enums = "nv12,nv21",
              description = "Layout of raw input: NV12 (Y plane, then interleaved U,V) or NV21 (Y, then V,U). Y4M input is always read as NV12. Honoured by both backends.")
    private PixelFormat pixelFormat;

    @UriParam(label = "producer", enums = "baseline,main,high",
              description = "Encoding profile: baseline, main or high for H.264 (default high); main only for H.265 (default main). Honoured by both backends.")
    private Profile profile;

    @UriParam(label = "producer,ratecontrol", defaultValue = "CBR", enums = "CBR,VBR,AVBR,QVBR,CVBR,FIXQP",
              description = "Rate control mode (VENC rc_mode): CBR holds bitRate; VBR and AVBR cap at maxBitRate; QVBR aims at targetBitRate; CVBR caps at maxBitRate in the short term within longTermMinBitRate to longTermMaxBitRate in the long term; FIXQP encodes at iQp/pQp/bQp. Honoured by both backends.")
    private RcMode rcMode;

    @UriParam(label = "producer,ratecontrol", defaultValue = "2000",
              description = "CBR bit rate in kbit/s, 2 to 614400; also the default of maxBitRate and targetBitRate. Honoured by both backends.")
    private Integer bitRate;

    @UriParam(label = "producer,ratecontrol",
              description = "VBR/AVBR/CVBR maximum bit rate in kbit/s, 2 to 614400; default bitRate. Honoured by both backends.")
    private Integer maxBitRate;

    @UriParam(label = "producer,ratecontrol",
              description = "QVBR target bit rate in kbit/s, 2 to 614400; default bitRate. Honoured by both backends.")
    private Integer targetBitRate;

    @UriParam(label = "producer,ratecontrol", defaultValue = "1",
              description = "Rate-control statistics window in seconds, 1 to 60 (VENC stats_time). Software backend: sets the VBV buffer to statsTime seconds of bit rate.")
    private Integer statsTime;

    @UriParam(label = "producer,ratecontrol",
              description = "CVBR short-term statistics window in seconds, 1 to 120; default statsTime. Honoured by both backends.")
    private Integer shortTermStatsTime;

    @UriParam(label = "producer,ratecontrol", defaultValue = "1",
              description = "CVBR long-term statistics window in units of longTermStatsTimeUnit, 1 to 1440. Ascend only: the software CVBR aims at the middle of the long-term band with a maxBitRate cap.")
    private Integer longTermStatsTime;

    @UriParam(label = "producer,ratecontrol", defaultValue = "60",
              description = "CVBR long-term statistics unit in seconds, 1 to 1800. Ascend only: the software CVBR aims at the middle of the long-term band with a maxBitRate cap.")
    private Integer longTermStatsTimeUnit;

    @UriParam(label = "producer,ratecontrol",
              description = "CVBR long-term upper bound in kbit/s, longTermMinBitRate to maxBitRate; default maxBitRate. Honoured by both backends.")
    private Integer longTermMaxBitRate;

    @UriParam(label = "producer,ratecontrol",
              description = "CVBR long-term lower bound in kbit/s, 2 to longTermMaxBitRate; default half of longTermMaxBitRate. Honoured by both backends.")
    private Integer longTermMinBitRate;

    @UriParam(label = "producer,qp", defaultValue = "30",
              description = "FIXQP QP of I frames, 0 to 51. Honoured by both backends.")
    private Integer iQp;

    @UriParam(label = "producer,qp", defaultValue = "32",
              description = "FIXQP QP of P frames, 0 to 51. Honoured by both backends.")
    private Integer pQp;

    @UriParam(label = "producer,qp", defaultValue = "32",
              description = "FIXQP QP of B frames, 0 to 51 (no GOP mode produces B frames). No GOP mode produces B frames, on either backend.")
    private Integer bQp;

    @UriParam(label = "producer,gop", defaultValue = "30",
              description = "Frames between two IDR frames, 1 to 65536 (VENC gop). Honoured by both backends.")
    private Integer gop;

    @UriParam(label = "producer,gop", defaultValue = "NORMAL_P", enums = "NORMAL_P,DUAL_P,SMART_P",
              description = "GOP structure (VENC gop_mode): NORMAL_P (I P P P), DUAL_P (previous frame and a special P every spInterval frames as references), SMART_P (long-term background frame every bgInterval frames). Software backend: NORMAL_P only (x264/x265 cannot choose P-frame references); DUAL_P and SMART_P fail with an UnsupportedOptionException naming gopMode.")
    private GopMode gopMode;

    @UriParam(label = "producer,gop", defaultValue = "3",
              description = "QP of P frames minus QP of I frames, -10 to 30 (VENC ip_qp_delta). Honoured by both backends.")
    private Integer ipQpDelta;

    @UriParam(label = "producer,gop", defaultValue = "0",
              description = "DUAL_P: special P frame interval, 0 or 2 to gop-1. Ascend only: DUAL_P, which the software backend rejects.")
    private Integer spInterval;

    @UriParam(label = "producer,gop", defaultValue = "2",
              description = "DUAL_P: QP delta of special P frames, -10 to 30. Ascend only: DUAL_P, which the software backend rejects.")
    private Integer spQpDelta;

    @UriParam(label = "producer,gop",
              description = "SMART_P: background frame interval, a multiple of gop up to 65536; default gop. Ascend only: SMART_P, which the software backend rejects.")
    private Integer bgInterval;

    @UriParam(label = "producer,gop", defaultValue = "5",
              description = "SMART_P: QP delta of background frames, -10 to 30. Ascend only: SMART_P, which the software backend rejects.")
    private Integer bgQpDelta;

    @UriParam(label = "producer,gop", defaultValue = "3",
              description = "SMART_P: QP delta of virtual I frames, -10 to 30. Ascend only: SMART_P, which the software backend rejects.")
    private Integer viQpDelta;

    @UriParam(label = "producer,framerate", defaultValue = "30",
              description = "Input frame rate in frames per second, 1 to 240. Clip mode takes a Y4M clip's own rate instead; the CamelVencFrameRate header overrides it. Honoured by both backends.")
    private Integer srcFrameRate;

    @UriParam(label = "producer,framerate",
              description = "Output frame rate, 1 to srcFrameRate; default srcFrameRate. Below srcFrameRate, frames are dropped evenly (frame mode: the exchange completes with CamelVencDropped=true and an empty body). Honoured by both backends.")
    private Integer dstFrameRate;

    @UriParam(label = "producer,qp", defaultValue = "10",
              description = "Lowest QP of P frames, 0 to 51. Honoured by both backends.")
    private Integer minQp;

    @UriParam(label = "producer,qp", defaultValue = "51",
              description = "Highest QP of P frames, minQp to 51. Honoured by both backends.")
    private Integer maxQp;

    @UriParam(label = "producer,qp", defaultValue = "10",
              description = "Lowest QP of I frames, 0 to 51. Software backend: x264/x265 have one QP range, so it must equal minQp or the channel fails naming minIQp.")
    private Integer minIQp;

    @UriParam(label = "producer,qp", defaultValue = "51",
              description = "Highest QP of I frames, minIQp to 51. Software backend: must equal maxQp or the channel fails naming maxIQp.")
    private Integer maxIQp;

    @UriParam(label = "producer,qp", defaultValue = "-1",
              description = "QP of the first frame, -1 to 51; -1 lets the encoder choose. Honoured by both backends.")
    private Integer firstFrameStartQp;

    @UriParam(label = "producer,ratecontrol", defaultValue = "2",
              description = "Times a frame may be re-encoded to meet the rate, 0 to 3. Ascend only: the software encoders never re-encode a frame (their VBV rate control plans ahead instead).")
    private Integer maxReencodeTimes;

    @UriParam(label = "producer,ratecontrol", defaultValue = "100",
              description = "Largest I/P frame size ratio, minIProportion to 100. Ascend only: the software backend fails naming the option unless it is 100 (use ipQpDelta).")
    private Integer maxIProportion;

    @UriParam(label = "producer,ratecontrol", defaultValue = "1",
              description = "Smallest I/P frame size ratio, 1 to 100. Ascend only: the software backend fails naming the option unless it is 1 (use ipQpDelta).")
    private Integer minIProportion;

    @UriParam(label = "producer,ratecontrol", defaultValue = "90",
              description = "VBR/AVBR: percentage of maxBitRate at which QP starts to rise, 50 to 100. Software backend: VBR aims at chgPos percent of maxBitRate under the maxBitRate cap.")
    private Integer chgPos;

    @UriParam(label = "producer,ratecontrol",
              description = "Macroblock-level rate-control thresholds for I frames: 16 comma-separated values, each 0 to 255; default all 0. Ascend only: the software backend fails naming the option unless all values are 0 (use rowQpDelta).")
    private String thresholdI;

    @UriParam(label = "producer,ratecontrol",
              description = "Macroblock-level rate-control thresholds for P frames: 16 comma-separated values, each 0 to 255; default all 0. Ascend only: the software backend fails naming the option unless all values are 0 (use rowQpDelta).")
    private String thresholdP;

    @UriParam(label = "producer,ratecontrol",
              description = "Macroblock-level rate-control thresholds for B frames: 16 comma-separated values, each 0 to 255; default all 0. Ascend only: the software backend fails naming the option unless all values are 0 (use rowQpDelta).")
    private String thresholdB;

    @UriParam(label = "producer,ratecontrol", defaultValue = "8",
              description = "Macroblock-level rate-control direction, 0 to 16. Ascend only: the software backend fails naming the option unless it is 8.")
    private Integer direction;

    @UriParam(label = "producer,ratecontrol", defaultValue = "1",
              description = "Largest QP change between macroblock rows, 0 to 10; 0 turns macroblock-level rate control off. Software backend: 0 turns adaptive quantisation off, higher values raise its strength.")
    private Integer rowQpDelta;

    @UriParam(label = "producer,ratecontrol", defaultValue = "0",
              description = "Scene: 0 fixed camera, 1 moving camera or movie, 2 high motion. Software backend: sets the QP curve compression (qcomp) and, for 2, a wider motion search.")
    private Integer sceneMode;

    @UriParam(label = "producer,software", defaultValue = "veryfast", enums = "ultrafast,superfast,veryfast,faster,fast,medium,slow,slower,veryslow",
              description = "x264/x265 speed preset. Software backend only; ignored by the Ascend backend (fixed-function hardware).")
    private String swPreset;

    @UriParam(label = "producer,software", defaultValue = "0",
              description = "Encoder threads, 0 to 128, 0 = automatic. Software backend only; ignored by the Ascend backend.")
    private Integer threads;

    @UriParam(label = "producer,software", defaultValueNote = "true in frame mode, false in clip mode",
              description = "true: each frame's access unit comes out for that frame (no lookahead, no frame threads); false: throughput settings (lookahead) for whole clips. Default true in frame mode and false in clip mode. The Ascend VENC always encodes without lookahead.")
    private Boolean lowLatency;

    @UriParam(label = "producer,channel", defaultValue = "2",
              description = "Clip mode: how many clips encode at the same time, each on its own channel; further clips wait in order. Frame mode ignores it.")
    private int channelPoolSize = 2;

    @UriParam(label = "producer,channel", defaultValue = "60000", javaType = "java.time.Duration",
              description = "Frame mode: a channel that received no frame for this long (a duration: milliseconds, or 60s, 5m) is flushed and closed; the next frame of its key opens a new one (starting with an IDR). 0 keeps channels open until the route stops.")
    private long idleTimeout = 60000L;

    @UriParam(label = "producer,channel", defaultValue = "500", javaType = "java.time.Duration",
              description = "Frame mode: when frames wait in the encoder (lookahead with lowLatency=false, or the Ascend queue) and no new frame arrived for this long (a duration: milliseconds, or 500ms, 2s), the channel is flushed so their exchanges complete; this also lets a graceful shutdown finish without waiting for its timeout. 0 disables it.")
    private long flushTimeout = 500L;

    @UriParam(label = "producer,channel", defaultValue = "default",
              description = "Frame mode: the channel key used when the message has no CamelVencChannelKey header.")
    private String defaultChannelKey = "default";

    /**
     * Frame mode: the most channels (channel keys) open at the same time. A frame whose key has no open
     * channel while this many are open fails with a ChannelLimitException (open channels go on; the
     * key gets a channel once another one closes after idleTimeout). 0, the default, sizes it for the
     * machine: 32 per available processor.
     */
    @UriParam(label = "producer,channel", defaultValue = "0", defaultValueNote = "32 per available processor")
    private int maxChannels;

    /**
     * Frame mode: what a frame whose size or pixel format differs from its open channel's does. reopen:
     * the channel is flushed and closed (its frames in flight complete) and a new channel opens for the
     * new format, starting with an IDR with parameter sets; its first output carries
     * CamelVencFormatChanged=true. fail: the frame is rejected with an InvalidFrameException and the
     * channel keeps its format until it closes after idleTimeout (rejected frames do not keep it open).
     */
    @UriParam(label = "producer,channel", defaultValue = "reopen", enums = "reopen,fail")
    private OnFormatChange onFormatChange = OnFormatChange.REOPEN;

    /**
     * What the output is wrapped in. annexb: the bare elementary stream (start codes, parameter sets
     * in band). mp4: clip mode only, a progressive MP4 with its index in front (fast start). fmp4: a
     * fragmented MP4 (CMAF); a clip becomes the init segment and one fragment per gop; in frame mode
     * each exchange carries its access unit as one fragment, the first of a segment with the init
     * segment in front. ts: an MPEG-2 transport stream; in frame mode each exchange carries its
     * access unit's TS packets, PAT and PMT in front of every IDR. Frame mode outputs add the
     * CamelVencAccessUnit (the Annex-B access unit), CamelVencInitSegment, CamelVencSegmentStart, CamelVencSegmentName, CamelVencMediaTime and
     * CamelVencCodecs headers. Container time: pts / srcFrameRate seconds. Both backends.
     */
    @UriParam(label = "producer,output", defaultValue = "annexb", enums = "annexb,mp4,fmp4,ts")
    private Container container = Container.ANNEXB;

    /**
     * Frame mode with container fmp4 or ts: cut each channel's stream into segments of at least this
     * many seconds, each starting at an IDR with its init segment (fMP4) or PAT/PMT (TS) in front, so
     * each is a file that plays on its own (fMP4 segment times start at 0). The exchange that starts a
     * segment has CamelVencSegmentStart=true and every exchange names its segment file in
     * CamelVencSegmentName; append the bodies to that file for rolling recordings. Make it a multiple
     * of the gop duration (gop / dstFrameRate) for segments of even length. 0, the default: one
     * endless segment (live streaming, HLS).
     */
    @UriParam(label = "producer,output", defaultValue = "0")
    private int segmentDuration;

    /** A deep copy (every field is immutable), for an endpoint to override. */
    public VencConfiguration copy() {
        try {
            return (VencConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    /**
     * A channel builder holding every encoder option set here (unset ones stay unset for the
     * engine's preset and defaults). {@code lowLatency} defaults to {@code frameMode}.
     */
    public ChannelConfig.Builder toChannelBuilder(Codec codec, boolean frameMode) {
        return ChannelConfig.builder()
                .codec(codec)
                .backend(backend)
                .deviceId(deviceId)
                .preset(preset)
                .scenario(scenario == null ? null : Scenario.parse(scenario))
                .tuning(tuning == null ? null : Tuning.parse(tuning))
                .width(width)
                .height(height)
                .maxWidth(maxWidth)
                .maxHeight(maxHeight)
                .pixelFormat(pixelFormat)
                .profile(profile)
                .rcMode(rcMode)
                .bitRate(bitRate)
                .maxBitRate(maxBitRate)
                .targetBitRate(targetBitRate)
                .statsTime(statsTime)
                .shortTermStatsTime(shortTermStatsTime)
                .longTermStatsTime(longTermStatsTime)
                .longTermStatsTimeUnit(longTermStatsTimeUnit)
                .longTermMaxBitRate(longTermMaxBitRate)
                .longTermMinBitRate(longTermMinBitRate)
                .iQp(iQp)
                .pQp(pQp)
                .bQp(bQp)
                .gop(gop)
                .gopMode(gopMode)
                .ipQpDelta(ipQpDelta)
                .spInterval(spInterval)
                .spQpDelta(spQpDelta)
                .bgInterval(bgInterval)
                .bgQpDelta(bgQpDelta)
                .viQpDelta(viQpDelta)
                .srcFrameRate(srcFrameRate)
                .dstFrameRate(dstFrameRate)
                .minQp(minQp)
                .maxQp(maxQp)
                .minIQp(minIQp)
                .maxIQp(maxIQp)
                .firstFrameStartQp(firstFrameStartQp)
                .maxReencodeTimes(maxReencodeTimes)
                .maxIProportion(maxIProportion)
                .minIProportion(minIProportion)
                .chgPos(chgPos)
                .thresholdI(thresholds("thresholdI", thresholdI))
                .thresholdP(thresholds("thresholdP", thresholdP))
                .thresholdB(thresholds("thresholdB", thresholdB))
                .direction(direction)
                .rowQpDelta(rowQpDelta)
                .sceneMode(sceneMode)
                .swPreset(swPreset)
                .threads(threads)
                .lowLatency(lowLatency != null ? lowLatency : frameMode);
    }

    private static List<Integer> thresholds(String option, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        List<Integer> values = new ArrayList<>();
        for (String part : text.split(",")) {
            try {
                values.add(Integer.valueOf(part.trim()));
            } catch (NumberFormatException e) {
                throw new InvalidConfigException(option, text, ChannelConfig.THRESHOLD_COUNT
                        + " comma-separated integers, each [0, 255]");
            }
        }
        return values;
    }

    /** See the {@code mode} option. */
    public VencMode getMode() {
        return mode;
    }

    /** See the {@code mode} option. */
    public void setMode(VencMode mode) {
        this.mode = mode;
    }

    /** See the {@code backend} option. */
    public BackendKind getBackend() {
        return backend;
    }

    /** See the {@code backend} option. */
    public void setBackend(BackendKind backend) {
        this.backend = backend;
    }

    /** See the {@code deviceId} option. */
    public Integer getDeviceId() {
        return deviceId;
    }

    /** See the {@code deviceId} option. */
    public void setDeviceId(Integer deviceId) {
        this.deviceId = deviceId;
    }

    /** See the {@code scenario} option. */
    public String getScenario() {
        return scenario;
    }

    /** See the {@code scenario} option. */
    public void setScenario(String scenario) {
        this.scenario = scenario;
    }

    /** See the {@code tuning} option. */
    public String getTuning() {
        return tuning;
    }

    /** See the {@code tuning} option. */
    public void setTuning(String tuning) {
        this.tuning = tuning;
    }

    /** See the {@code preset} option. */
    public String getPreset() {
        return preset;
    }

    /** See the {@code preset} option. */
    public void setPreset(String preset) {
        this.preset = preset;
    }

    /** See the {@code width} option. */
    public Integer getWidth() {
        return width;
    }

    /** See the {@code width} option. */
    public void setWidth(Integer width) {
        this.width = width;
    }

    /** See the {@code height} option. */
    public Integer getHeight() {
        return height;
    }

    /** See the {@code height} option. */
    public void setHeight(Integer height) {
        this.height = height;
    }

    /** See the {@code maxWidth} option. */
    public Integer getMaxWidth() {
        return maxWidth;
    }

    /** See the {@code maxWidth} option. */
    public void setMaxWidth(Integer maxWidth) {
        this.maxWidth = maxWidth;
    }

    /** See the {@code maxHeight} option. */
    public Integer getMaxHeight() {
        return maxHeight;
    }

    /** See the {@code maxHeight} option. */
    public void setMaxHeight(Integer maxHeight) {
        this.maxHeight = maxHeight;
    }

    /** See the {@code pixelFormat} option. */
    public PixelFormat getPixelFormat() {
        return pixelFormat;
    }

    /** See the {@code pixelFormat} option. */
    public void setPixelFormat(PixelFormat pixelFormat) {
        this.pixelFormat = pixelFormat;
    }

    /** See the {@code profile} option. */
    public Profile getProfile() {
        return profile;
    }

    /** See the {@code profile} option. */
    public void setProfile(Profile profile) {
        this.profile = profile;
    }

    /** See the {@code rcMode} option. */
    public RcMode getRcMode() {
        return rcMode;
    }

    /** See the {@code rcMode} option. */
    public void setRcMode(RcMode rcMode) {
        this.rcMode = rcMode;
    }

    /** See the {@code bitRate} option. */
    public Integer getBitRate() {
        return bitRate;
    }

    /** See the {@code bitRate} option. */
    public void setBitRate(Integer bitRate) {
        this.bitRate = bitRate;
    }

    /** See the {@code maxBitRate} option. */
    public Integer getMaxBitRate() {
        return maxBitRate;
    }

    /** See the {@code maxBitRate} option. */
    public void setMaxBitRate(Integer maxBitRate) {
        this.maxBitRate = maxBitRate;
    }

    /** See the {@code targetBitRate} option. */
    public Integer getTargetBitRate() {
        return targetBitRate;
    }

    /** See the {@code targetBitRate} option. */
    public void setTargetBitRate(Integer targetBitRate) {
        this.targetBitRate = targetBitRate;
    }

    /** See the {@code statsTime} option. */
    public Integer getStatsTime() {
        return statsTime;
    }

    /** See the {@code statsTime} option. */
    public void setStatsTime(Integer statsTime) {
        this.statsTime = statsTime;
    }

    /** See the {@code shortTermStatsTime} option. */
    public Integer getShortTermStatsTime() {
        return shortTermStatsTime;
    }

    /** See the {@code shortTermStatsTime} option. */
    public void setShortTermStatsTime(Integer shortTermStatsTime) {
        this.shortTermStatsTime = shortTermStatsTime;
    }

    /** See the {@code longTermStatsTime} option. */
    public Integer getLongTermStatsTime() {
        return longTermStatsTime;
    }

    /** See the {@code longTermStatsTime} option. */
    public void setLongTermStatsTime(Integer longTermStatsTime) {
        this.longTermStatsTime = longTermStatsTime;
    }

    /** See the {@code longTermStatsTimeUnit} option. */
    public Integer getLongTermStatsTimeUnit() {
        return longTermStatsTimeUnit;
    }

    /** See the {@code longTermStatsTimeUnit} option. */
    public void setLongTermStatsTimeUnit(Integer longTermStatsTimeUnit) {
        this.longTermStatsTimeUnit = longTermStatsTimeUnit;
    }

    /** See the {@code longTermMaxBitRate} option. */
    public Integer getLongTermMaxBitRate() {
        return longTermMaxBitRate;
    }

    /** See the {@code longTermMaxBitRate} option. */
    public void setLongTermMaxBitRate(Integer longTermMaxBitRate) {
        this.longTermMaxBitRate = longTermMaxBitRate;
    }

    /** See the {@code longTermMinBitRate} option. */
    public Integer getLongTermMinBitRate() {
        return longTermMinBitRate;
    }

    /** See the {@code longTermMinBitRate} option. */
    public void setLongTermMinBitRate(Integer longTermMinBitRate) {
        this.longTermMinBitRate = longTermMinBitRate;
    }

    /** See the {@code iQp} option. */
    public Integer getIQp() {
        return iQp;
    }

    /** See the {@code iQp} option. */
    public void setIQp(Integer iQp) {
        this.iQp = iQp;
    }

    /** See the {@code pQp} option. */
    public Integer getPQp() {
        return pQp;
    }

    /** See the {@code pQp} option. */
    public void setPQp(Integer pQp) {
        this.pQp = pQp;
    }

    /** See the {@code bQp} option. */
    public Integer getBQp() {
        return bQp;
    }

    /** See the {@code bQp} option. */
    public void setBQp(Integer bQp) {
        this.bQp = bQp;
    }

    /** See the {@code gop} option. */
    public Integer getGop() {
        return gop;
    }

    /** See the {@code gop} option. */
    public void setGop(Integer gop) {
        this.gop = gop;
    }

    /** See the {@code gopMode} option. */
    public GopMode getGopMode() {
        return gopMode;
    }

    /** See the {@code gopMode} option. */
    public void setGopMode(GopMode gopMode) {
        this.gopMode = gopMode;
    }

    /** See the {@code ipQpDelta} option. */
    public Integer getIpQpDelta() {
        return ipQpDelta;
    }

    /** See the {@code ipQpDelta} option. */
    public void setIpQpDelta(Integer ipQpDelta) {
        this.ipQpDelta = ipQpDelta;
    }

    /** See the {@code spInterval} option. */
    public Integer getSpInterval() {
        return spInterval;
    }

    /** See the {@code spInterval} option. */
    public void setSpInterval(Integer spInterval) {
        this.spInterval = spInterval;
    }

    /** See the {@code spQpDelta} option. */
    public Integer getSpQpDelta() {
        return spQpDelta;
    }

    /** See the {@code spQpDelta} option. */
    public void setSpQpDelta(Integer spQpDelta) {
        this.spQpDelta = spQpDelta;
    }

    /** See the {@code bgInterval} option. */
    public Integer getBgInterval() {
        return bgInterval;
    }

    /** See the {@code bgInterval} option. */
    public void setBgInterval(Integer bgInterval) {
        this.bgInterval = bgInterval;
    }

    /** See the {@code bgQpDelta} option. */
    public Integer getBgQpDelta() {
        return bgQpDelta;
    }

    /** See the {@code bgQpDelta} option. */
    public void setBgQpDelta(Integer bgQpDelta) {
        this.bgQpDelta = bgQpDelta;
    }

    /** See the {@code viQpDelta} option. */
    public Integer getViQpDelta() {
        return viQpDelta;
    }

    /** See the {@code viQpDelta} option. */
    public void setViQpDelta(Integer viQpDelta) {
        this.viQpDelta = viQpDelta;
    }

    /** See the {@code srcFrameRate} option. */
    public Integer getSrcFrameRate() {
        return srcFrameRate;
    }

    /** See the {@code srcFrameRate} option. */
    public void setSrcFrameRate(Integer srcFrameRate) {
        this.srcFrameRate = srcFrameRate;
    }

    /** See the {@code dstFrameRate} option. */
    public Integer getDstFrameRate() {
        return dstFrameRate;
    }

    /** See the {@code dstFrameRate} option. */
    public void setDstFrameRate(Integer dstFrameRate) {
        this.dstFrameRate = dstFrameRate;
    }

    /** See the {@code minQp} option. */
    public Integer getMinQp() {
        return minQp;
    }

    /** See the {@code minQp} option. */
    public void setMinQp(Integer minQp) {
        this.minQp = minQp;
    }

    /** See the {@code maxQp} option. */
    public Integer getMaxQp() {
        return maxQp;
    }

    /** See the {@code maxQp} option. */
    public void setMaxQp(Integer maxQp) {
        this.maxQp = maxQp;
    }

    /** See the {@code minIQp} option. */
    public Integer getMinIQp() {
        return minIQp;
    }

    /** See the {@code minIQp} option. */
    public void setMinIQp(Integer minIQp) {
        this.minIQp = minIQp;
    }

    /** See the {@code maxIQp} option. */
    public Integer getMaxIQp() {
        return maxIQp;
    }

    /** See the {@code maxIQp} option. */
    public void setMaxIQp(Integer maxIQp) {
        this.maxIQp = maxIQp;
    }

    /** See the {@code firstFrameStartQp} option. */
    public Integer getFirstFrameStartQp() {
        return firstFrameStartQp;
    }

    /** See the {@code firstFrameStartQp} option. */
    public void setFirstFrameStartQp(Integer firstFrameStartQp) {
        this.firstFrameStartQp = firstFrameStartQp;
    }

    /** See the {@code maxReencodeTimes} option. */
    public Integer getMaxReencodeTimes() {
        return maxReencodeTimes;
    }

    /** See the {@code maxReencodeTimes} option. */
    public void setMaxReencodeTimes(Integer maxReencodeTimes) {
        this.maxReencodeTimes = maxReencodeTimes;
    }

    /** See the {@code maxIProportion} option. */
    public Integer getMaxIProportion() {
        return maxIProportion;
    }

    /** See the {@code maxIProportion} option. */
    public void setMaxIProportion(Integer maxIProportion) {
        this.maxIProportion = maxIProportion;
    }

    /** See the {@code minIProportion} option. */
    public Integer getMinIProportion() {
        return minIProportion;
    }

    /** See the {@code minIProportion} option. */
    public void setMinIProportion(Integer minIProportion) {
        this.minIProportion = minIProportion;
    }

    /** See the {@code chgPos} option. */
    public Integer getChgPos() {
        return chgPos;
    }

    /** See the {@code chgPos} option. */
    public void setChgPos(Integer chgPos) {
        this.chgPos = chgPos;
    }

    /** See the {@code thresholdI} option. */
    public String getThresholdI() {
        return thresholdI;
    }

    /** See the {@code thresholdI} option. */
    public void setThresholdI(String thresholdI) {
        this.thresholdI = thresholdI;
    }

    /** See the {@code thresholdP} option. */
    public String getThresholdP() {
        return thresholdP;
    }

    /** See the {@code thresholdP} option. */
    public void setThresholdP(String thresholdP) {
        this.thresholdP = thresholdP;
    }

    /** See the {@code thresholdB} option. */
    public String getThresholdB() {
        return thresholdB;
    }

    /** See the {@code thresholdB} option. */
    public void setThresholdB(String thresholdB) {
        this.thresholdB = thresholdB;
    }

    /** See the {@code direction} option. */
    public Integer getDirection() {
        return direction;
    }

    /** See the {@code direction} option. */
    public void setDirection(Integer direction) {
        this.direction = direction;
    }

    /** See the {@code rowQpDelta} option. */
    public Integer getRowQpDelta() {
        return rowQpDelta;
    }

    /** See the {@code rowQpDelta} option. */
    public void setRowQpDelta(Integer rowQpDelta) {
        this.rowQpDelta = rowQpDelta;
    }

    /** See the {@code sceneMode} option. */
    public Integer getSceneMode() {
        return sceneMode;
    }

    /** See the {@code sceneMode} option. */
    public void setSceneMode(Integer sceneMode) {
        this.sceneMode = sceneMode;
    }

    /** See the {@code swPreset} option. */
    public String getSwPreset() {
        return swPreset;
    }

    /** See the {@code swPreset} option. */
    public void setSwPreset(String swPreset) {
        this.swPreset = swPreset;
    }

    /** See the {@code threads} option. */
    public Integer getThreads() {
        return threads;
    }

    /** See the {@code threads} option. */
    public void setThreads(Integer threads) {
        this.threads = threads;
    }

    /** See the {@code lowLatency} option. */
    public Boolean getLowLatency() {
        return lowLatency;
    }

    /** See the {@code lowLatency} option. */
    public void setLowLatency(Boolean lowLatency) {
        this.lowLatency = lowLatency;
    }

    /** See the {@code channelPoolSize} option. */
    public int getChannelPoolSize() {
        return channelPoolSize;
    }

    /** See the {@code channelPoolSize} option. */
    public void setChannelPoolSize(int channelPoolSize) {
        this.channelPoolSize = channelPoolSize;
    }

    /** See the {@code flushTimeout} option. */
    public long getFlushTimeout() {
        return flushTimeout;
    }

    /** See the {@code flushTimeout} option. */
    public void setFlushTimeout(long flushTimeout) {
        this.flushTimeout = flushTimeout;
    }

    /** See the {@code maxChannels} option. */
    public int getMaxChannels() {
        return maxChannels;
    }

    /** See the {@code maxChannels} option. */
    public void setMaxChannels(int maxChannels) {
        this.maxChannels = maxChannels;
    }

    /** The channel limit in force: {@code maxChannels}, or 32 per available processor when it is 0. */
    public int effectiveMaxChannels() {
        if (maxChannels < 0) {
            throw new InvalidConfigException("maxChannels", maxChannels, "0 (32 per available processor) or more");
        }
        return maxChannels > 0 ? maxChannels : 32 * Runtime.getRuntime().availableProcessors();
    }

    /** See the {@code onFormatChange} option. */
    public OnFormatChange getOnFormatChange() {
        return onFormatChange;
    }

    /** See the {@code onFormatChange} option. */
    public void setOnFormatChange(OnFormatChange onFormatChange) {
        this.onFormatChange = onFormatChange;
    }

    /** See the {@code container} option. */
    public Container getContainer() {
        return container;
    }

    /** See the {@code container} option. */
    public void setContainer(Container container) {
        this.container = container;
    }

    /** See the {@code segmentDuration} option. */
    public int getSegmentDuration() {
        return segmentDuration;
    }

    /** See the {@code segmentDuration} option. */
    public void setSegmentDuration(int segmentDuration) {
        this.segmentDuration = segmentDuration;
    }

    /**
     * Checks the container options against the mode: mp4 needs the whole clip, segments need a live
     * container in frame mode.
     */
    void validateContainer() {
        if (container == Container.MP4 && mode == VencMode.FRAME) {
            throw InvalidConfigException.conflict("container", "container=mp4 needs the whole clip (mode=clip); in "
                    + "frame mode use fmp4 or ts, with segmentDuration for rolling recordings");
        }
        if (segmentDuration < 0) {
            throw new InvalidConfigException("segmentDuration", segmentDuration, "0 (one segment) or more seconds");
        }
        if (segmentDuration > 0 && (mode != VencMode.FRAME || container == Container.ANNEXB || container == Container.MP4)) {
            throw InvalidConfigException.conflict("segmentDuration", "segmentDuration needs mode=frame and "
                    + "container=fmp4 or ts");
        }
    }

    /** See the {@code idleTimeout} option. */
    public long getIdleTimeout() {
        return idleTimeout;
    }

    /** See the {@code idleTimeout} option. */
    public void setIdleTimeout(long idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    /** See the {@code defaultChannelKey} option. */
    public String getDefaultChannelKey() {
        return defaultChannelKey;
    }

    /** See the {@code defaultChannelKey} option. */
    public void setDefaultChannelKey(String defaultChannelKey) {
        this.defaultChannelKey = defaultChannelKey;
    }
}
