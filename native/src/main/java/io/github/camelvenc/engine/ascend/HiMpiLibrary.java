package io.github.camelvenc.engine.ascend;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

import java.util.List;

import io.github.camelvenc.engine.ascend.HiMpiTypes.HiDvppEpollEvent;
import io.github.camelvenc.engine.ascend.HiMpiTypes.HiImgAlignInfo;
import io.github.camelvenc.engine.ascend.HiMpiTypes.HiImgBaseInfo;
import io.github.camelvenc.engine.ascend.HiMpiTypes.HiVencChnAttr;
import io.github.camelvenc.engine.ascend.HiMpiTypes.HiVencChnStatus;
import io.github.camelvenc.engine.ascend.HiMpiTypes.HiVencModParam;
import io.github.camelvenc.engine.ascend.HiMpiTypes.HiVencRcParam;
import io.github.camelvenc.engine.ascend.HiMpiTypes.HiVencStartParam;
import io.github.camelvenc.engine.ascend.HiMpiTypes.HiVencStream;
import io.github.camelvenc.engine.ascend.HiMpiTypes.HiVideoFrameInfo;

/**
 * {@code libacl_dvpp_mpi.so}: the HiMPI SYS and VENC functions of CANN 8.1.RC1 ({@code functions.tsv}).
 * Every function returns 0 or an {@code HI_ERR_*} code (see {@link HiMpiErrors}), except
 * {@link #hi_mpi_venc_get_fd} which returns the fd or a negative code.
 *
 * <p>JNA looks a function up on its first call. The functions in {@link #OPTIONAL} are missing from
 * older CANN releases (an older {@code hi_dvpp_venc.h} declares neither {@code set_chn_attr},
 * {@code get_chn_attr} nor {@code get_scene_mode}; {@code hi_mpi_sys_get_image_align_info} is in the
 * 8.1.RC1 {@code hi_mpi_sys.h}): callers check {@link AscendLibraries#has(String)} first.
 */
public interface HiMpiLibrary extends Library {

    /** {@code HI_PT_H264}. */
    int HI_PT_H264 = 96;
    /** {@code HI_PT_H265}. */
    int HI_PT_H265 = 265;
    /** {@code HI_TRUE}. */
    int HI_TRUE = 1;
    /** {@code HI_FALSE}. */
    int HI_FALSE = 0;
    /** {@code HI_VIDEO_FIELD_FRAME}: progressive frame. */
    int HI_VIDEO_FIELD_FRAME = 4;
    /** {@code HI_VIDEO_FORMAT_LINEAR}. */
    int HI_VIDEO_FORMAT_LINEAR = 0;
    /** {@code HI_COMPRESS_MODE_NONE}. */
    int HI_COMPRESS_MODE_NONE = 0;
    /** {@code HI_DYNAMIC_RANGE_SDR8}. */
    int HI_DYNAMIC_RANGE_SDR8 = 0;
    /** {@code HI_COLOR_GAMUT_BT709}. */
    int HI_COLOR_GAMUT_BT709 = 1;
    /** {@code HI_ID_VENC}. */
    int HI_ID_VENC = 8;
    /** Pool id of a frame that does not come from a VB pool ({@code pool_id} invalid). */
    int HI_VB_INVALID_POOL_ID = -1;
    /** {@code HI_VENC_MOD_VENC}, {@code HI_VENC_MOD_H264}, {@code HI_VENC_MOD_H265}. */
    int HI_VENC_MOD_VENC = 1;
    int HI_VENC_MOD_H264 = 2;
    int HI_VENC_MOD_H265 = 3;
    /** {@code hi_venc_rc_mode}: H.264 members 1..6, H.265 members 11..16 (CBR, VBR, AVBR, QVBR, CVBR, FIXQP). */
    int HI_VENC_RC_MODE_H264_CBR = 1;
    int HI_VENC_RC_MODE_H265_CBR = 11;
    /** {@code hi_venc_gop_mode}. */
    int HI_VENC_GOP_MODE_NORMAL_P = 0;
    int HI_VENC_GOP_MODE_DUAL_P = 1;
    int HI_VENC_GOP_MODE_SMART_P = 2;
    /** {@code hi_dvpp_epoll_ctl_op}. */
    int HI_DVPP_EPOLL_CTL_ADD = 1;
    int HI_DVPP_EPOLL_CTL_DEL = 3;
    /** {@code HI_DVPP_EPOLL_IN}. */
    int HI_DVPP_EPOLL_IN = 1;
    /** H.264 pack types ({@code hi_venc_h264_nalu_type}). */
    int HI_VENC_H264_NALU_B_SLICE = 0;
    int HI_VENC_H264_NALU_P_SLICE = 1;
    int HI_VENC_H264_NALU_I_SLICE = 2;
    int HI_VENC_H264_NALU_IDR_SLICE = 5;
    /** H.265 pack types ({@code hi_venc_h265_nalu_type}). */
    int HI_VENC_H265_NALU_B_SLICE = 0;
    int HI_VENC_H265_NALU_P_SLICE = 1;
    int HI_VENC_H265_NALU_I_SLICE = 2;
    int HI_VENC_H265_NALU_IDR_SLICE = 19;

    /** {@code HI_MOD_VENC} of {@code hi_module_type} (hi_mpi_sys.h), for the alignment query. */
    int HI_MOD_VENC = 1;
    /** {@code HI_PIXEL_FORMAT_YUV_SEMIPLANAR_420} (NV12). */
    int HI_PIXEL_FORMAT_YUV_SEMIPLANAR_420 = 1;
    /** Functions that not every CANN release exports. */
    List<String> OPTIONAL = List.of("hi_mpi_venc_set_chn_attr", "hi_mpi_venc_get_chn_attr",
            "hi_mpi_venc_get_scene_mode", "hi_mpi_sys_get_image_align_info");

    int hi_mpi_sys_init();

    int hi_mpi_sys_exit();

    int hi_mpi_dvpp_malloc(int devId, PointerByReference devPtr, long size);

    int hi_mpi_dvpp_free(Pointer devPtr);

    int hi_mpi_sys_create_epoll(int size, IntByReference epollFd);

    int hi_mpi_sys_ctl_epoll(int epollFd, int operation, int fd, HiDvppEpollEvent event);

    /** {@code events} is the first element of a contiguous array of {@code maxEvents} events. */
    int hi_mpi_sys_wait_epoll(int epollFd, HiDvppEpollEvent events, int maxEvents, int timeoutMs,
            IntByReference eventNum);

    int hi_mpi_sys_close_epoll(int epollFd);

    /** Strides and buffer size the given modules need for a picture; {@code modTypes} has {@code modNum} entries. */
    int hi_mpi_sys_get_image_align_info(int[] modTypes, int modNum, HiImgBaseInfo base, HiImgAlignInfo align);

    int hi_mpi_venc_set_mod_param(HiVencModParam modParam);

    int hi_mpi_venc_get_mod_param(HiVencModParam modParam);

    int hi_mpi_venc_create_chn(int chn, HiVencChnAttr attr);

    int hi_mpi_venc_destroy_chn(int chn);

    int hi_mpi_venc_start_chn(int chn, HiVencStartParam recvParam);

    int hi_mpi_venc_stop_chn(int chn);

    int hi_mpi_venc_query_status(int chn, HiVencChnStatus status);

    int hi_mpi_venc_get_stream(int chn, HiVencStream stream, int milliSec);

    int hi_mpi_venc_release_stream(int chn, HiVencStream stream);

    int hi_mpi_venc_send_frame(int chn, HiVideoFrameInfo frame, int milliSec);

    int hi_mpi_venc_get_fd(int chn);

    int hi_mpi_venc_close_fd(int chn);

    int hi_mpi_venc_set_chn_attr(int chn, HiVencChnAttr attr);

    int hi_mpi_venc_get_chn_attr(int chn, HiVencChnAttr attr);

    int hi_mpi_venc_set_rc_param(int chn, HiVencRcParam rcParam);

    int hi_mpi_venc_get_rc_param(int chn, HiVencRcParam rcParam);

    /** The scene mode is passed by value. */
    int hi_mpi_venc_set_scene_mode(int chn, int sceneMode);

    int hi_mpi_venc_get_scene_mode(int chn, IntByReference sceneMode);

    /** {@code instant} ({@code hi_bool}) is passed by value. */
    int hi_mpi_venc_request_idr(int chn, int instant);
}
