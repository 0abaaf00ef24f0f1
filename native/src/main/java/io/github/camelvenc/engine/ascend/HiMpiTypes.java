package io.github.camelvenc.engine.ascend;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;
import com.sun.jna.Union;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The HiMPI VENC C structs (CANN 8.1.RC1, {@code hi_dvpp_venc.h} / {@code hi_media_common.h}) as JNA
 * structures: one class per C struct, fields under their C names in C order, so that
 * {@code HiMpiLayoutTest} can check each size and offset against {@code layout.tsv}. Every anonymous
 * C union is a {@link Union} field named {@code u}; select the active member with
 * {@link Union#setType(String)} before writing. JNA zeroes the memory it allocates for a structure,
 * so every field not set explicitly is 0.
 */
public final class HiMpiTypes {

    private HiMpiTypes() {
    }

    /** The C type a class models; {@code "(anon_union)"} for an anonymous union. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    public @interface CType {
        String value();
    }

    @CType("hi_video_size")
    @FieldOrder({"width", "height"})
    public static class HiVideoSize extends Structure {
        public int width;
        public int height;
    }

    @CType("hi_img_base_info")
    @FieldOrder({"width", "height", "pixel_format", "reserved"})
    public static class HiImgBaseInfo extends Structure {
        public int width;
        public int height;
        public int pixel_format;
        public long[] reserved = new long[2];
    }

    @CType("hi_img_align_info")
    @FieldOrder({"width_stride", "height_stride", "img_buf_size", "reserved"})
    public static class HiImgAlignInfo extends Structure {
        public int width_stride;
        public int height_stride;
        public long img_buf_size;
        public long[] reserved = new long[2];
    }

    @CType("hi_venc_h264_attr")
    @FieldOrder({"rcn_ref_share_buf_en", "frame_buf_ratio"})
    public static class HiVencH264Attr extends Structure {
        public int rcn_ref_share_buf_en;
        public int frame_buf_ratio;
    }

    @CType("hi_venc_h265_attr")
    public static class HiVencH265Attr extends HiVencH264Attr {
    }

    @CType("hi_venc_mpf_cfg")
    @FieldOrder({"large_thumbnail_num", "large_thumbnail_size"})
    public static class HiVencMpfCfg extends Structure {
        public byte large_thumbnail_num;
        public HiVideoSize[] large_thumbnail_size = new HiVideoSize[2];
    }

    @CType("hi_venc_jpeg_attr")
    @FieldOrder({"dcf_en", "mpf_cfg", "recv_mode"})
    public static class HiVencJpegAttr extends Structure {
        public int dcf_en;
        public HiVencMpfCfg mpf_cfg;
        public int recv_mode;
    }

    @CType("(anon_union)")
    @FieldOrder({"h264_attr", "h265_attr", "jpeg_attr"})
    public static class HiVencAttrUnion extends Union {
        public HiVencH264Attr h264_attr;
        public HiVencH265Attr h265_attr;
        public HiVencJpegAttr jpeg_attr;
    }

    @CType("hi_venc_attr")
    @FieldOrder({"type", "max_pic_width", "max_pic_height", "buf_size", "profile", "is_by_frame", "pic_width",
            "pic_height", "u"})
    public static class HiVencAttr extends Structure {
        public int type;
        public int max_pic_width;
        public int max_pic_height;
        public int buf_size;
        public int profile;
        public int is_by_frame;
        public int pic_width;
        public int pic_height;
        public HiVencAttrUnion u;
    }

    @CType("hi_venc_h264_cbr")
    @FieldOrder({"gop", "stats_time", "src_frame_rate", "dst_frame_rate", "bit_rate"})
    public static class HiVencH264Cbr extends Structure {
        public int gop;
        public int stats_time;
        public int src_frame_rate;
        public int dst_frame_rate;
        public int bit_rate;
    }

    @CType("hi_venc_h264_vbr")
    @FieldOrder({"gop", "stats_time", "src_frame_rate", "dst_frame_rate", "max_bit_rate"})
    public static class HiVencH264Vbr extends Structure {
        public int gop;
        public int stats_time;
        public int src_frame_rate;
        public int dst_frame_rate;
        public int max_bit_rate;
    }

    @CType("hi_venc_h264_avbr")
    public static class HiVencH264Avbr extends HiVencH264Vbr {
    }

    @CType("hi_venc_h264_qvbr")
    @FieldOrder({"gop", "stats_time", "src_frame_rate", "dst_frame_rate", "target_bit_rate"})
    public static class HiVencH264Qvbr extends Structure {
        public int gop;
        public int stats_time;
        public int src_frame_rate;
        public int dst_frame_rate;
        public int target_bit_rate;
    }

    @CType("hi_venc_h264_cvbr")
    @FieldOrder({"gop", "stats_time", "src_frame_rate", "dst_frame_rate", "max_bit_rate", "short_term_stats_time",
            "long_term_stats_time", "long_term_max_bit_rate", "long_term_min_bit_rate"})
    public static class HiVencH264Cvbr extends Structure {
        public int gop;
        public int stats_time;
        public int src_frame_rate;
        public int dst_frame_rate;
        public int max_bit_rate;
        public int short_term_stats_time;
        public int long_term_stats_time;
        public int long_term_max_bit_rate;
        public int long_term_min_bit_rate;
    }

    @CType("hi_venc_h264_fixqp")
    @FieldOrder({"gop", "src_frame_rate", "dst_frame_rate", "i_qp", "p_qp", "b_qp"})
    public static class HiVencH264Fixqp extends Structure {
        public int gop;
        public int src_frame_rate;
        public int dst_frame_rate;
        public int i_qp;
        public int p_qp;
        public int b_qp;
    }

    @CType("hi_venc_h265_cbr")
    public static class HiVencH265Cbr extends HiVencH264Cbr {
    }

    @CType("hi_venc_h265_vbr")
    public static class HiVencH265Vbr extends HiVencH264Vbr {
    }

    @CType("hi_venc_h265_avbr")
    public static class HiVencH265Avbr extends HiVencH264Vbr {
    }

    @CType("hi_venc_h265_qvbr")
    public static class HiVencH265Qvbr extends HiVencH264Qvbr {
    }

    @CType("hi_venc_h265_cvbr")
    public static class HiVencH265Cvbr extends HiVencH264Cvbr {
    }

    @CType("hi_venc_h265_fixqp")
    public static class HiVencH265Fixqp extends HiVencH264Fixqp {
    }

    @CType("(anon_union)")
    @FieldOrder({"h264_cbr", "h264_vbr", "h264_avbr", "h264_qvbr", "h264_cvbr", "h264_fixqp", "h265_cbr", "h265_vbr",
            "h265_avbr", "h265_qvbr", "h265_cvbr", "h265_fixqp"})
    public static class HiVencRcAttrUnion extends Union {
        public HiVencH264Cbr h264_cbr;
        public HiVencH264Vbr h264_vbr;
        public HiVencH264Avbr h264_avbr;
        public HiVencH264Qvbr h264_qvbr;
        public HiVencH264Cvbr h264_cvbr;
        public HiVencH264Fixqp h264_fixqp;
        public HiVencH265Cbr h265_cbr;
        public HiVencH265Vbr h265_vbr;
        public HiVencH265Avbr h265_avbr;
        public HiVencH265Qvbr h265_qvbr;
        public HiVencH265Cvbr h265_cvbr;
        public HiVencH265Fixqp h265_fixqp;
    }

    @CType("hi_venc_rc_attr")
    @FieldOrder({"rc_mode", "u"})
    public static class HiVencRcAttr extends Structure {
        public int rc_mode;
        public HiVencRcAttrUnion u;
    }

    @CType("hi_venc_gop_normal_p")
    @FieldOrder({"ip_qp_delta"})
    public static class HiVencGopNormalP extends Structure {
        public int ip_qp_delta;
    }

    @CType("hi_venc_gop_dual_p")
    @FieldOrder({"sp_interval", "sp_qp_delta", "ip_qp_delta"})
    public static class HiVencGopDualP extends Structure {
        public int sp_interval;
        public int sp_qp_delta;
        public int ip_qp_delta;
    }

    @CType("hi_venc_gop_smart_p")
    @FieldOrder({"bg_interval", "bg_qp_delta", "vi_qp_delta"})
    public static class HiVencGopSmartP extends Structure {
        public int bg_interval;
        public int bg_qp_delta;
        public int vi_qp_delta;
    }

    @CType("(anon_union)")
    @FieldOrder({"normal_p", "dual_p", "smart_p"})
    public static class HiVencGopAttrUnion extends Union {
        public HiVencGopNormalP normal_p;
        public HiVencGopDualP dual_p;
        public HiVencGopSmartP smart_p;
    }

    @CType("hi_venc_gop_attr")
    @FieldOrder({"gop_mode", "u"})
    public static class HiVencGopAttr extends Structure {
        public int gop_mode;
        public HiVencGopAttrUnion u;
    }

    @CType("hi_venc_chn_attr")
    @FieldOrder({"venc_attr", "rc_attr", "gop_attr"})
    public static class HiVencChnAttr extends Structure {
        public HiVencAttr venc_attr;
        public HiVencRcAttr rc_attr;
        public HiVencGopAttr gop_attr;
    }

    @CType("hi_venc_start_param")
    @FieldOrder({"recv_pic_num"})
    public static class HiVencStartParam extends Structure {
        public int recv_pic_num;
    }

    @CType("(anon_union)")
    @FieldOrder({"frame_dng_phys_addr", "offset"})
    public static class HiVideoSupplementUnion extends Union {
        public long frame_dng_phys_addr;
        public long offset;
    }

    @CType("hi_video_supplement")
    @FieldOrder({"misc_info_phys_addr", "jpeg_dcf_phys_addr", "isp_info_phys_addr", "low_delay_phys_addr",
            "bnr_rnt_phys_addr", "motion_data_phys_addr", "u", "misc_info_virt_addr", "jpeg_dcf_virt_addr",
            "isp_info_virt_addr", "low_delay_virt_addr", "bnr_mot_virt_addr", "motion_data_virt_addr",
            "frame_dng_virt_addr"})
    public static class HiVideoSupplement extends Structure {
        public long misc_info_phys_addr;
        public long jpeg_dcf_phys_addr;
        public long isp_info_phys_addr;
        public long low_delay_phys_addr;
        public long bnr_rnt_phys_addr;
        public long motion_data_phys_addr;
        public HiVideoSupplementUnion u;
        public Pointer misc_info_virt_addr;
        public Pointer jpeg_dcf_virt_addr;
        public Pointer isp_info_virt_addr;
        public Pointer low_delay_virt_addr;
        public Pointer bnr_mot_virt_addr;
        public Pointer motion_data_virt_addr;
        public Pointer frame_dng_virt_addr;
    }

    @CType("hi_video_frame")
    @FieldOrder({"width", "height", "field", "pixel_format", "video_format", "compress_mode", "dynamic_range",
            "color_gamut", "header_stride", "width_stride", "height_stride", "header_phys_addr", "phys_addr",
            "header_virt_addr", "virt_addr", "time_ref", "pts", "user_data", "frame_flag", "supplement"})
    public static class HiVideoFrame extends Structure {
        public int width;
        public int height;
        public int field;
        public int pixel_format;
        public int video_format;
        public int compress_mode;
        public int dynamic_range;
        public int color_gamut;
        public int[] header_stride = new int[3];
        public int[] width_stride = new int[3];
        public int[] height_stride = new int[3];
        public long[] header_phys_addr = new long[3];
        public long[] phys_addr = new long[3];
        public Pointer[] header_virt_addr = new Pointer[3];
        public Pointer[] virt_addr = new Pointer[3];
        public int time_ref;
        public long pts;
        public long[] user_data = new long[2];
        public int frame_flag;
        public HiVideoSupplement supplement;
    }

    @CType("hi_video_frame_info")
    @FieldOrder({"v_frame", "pool_id", "mod_id"})
    public static class HiVideoFrameInfo extends Structure {
        public HiVideoFrame v_frame;
        public int pool_id;
        public int mod_id;
    }

    @CType("hi_venc_data_type")
    @FieldOrder({"h264_type", "jpeg_type", "h265_type", "prores_type"})
    public static class HiVencDataType extends Union {
        public int h264_type;
        public int jpeg_type;
        public int h265_type;
        public int prores_type;
    }

    @CType("hi_venc_pack_info")
    @FieldOrder({"pack_type", "pack_offset", "pack_len"})
    public static class HiVencPackInfo extends Structure {
        public HiVencDataType pack_type;
        public int pack_offset;
        public int pack_len;
    }

    @CType("(anon_union)")
    @FieldOrder({"phys_addr", "input_addr"})
    public static class HiVencPackAddrUnion extends Union {
        public long phys_addr;
        public long input_addr;
    }

    @CType("hi_venc_pack")
    @FieldOrder({"u", "addr", "len", "pts", "is_frame_end", "data_type", "offset", "data_num", "pack_info"})
    public static class HiVencPack extends Structure {
        public HiVencPackAddrUnion u;
        public Pointer addr;
        public int len;
        public long pts;
        public int is_frame_end;
        public HiVencDataType data_type;
        public int offset;
        public int data_num;
        public HiVencPackInfo[] pack_info = new HiVencPackInfo[8];
    }

    @CType("hi_venc_h264_stream_info")
    @FieldOrder({"pic_bytes", "inter16x16_mb_num", "inter8x8_mb_num", "intra16_mb_num", "intra8_mb_num",
            "intra4_mb_num", "ref_type", "update_attr_cnt", "start_qp", "mean_qp", "is_p_skip"})
    public static class HiVencH264StreamInfo extends Structure {
        public int pic_bytes;
        public int inter16x16_mb_num;
        public int inter8x8_mb_num;
        public int intra16_mb_num;
        public int intra8_mb_num;
        public int intra4_mb_num;
        public int ref_type;
        public int update_attr_cnt;
        public int start_qp;
        public int mean_qp;
        public int is_p_skip;
    }

    @CType("hi_venc_h265_stream_info")
    @FieldOrder({"pic_bytes", "inter64x64_cu_num", "inter32x32_cu_num", "inter16x16_cu_num", "inter8x8_cu_num",
            "intra32x32_cu_num", "intra16x16_cu_num", "intra8x8_cu_num", "intra4x4_cu_num", "ref_type",
            "update_attr_cnt", "start_qp", "mean_qp", "is_p_skip"})
    public static class HiVencH265StreamInfo extends Structure {
        public int pic_bytes;
        public int inter64x64_cu_num;
        public int inter32x32_cu_num;
        public int inter16x16_cu_num;
        public int inter8x8_cu_num;
        public int intra32x32_cu_num;
        public int intra16x16_cu_num;
        public int intra8x8_cu_num;
        public int intra4x4_cu_num;
        public int ref_type;
        public int update_attr_cnt;
        public int start_qp;
        public int mean_qp;
        public int is_p_skip;
    }

    @CType("hi_venc_sse_info")
    @FieldOrder({"enable", "sse_val"})
    public static class HiVencSseInfo extends Structure {
        public int enable;
        public long sse_val;
    }

    @CType("hi_venc_h264_adv_stream_info")
    @FieldOrder({"residual_bits", "head_bits", "madi_val", "madp_val", "psnr_val", "sse_lcu_cnt", "sse_sum",
            "sse_info", "qp_hist", "move_scene16x16_num", "move_scene_bits"})
    public static class HiVencH264AdvStreamInfo extends Structure {
        public int residual_bits;
        public int head_bits;
        public int madi_val;
        public int madp_val;
        public double psnr_val;
        public int sse_lcu_cnt;
        public long sse_sum;
        public HiVencSseInfo[] sse_info = new HiVencSseInfo[8];
        public int[] qp_hist = new int[52];
        public int move_scene16x16_num;
        public int move_scene_bits;
    }

    @CType("hi_venc_h265_adv_stream_info")
    @FieldOrder({"residual_bits", "head_bits", "madi_val", "madp_val", "psnr_val", "sse_lcu_cnt", "sse_sum",
            "sse_info", "qp_hist", "move_scene32x32_num", "move_scene_bits"})
    public static class HiVencH265AdvStreamInfo extends Structure {
        public int residual_bits;
        public int head_bits;
        public int madi_val;
        public int madp_val;
        public double psnr_val;
        public int sse_lcu_cnt;
        public long sse_sum;
        public HiVencSseInfo[] sse_info = new HiVencSseInfo[8];
        public int[] qp_hist = new int[52];
        public int move_scene32x32_num;
        public int move_scene_bits;
    }

    @CType("(anon_union)")
    @FieldOrder({"h264_info", "h265_info"})
    public static class HiVencStreamInfoUnion extends Union {
        public HiVencH264StreamInfo h264_info;
        public HiVencH265StreamInfo h265_info;
    }

    @CType("(anon_union)")
    @FieldOrder({"h264_adv_info", "h265_adv_info"})
    public static class HiVencAdvInfoUnion extends Union {
        public HiVencH264AdvStreamInfo h264_adv_info;
        public HiVencH265AdvStreamInfo h265_adv_info;
    }

    @CType("hi_venc_stream")
    @FieldOrder({"pack", "pack_cnt", "seq", "u", "adv"})
    public static class HiVencStream extends Structure {
        public Pointer pack;
        public int pack_cnt;
        public int seq;
        public HiVencStreamInfoUnion u;
        public HiVencAdvInfoUnion adv;
    }

    @CType("hi_venc_stream_info")
    @FieldOrder({"ref_type", "pic_bytes", "pic_cnt", "start_qp", "mean_qp", "is_p_skip", "residual_bits",
            "head_bits", "madi_val", "madp_val", "sse_sum", "sse_lcu_cnt", "psnr_val"})
    public static class HiVencStreamInfo extends Structure {
        public int ref_type;
        public int pic_bytes;
        public int pic_cnt;
        public int start_qp;
        public int mean_qp;
        public int is_p_skip;
        public int residual_bits;
        public int head_bits;
        public int madi_val;
        public int madp_val;
        public long sse_sum;
        public int sse_lcu_cnt;
        public double psnr_val;
    }

    @CType("hi_venc_chn_status")
    @FieldOrder({"left_pics", "left_stream_bytes", "left_stream_frames", "cur_packs", "left_recv_pics",
            "left_enc_pics", "is_jpeg_snap_end", "release_pic_pts", "stream_info"})
    public static class HiVencChnStatus extends Structure {
        public int left_pics;
        public int left_stream_bytes;
        public int left_stream_frames;
        public int cur_packs;
        public int left_recv_pics;
        public int left_enc_pics;
        public int is_jpeg_snap_end;
        public long release_pic_pts;
        public HiVencStreamInfo stream_info;
    }

    @CType("hi_venc_scene_chg_detect")
    @FieldOrder({"detect_scene_chg_en", "adapt_insert_idr_frame_en"})
    public static class HiVencSceneChgDetect extends Structure {
        public int detect_scene_chg_en;
        public int adapt_insert_idr_frame_en;
    }

    @CType("hi_venc_h264_cbr_param")
    @FieldOrder({"max_i_proportion", "min_i_proportion", "max_qp", "min_qp", "max_i_qp", "min_i_qp",
            "max_reencode_times", "qpmap_en"})
    public static class HiVencH264CbrParam extends Structure {
        public int max_i_proportion;
        public int min_i_proportion;
        public int max_qp;
        public int min_qp;
        public int max_i_qp;
        public int min_i_qp;
        public int max_reencode_times;
        public int qpmap_en;
    }

    @CType("hi_venc_h264_vbr_param")
    @FieldOrder({"chg_pos", "max_i_proportion", "min_i_proportion", "max_reencode_times", "qpmap_en", "max_qp",
            "min_qp", "max_i_qp", "min_i_qp"})
    public static class HiVencH264VbrParam extends Structure {
        public int chg_pos;
        public int max_i_proportion;
        public int min_i_proportion;
        public int max_reencode_times;
        public int qpmap_en;
        public int max_qp;
        public int min_qp;
        public int max_i_qp;
        public int min_i_qp;
    }

    @CType("hi_venc_h264_avbr_param")
    @FieldOrder({"chg_pos", "max_i_proportion", "min_i_proportion", "max_reencode_times", "qpmap_en",
            "min_still_percent", "max_still_qp", "min_still_psnr", "max_qp", "min_qp", "max_i_qp", "min_i_qp",
            "min_qp_delta", "motion_sensitivity", "save_bitrate_en"})
    public static class HiVencH264AvbrParam extends Structure {
        public int chg_pos;
        public int max_i_proportion;
        public int min_i_proportion;
        public int max_reencode_times;
        public int qpmap_en;
        public int min_still_percent;
        public int max_still_qp;
        public int min_still_psnr;
        public int max_qp;
        public int min_qp;
        public int max_i_qp;
        public int min_i_qp;
        public int min_qp_delta;
        public int motion_sensitivity;
        public int save_bitrate_en;
    }

    @CType("hi_venc_h264_qvbr_param")
    @FieldOrder({"max_i_proportion", "min_i_proportion", "max_reencode_times", "qpmap_en", "max_qp", "min_qp",
            "max_i_qp", "min_i_qp", "max_bit_percent", "min_bit_percent", "max_psnr_fluctuate", "min_psnr_fluctuate"})
    public static class HiVencH264QvbrParam extends Structure {
        public int max_i_proportion;
        public int min_i_proportion;
        public int max_reencode_times;
        public int qpmap_en;
        public int max_qp;
        public int min_qp;
        public int max_i_qp;
        public int min_i_qp;
        public int max_bit_percent;
        public int min_bit_percent;
        public int max_psnr_fluctuate;
        public int min_psnr_fluctuate;
    }

    @CType("hi_venc_h264_cvbr_param")
    @FieldOrder({"max_i_proportion", "min_i_proportion", "max_reencode_times", "qpmap_en", "max_qp", "min_qp",
            "max_i_qp", "min_i_qp", "min_qp_delta", "max_qp_delta", "extra_bit_percent", "long_term_stats_time_unit",
            "save_bitrate_en"})
    public static class HiVencH264CvbrParam extends Structure {
        public int max_i_proportion;
        public int min_i_proportion;
        public int max_reencode_times;
        public int qpmap_en;
        public int max_qp;
        public int min_qp;
        public int max_i_qp;
        public int min_i_qp;
        public int min_qp_delta;
        public int max_qp_delta;
        public int extra_bit_percent;
        public int long_term_stats_time_unit;
        public int save_bitrate_en;
    }

    @CType("hi_venc_h265_cbr_param")
    @FieldOrder({"max_i_proportion", "min_i_proportion", "max_qp", "min_qp", "max_i_qp", "min_i_qp",
            "max_reencode_times", "qpmap_en", "qpmap_mode"})
    public static class HiVencH265CbrParam extends Structure {
        public int max_i_proportion;
        public int min_i_proportion;
        public int max_qp;
        public int min_qp;
        public int max_i_qp;
        public int min_i_qp;
        public int max_reencode_times;
        public int qpmap_en;
        public int qpmap_mode;
    }

    @CType("hi_venc_h265_vbr_param")
    @FieldOrder({"chg_pos", "max_i_proportion", "min_i_proportion", "max_reencode_times", "max_qp", "min_qp",
            "max_i_qp", "min_i_qp", "qpmap_en", "qpmap_mode"})
    public static class HiVencH265VbrParam extends Structure {
        public int chg_pos;
        public int max_i_proportion;
        public int min_i_proportion;
        public int max_reencode_times;
        public int max_qp;
        public int min_qp;
        public int max_i_qp;
        public int min_i_qp;
        public int qpmap_en;
        public int qpmap_mode;
    }

    @CType("hi_venc_h265_avbr_param")
    @FieldOrder({"chg_pos", "max_i_proportion", "min_i_proportion", "max_reencode_times", "min_still_percent",
            "max_still_qp", "min_still_psnr", "max_qp", "min_qp", "max_i_qp", "min_i_qp", "min_qp_delta",
            "motion_sensitivity", "qpmap_en", "qpmap_mode"})
    public static class HiVencH265AvbrParam extends Structure {
        public int chg_pos;
        public int max_i_proportion;
        public int min_i_proportion;
        public int max_reencode_times;
        public int min_still_percent;
        public int max_still_qp;
        public int min_still_psnr;
        public int max_qp;
        public int min_qp;
        public int max_i_qp;
        public int min_i_qp;
        public int min_qp_delta;
        public int motion_sensitivity;
        public int qpmap_en;
        public int qpmap_mode;
    }

    @CType("hi_venc_h265_qvbr_param")
    @FieldOrder({"max_i_proportion", "min_i_proportion", "max_reencode_times", "qpmap_en", "qpmap_mode", "max_qp",
            "min_qp", "max_i_qp", "min_i_qp", "max_bit_percent", "min_bit_percent", "max_psnr_fluctuate",
            "min_psnr_fluctuate"})
    public static class HiVencH265QvbrParam extends Structure {
        public int max_i_proportion;
        public int min_i_proportion;
        public int max_reencode_times;
        public int qpmap_en;
        public int qpmap_mode;
        public int max_qp;
        public int min_qp;
        public int max_i_qp;
        public int min_i_qp;
        public int max_bit_percent;
        public int min_bit_percent;
        public int max_psnr_fluctuate;
        public int min_psnr_fluctuate;
    }

    @CType("hi_venc_h265_cvbr_param")
    @FieldOrder({"max_i_proportion", "min_i_proportion", "max_reencode_times", "qpmap_en", "qpmap_mode", "max_qp",
            "min_qp", "max_i_qp", "min_i_qp", "min_qp_delta", "max_qp_delta", "extra_bit_percent",
            "long_term_stats_time_unit"})
    public static class HiVencH265CvbrParam extends Structure {
        public int max_i_proportion;
        public int min_i_proportion;
        public int max_reencode_times;
        public int qpmap_en;
        public int qpmap_mode;
        public int max_qp;
        public int min_qp;
        public int max_i_qp;
        public int min_i_qp;
        public int min_qp_delta;
        public int max_qp_delta;
        public int extra_bit_percent;
        public int long_term_stats_time_unit;
    }

    @CType("(anon_union)")
    @FieldOrder({"h264_cbr_param", "h264_vbr_param", "h264_avbr_param", "h264_qvbr_param", "h264_cvbr_param",
            "h265_cbr_param", "h265_vbr_param", "h265_avbr_param", "h265_qvbr_param", "h265_cvbr_param"})
    public static class HiVencRcParamUnion extends Union {
        public HiVencH264CbrParam h264_cbr_param;
        public HiVencH264VbrParam h264_vbr_param;
        public HiVencH264AvbrParam h264_avbr_param;
        public HiVencH264QvbrParam h264_qvbr_param;
        public HiVencH264CvbrParam h264_cvbr_param;
        public HiVencH265CbrParam h265_cbr_param;
        public HiVencH265VbrParam h265_vbr_param;
        public HiVencH265AvbrParam h265_avbr_param;
        public HiVencH265QvbrParam h265_qvbr_param;
        public HiVencH265CvbrParam h265_cvbr_param;
    }

    @CType("hi_venc_rc_param")
    @FieldOrder({"threshold_i", "threshold_p", "threshold_b", "direction", "row_qp_delta", "first_frame_start_qp",
            "scene_chg_detect", "u"})
    public static class HiVencRcParam extends Structure {
        public int[] threshold_i = new int[16];
        public int[] threshold_p = new int[16];
        public int[] threshold_b = new int[16];
        public int direction;
        public int row_qp_delta;
        public int first_frame_start_qp;
        public HiVencSceneChgDetect scene_chg_detect;
        public HiVencRcParamUnion u;
    }

    @CType("hi_venc_venc_mod_param")
    @FieldOrder({"buf_cache", "frame_buf_recycle"})
    public static class HiVencVencModParam extends Structure {
        public int buf_cache;
        public int frame_buf_recycle;
    }

    @CType("hi_venc_h264_mod_param")
    @FieldOrder({"one_stream_buf", "mini_buf_mode", "low_power_mode", "vb_src", "qp_hist_en", "max_user_data_len"})
    public static class HiVencH264ModParam extends Structure {
        public int one_stream_buf;
        public int mini_buf_mode;
        public int low_power_mode;
        public int vb_src;
        public int qp_hist_en;
        public int max_user_data_len;
    }

    @CType("hi_venc_h265_mod_param")
    public static class HiVencH265ModParam extends HiVencH264ModParam {
    }

    @CType("hi_venc_jpeg_mod_param")
    @FieldOrder({"one_stream_buf", "mini_buf_mode", "clear_stream_buf", "dering_mode"})
    public static class HiVencJpegModParam extends Structure {
        public int one_stream_buf;
        public int mini_buf_mode;
        public int clear_stream_buf;
        public int dering_mode;
    }

    @CType("(anon_union)")
    @FieldOrder({"venc_mod_param", "h264_mod_param", "h265_mod_param", "jpeg_mod_param"})
    public static class HiVencModParamUnion extends Union {
        public HiVencVencModParam venc_mod_param;
        public HiVencH264ModParam h264_mod_param;
        public HiVencH265ModParam h265_mod_param;
        public HiVencJpegModParam jpeg_mod_param;
    }

    @CType("hi_venc_mod_param")
    @FieldOrder({"mod_type", "u"})
    public static class HiVencModParam extends Structure {
        public int mod_type;
        public HiVencModParamUnion u;
    }

    @CType("hi_dvpp_epoll_event")
    @FieldOrder({"events", "data"})
    public static class HiDvppEpollEvent extends Structure {
        public int events;
        public Pointer data;
    }
}
