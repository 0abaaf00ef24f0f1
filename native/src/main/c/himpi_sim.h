/*
 * C declarations of the HiMPI VENC / ACL types used by the camel-venc simulator, written from the
 * ABI table src/test/resources/himpi-abi/layout.tsv (CANN 8.1.RC1). The build generates
 * layout_asserts.h from the same table and includes it below, so a declaration that drifts from
 * the table stops the build.
 */
#ifndef CAMEL_VENC_HIMPI_SIM_H
#define CAMEL_VENC_HIMPI_SIM_H

#include <stddef.h>
#include <stdint.h>

typedef int32_t hi_s32;
typedef uint32_t hi_u32;
typedef uint64_t hi_u64;
typedef uint8_t hi_u8;
typedef char hi_char;
typedef double hi_double;
typedef void hi_void;
typedef int hi_bool;
typedef int hi_payload_type;
typedef int hi_venc_pic_recv_mode;
typedef int hi_venc_prores_frame_rate;
typedef int hi_venc_prores_aspect_ratio;
typedef int hi_venc_rc_mode;
typedef int hi_venc_rc_qpmap_mode;
typedef int hi_venc_gop_mode;
typedef int hi_video_field;
typedef int hi_pixel_format;
typedef int hi_video_format;
typedef int hi_compress_mode;
typedef int hi_dynamic_range;
typedef int hi_color_gamut;
typedef int hi_mod_id;
typedef int hi_venc_ref_type;
typedef int hi_venc_mod_type;
typedef int hi_vb_src;
typedef int hi_venc_scene_mode;
typedef int hi_venc_chn;
typedef int aclError;
typedef void *aclrtContext;

typedef struct { hi_u32 width; hi_u32 height; } hi_video_size;
typedef struct { hi_bool rcn_ref_share_buf_en; hi_u32 frame_buf_ratio; } hi_venc_h264_attr;
typedef struct { hi_bool rcn_ref_share_buf_en; hi_u32 frame_buf_ratio; } hi_venc_h265_attr;
typedef struct { hi_u8 large_thumbnail_num; hi_video_size large_thumbnail_size[2]; } hi_venc_mpf_cfg;
typedef struct { hi_bool dcf_en; hi_venc_mpf_cfg mpf_cfg; hi_venc_pic_recv_mode recv_mode; } hi_venc_jpeg_attr;
typedef struct {
    hi_char identifier[4];
    hi_venc_prores_frame_rate frame_rate_code;
    hi_venc_prores_aspect_ratio aspect_ratio;
} hi_venc_prores_attr;

typedef struct {
    hi_payload_type type;
    hi_u32 max_pic_width;
    hi_u32 max_pic_height;
    hi_u32 buf_size;
    hi_u32 profile;
    hi_bool is_by_frame;
    hi_u32 pic_width;
    hi_u32 pic_height;
    union {
        hi_venc_h264_attr h264_attr;
        hi_venc_h265_attr h265_attr;
        hi_venc_jpeg_attr jpeg_attr;
        hi_venc_prores_attr prores_attr;
    };
} hi_venc_attr;

typedef struct { hi_u32 gop, stats_time, src_frame_rate, dst_frame_rate, bit_rate; } hi_venc_h264_cbr;
typedef struct { hi_u32 gop, stats_time, src_frame_rate, dst_frame_rate, max_bit_rate; } hi_venc_h264_vbr;
typedef struct { hi_u32 gop, stats_time, src_frame_rate, dst_frame_rate, max_bit_rate; } hi_venc_h264_avbr;
typedef struct { hi_u32 gop, stats_time, src_frame_rate, dst_frame_rate, target_bit_rate; } hi_venc_h264_qvbr;
typedef struct {
    hi_u32 gop, stats_time, src_frame_rate, dst_frame_rate, max_bit_rate;
    hi_u32 short_term_stats_time, long_term_stats_time, long_term_max_bit_rate, long_term_min_bit_rate;
} hi_venc_h264_cvbr;
typedef struct { hi_u32 gop, src_frame_rate, dst_frame_rate, i_qp, p_qp, b_qp; } hi_venc_h264_fixqp;
typedef struct { hi_u32 gop, stats_time, src_frame_rate, dst_frame_rate; } hi_venc_h264_qpmap;
typedef struct { hi_u32 stats_time, src_frame_rate, dst_frame_rate, bit_rate; } hi_venc_mjpeg_cbr;
typedef struct { hi_u32 stats_time, src_frame_rate, dst_frame_rate, max_bit_rate; } hi_venc_mjpeg_vbr;
typedef struct { hi_u32 src_frame_rate, dst_frame_rate, qfactor; } hi_venc_mjpeg_fixqp;
typedef hi_venc_h264_cbr hi_venc_h265_cbr;
typedef hi_venc_h264_vbr hi_venc_h265_vbr;
typedef hi_venc_h264_avbr hi_venc_h265_avbr;
typedef hi_venc_h264_qvbr hi_venc_h265_qvbr;
typedef hi_venc_h264_cvbr hi_venc_h265_cvbr;
typedef hi_venc_h264_fixqp hi_venc_h265_fixqp;
typedef struct { hi_u32 gop, stats_time, src_frame_rate, dst_frame_rate; hi_venc_rc_qpmap_mode qpmap_mode; } hi_venc_h265_qpmap;

typedef struct {
    hi_venc_rc_mode rc_mode;
    union {
        hi_venc_h264_cbr h264_cbr;
        hi_venc_h264_vbr h264_vbr;
        hi_venc_h264_avbr h264_avbr;
        hi_venc_h264_qvbr h264_qvbr;
        hi_venc_h264_cvbr h264_cvbr;
        hi_venc_h264_fixqp h264_fixqp;
        hi_venc_h264_qpmap h264_qpmap;
        hi_venc_mjpeg_cbr mjpeg_cbr;
        hi_venc_mjpeg_vbr mjpeg_vbr;
        hi_venc_mjpeg_fixqp mjpeg_fixqp;
        hi_venc_h265_cbr h265_cbr;
        hi_venc_h265_vbr h265_vbr;
        hi_venc_h265_avbr h265_avbr;
        hi_venc_h265_qvbr h265_qvbr;
        hi_venc_h265_cvbr h265_cvbr;
        hi_venc_h265_fixqp h265_fixqp;
        hi_venc_h265_qpmap h265_qpmap;
    };
} hi_venc_rc_attr;

typedef struct { hi_s32 ip_qp_delta; } hi_venc_gop_normal_p;
typedef struct { hi_u32 sp_interval; hi_s32 sp_qp_delta; hi_s32 ip_qp_delta; } hi_venc_gop_dual_p;
typedef struct { hi_u32 bg_interval; hi_s32 bg_qp_delta; hi_s32 vi_qp_delta; } hi_venc_gop_smart_p;
typedef struct { hi_u32 bg_interval; hi_s32 bg_qp_delta; hi_s32 vi_qp_delta; } hi_venc_gop_adv_smart_p;
typedef struct { hi_u32 b_frame_num; hi_s32 b_qp_delta; hi_s32 ip_qp_delta; } hi_venc_gop_bipred_b;
typedef struct {
    hi_venc_gop_mode gop_mode;
    union {
        hi_venc_gop_normal_p normal_p;
        hi_venc_gop_dual_p dual_p;
        hi_venc_gop_smart_p smart_p;
        hi_venc_gop_adv_smart_p adv_smart_p;
        hi_venc_gop_bipred_b bipred_b;
    };
} hi_venc_gop_attr;

typedef struct { hi_venc_attr venc_attr; hi_venc_rc_attr rc_attr; hi_venc_gop_attr gop_attr; } hi_venc_chn_attr;
typedef struct { hi_s32 recv_pic_num; } hi_venc_start_param;

typedef struct {
    hi_u64 misc_info_phys_addr;
    hi_u64 jpeg_dcf_phys_addr;
    hi_u64 isp_info_phys_addr;
    hi_u64 low_delay_phys_addr;
    hi_u64 bnr_rnt_phys_addr;
    hi_u64 motion_data_phys_addr;
    union { hi_u64 frame_dng_phys_addr; hi_u64 offset; };
    hi_void *misc_info_virt_addr;
    hi_void *jpeg_dcf_virt_addr;
    hi_void *isp_info_virt_addr;
    hi_void *low_delay_virt_addr;
    hi_void *bnr_mot_virt_addr;
    hi_void *motion_data_virt_addr;
    hi_void *frame_dng_virt_addr;
} hi_video_supplement;

typedef struct {
    hi_u32 width;
    hi_u32 height;
    hi_video_field field;
    hi_pixel_format pixel_format;
    hi_video_format video_format;
    hi_compress_mode compress_mode;
    hi_dynamic_range dynamic_range;
    hi_color_gamut color_gamut;
    hi_u32 header_stride[3];
    hi_u32 width_stride[3];
    hi_u32 height_stride[3];
    hi_u64 header_phys_addr[3];
    hi_u64 phys_addr[3];
    hi_void *header_virt_addr[3];
    hi_void *virt_addr[3];
    hi_u32 time_ref;
    hi_u64 pts;
    hi_u64 user_data[2];
    hi_u32 frame_flag;
    hi_video_supplement supplement;
} hi_video_frame;

typedef struct { hi_video_frame v_frame; hi_u32 pool_id; hi_mod_id mod_id; } hi_video_frame_info;

typedef union { int h264_type; int jpeg_type; int h265_type; int prores_type; } hi_venc_data_type;
typedef struct { hi_venc_data_type pack_type; hi_u32 pack_offset; hi_u32 pack_len; } hi_venc_pack_info;
typedef struct {
    union { hi_u64 phys_addr; hi_u64 input_addr; };
    hi_u8 *addr;
    hi_u32 len;
    hi_u64 pts;
    hi_bool is_frame_end;
    hi_venc_data_type data_type;
    hi_u32 offset;
    hi_u32 data_num;
    hi_venc_pack_info pack_info[8];
} hi_venc_pack;

typedef struct {
    hi_u32 pic_bytes, inter16x16_mb_num, inter8x8_mb_num, intra16_mb_num, intra8_mb_num, intra4_mb_num;
    hi_venc_ref_type ref_type;
    hi_u32 update_attr_cnt, start_qp, mean_qp;
    hi_bool is_p_skip;
} hi_venc_h264_stream_info;
typedef struct { hi_u32 pic_bytes, update_attr_cnt, qfactor; } hi_venc_jpeg_stream_info;
typedef struct {
    hi_u32 pic_bytes, inter64x64_cu_num, inter32x32_cu_num, inter16x16_cu_num, inter8x8_cu_num;
    hi_u32 intra32x32_cu_num, intra16x16_cu_num, intra8x8_cu_num, intra4x4_cu_num;
    hi_venc_ref_type ref_type;
    hi_u32 update_attr_cnt, start_qp, mean_qp;
    hi_bool is_p_skip;
} hi_venc_h265_stream_info;
typedef struct { hi_u32 pic_bytes, update_attr_cnt; } hi_venc_prores_stream_info;
typedef struct { hi_bool enable; hi_u64 sse_val; } hi_venc_sse_info;
typedef struct {
    hi_u32 residual_bits, head_bits, madi_val, madp_val;
    hi_double psnr_val;
    hi_u32 sse_lcu_cnt;
    hi_u64 sse_sum;
    hi_venc_sse_info sse_info[8];
    hi_u32 qp_hist[52];
    hi_u32 move_scene16x16_num, move_scene_bits;
} hi_venc_h264_adv_stream_info;
typedef struct {
    hi_u32 residual_bits, head_bits, madi_val, madp_val;
    hi_double psnr_val;
    hi_u32 sse_lcu_cnt;
    hi_u64 sse_sum;
    hi_venc_sse_info sse_info[8];
    hi_u32 qp_hist[52];
    hi_u32 move_scene32x32_num, move_scene_bits;
} hi_venc_h265_adv_stream_info;

typedef struct {
    hi_venc_pack *pack;
    hi_u32 pack_cnt;
    hi_u32 seq;
    union {
        hi_venc_h264_stream_info h264_info;
        hi_venc_jpeg_stream_info jpeg_info;
        hi_venc_h265_stream_info h265_info;
        hi_venc_prores_stream_info prores_info;
    };
    union {
        hi_venc_h264_adv_stream_info h264_adv_info;
        hi_venc_h265_adv_stream_info h265_adv_info;
    };
} hi_venc_stream;

typedef struct {
    hi_venc_ref_type ref_type;
    hi_u32 pic_bytes, pic_cnt, start_qp, mean_qp;
    hi_bool is_p_skip;
    hi_u32 residual_bits, head_bits, madi_val, madp_val;
    hi_u64 sse_sum;
    hi_u32 sse_lcu_cnt;
    hi_double psnr_val;
} hi_venc_stream_info;

typedef struct {
    hi_u32 left_pics, left_stream_bytes, left_stream_frames, cur_packs, left_recv_pics, left_enc_pics;
    hi_bool is_jpeg_snap_end;
    hi_u64 release_pic_pts;
    hi_venc_stream_info stream_info;
} hi_venc_chn_status;

typedef struct { hi_bool detect_scene_chg_en; hi_bool adapt_insert_idr_frame_en; } hi_venc_scene_chg_detect;
typedef struct {
    hi_u32 max_i_proportion, min_i_proportion, max_qp, min_qp, max_i_qp, min_i_qp;
    hi_s32 max_reencode_times;
    hi_bool qpmap_en;
} hi_venc_h264_cbr_param;
typedef struct {
    hi_s32 chg_pos;
    hi_u32 max_i_proportion, min_i_proportion;
    hi_s32 max_reencode_times;
    hi_bool qpmap_en;
    hi_u32 max_qp, min_qp, max_i_qp, min_i_qp;
} hi_venc_h264_vbr_param;
typedef struct {
    hi_s32 chg_pos;
    hi_u32 max_i_proportion, min_i_proportion;
    hi_s32 max_reencode_times;
    hi_bool qpmap_en;
    hi_s32 min_still_percent;
    hi_u32 max_still_qp, min_still_psnr, max_qp, min_qp, max_i_qp, min_i_qp, min_qp_delta, motion_sensitivity;
    hi_bool save_bitrate_en;
} hi_venc_h264_avbr_param;
typedef struct {
    hi_u32 max_i_proportion, min_i_proportion;
    hi_s32 max_reencode_times;
    hi_bool qpmap_en;
    hi_u32 max_qp, min_qp, max_i_qp, min_i_qp;
    hi_s32 max_bit_percent, min_bit_percent, max_psnr_fluctuate, min_psnr_fluctuate;
} hi_venc_h264_qvbr_param;
typedef struct {
    hi_u32 max_i_proportion, min_i_proportion;
    hi_s32 max_reencode_times;
    hi_bool qpmap_en;
    hi_u32 max_qp, min_qp, max_i_qp, min_i_qp, min_qp_delta, max_qp_delta, extra_bit_percent;
    hi_u32 long_term_stats_time_unit;
    hi_bool save_bitrate_en;
} hi_venc_h264_cvbr_param;
typedef struct {
    hi_u32 max_i_proportion, min_i_proportion, max_qp, min_qp, max_i_qp, min_i_qp;
    hi_s32 max_reencode_times;
    hi_bool qpmap_en;
    hi_venc_rc_qpmap_mode qpmap_mode;
} hi_venc_h265_cbr_param;
typedef struct {
    hi_s32 chg_pos;
    hi_u32 max_i_proportion, min_i_proportion;
    hi_s32 max_reencode_times;
    hi_u32 max_qp, min_qp, max_i_qp, min_i_qp;
    hi_bool qpmap_en;
    hi_venc_rc_qpmap_mode qpmap_mode;
} hi_venc_h265_vbr_param;
typedef struct {
    hi_s32 chg_pos;
    hi_u32 max_i_proportion, min_i_proportion;
    hi_s32 max_reencode_times;
    hi_s32 min_still_percent;
    hi_u32 max_still_qp, min_still_psnr, max_qp, min_qp, max_i_qp, min_i_qp, min_qp_delta, motion_sensitivity;
    hi_bool qpmap_en;
    hi_venc_rc_qpmap_mode qpmap_mode;
} hi_venc_h265_avbr_param;
typedef struct {
    hi_u32 max_i_proportion, min_i_proportion;
    hi_s32 max_reencode_times;
    hi_bool qpmap_en;
    hi_venc_rc_qpmap_mode qpmap_mode;
    hi_u32 max_qp, min_qp, max_i_qp, min_i_qp;
    hi_s32 max_bit_percent, min_bit_percent, max_psnr_fluctuate, min_psnr_fluctuate;
} hi_venc_h265_qvbr_param;
typedef struct {
    hi_u32 max_i_proportion, min_i_proportion;
    hi_s32 max_reencode_times;
    hi_bool qpmap_en;
    hi_venc_rc_qpmap_mode qpmap_mode;
    hi_u32 max_qp, min_qp, max_i_qp, min_i_qp, min_qp_delta, max_qp_delta, extra_bit_percent;
    hi_u32 long_term_stats_time_unit;
} hi_venc_h265_cvbr_param;
typedef struct { hi_u32 max_qfactor, min_qfactor; } hi_venc_mjpeg_cbr_param;
typedef struct { hi_s32 chg_pos; hi_u32 max_qfactor, min_qfactor; } hi_venc_mjpeg_vbr_param;

typedef struct {
    hi_u32 threshold_i[16];
    hi_u32 threshold_p[16];
    hi_u32 threshold_b[16];
    hi_u32 direction;
    hi_u32 row_qp_delta;
    hi_s32 first_frame_start_qp;
    hi_venc_scene_chg_detect scene_chg_detect;
    union {
        hi_venc_h264_cbr_param h264_cbr_param;
        hi_venc_h264_vbr_param h264_vbr_param;
        hi_venc_h264_avbr_param h264_avbr_param;
        hi_venc_h264_qvbr_param h264_qvbr_param;
        hi_venc_h264_cvbr_param h264_cvbr_param;
        hi_venc_h265_cbr_param h265_cbr_param;
        hi_venc_h265_vbr_param h265_vbr_param;
        hi_venc_h265_avbr_param h265_avbr_param;
        hi_venc_h265_qvbr_param h265_qvbr_param;
        hi_venc_h265_cvbr_param h265_cvbr_param;
        hi_venc_mjpeg_cbr_param mjpeg_cbr_param;
        hi_venc_mjpeg_vbr_param mjpeg_vbr_param;
    };
} hi_venc_rc_param;

typedef struct { hi_u32 buf_cache; hi_u32 frame_buf_recycle; } hi_venc_venc_mod_param;
typedef struct {
    hi_u32 one_stream_buf, mini_buf_mode, low_power_mode;
    hi_vb_src vb_src;
    hi_bool qp_hist_en;
    hi_u32 max_user_data_len;
} hi_venc_h264_mod_param;
typedef hi_venc_h264_mod_param hi_venc_h265_mod_param;
typedef struct { hi_u32 one_stream_buf, mini_buf_mode, clear_stream_buf, dering_mode; } hi_venc_jpeg_mod_param;
typedef struct {
    hi_venc_mod_type mod_type;
    union {
        hi_venc_venc_mod_param venc_mod_param;
        hi_venc_h264_mod_param h264_mod_param;
        hi_venc_h265_mod_param h265_mod_param;
        hi_venc_jpeg_mod_param jpeg_mod_param;
    };
} hi_venc_mod_param;

typedef struct { hi_u32 events; hi_void *data; } hi_dvpp_epoll_event;

typedef int hi_module_type;
typedef struct { hi_u32 width; hi_u32 height; hi_pixel_format pixel_format; hi_u64 reserved[2]; } hi_img_base_info;
typedef struct { hi_u32 width_stride; hi_u32 height_stride; hi_u64 img_buf_size; hi_u64 reserved[2]; } hi_img_align_info;

#include "layout_asserts.h"

#endif
