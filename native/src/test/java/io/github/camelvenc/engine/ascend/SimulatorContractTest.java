package io.github.camelvenc.engine.ascend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.camelvenc.engine.ascend.HiMpiTypes.HiDvppEpollEvent;
import io.github.camelvenc.engine.ascend.HiMpiTypes.HiVencChnAttr;
import io.github.camelvenc.engine.ascend.HiMpiTypes.HiVencModParam;
import io.github.camelvenc.engine.ascend.HiMpiTypes.HiVencPack;
import io.github.camelvenc.engine.ascend.HiMpiTypes.HiVencStartParam;
import io.github.camelvenc.engine.ascend.HiMpiTypes.HiVencStream;
import io.github.camelvenc.engine.ascend.HiMpiTypes.HiVideoFrameInfo;

/**
 * The simulator itself, driven through the raw bindings: the documented call-order rules and error
 * codes, queue depth 6 and BUF_FULL, BUF_EMPTY, epoll readiness, several packs at non-zero offsets,
 * the leak report, and device memory that the host cannot read in ACL_HOST run mode.
 */
class SimulatorContractTest {
    private static final int SYS_NOT_READY = 0xA0028010;
    private static final int VENC_SYS_NOT_READY = 0xA0088010;
    /** Initialised first: loads the simulator and points the library properties at it. */
    private final Sim.Control sim = Sim.reset(0);
    private final AscendLibraries libs = AscendLibraries.load();
    private final HiMpiLibrary hi = libs.himpi;
    private final AclLibrary acl = libs.acl;

    @AfterEach
    void nothingLeft() {
        Sim.SIM.sim_reset_events();
        Sim.assertNothingLeft();
    }

    private Pointer up(int runMode) {
        Sim.reset(runMode);
        assertEquals(SYS_NOT_READY, hi.hi_mpi_sys_init(), "sys_init before a context");
        int first = acl.aclInit(null);
        assertTrue(first == 0 || first == AclLibrary.ACL_ERROR_REPEAT_INITIALIZE, "aclInit " + first);
        assertEquals(AclLibrary.ACL_ERROR_REPEAT_INITIALIZE, acl.aclInit(null));
        assertEquals(0, acl.aclrtSetDevice(0));
        PointerByReference ctx = new PointerByReference();
        assertEquals(0, acl.aclrtCreateContext(ctx, 0));
        return ctx.getValue();
    }

    private void down(Pointer ctx) {
        assertEquals(0, hi.hi_mpi_sys_exit());
        assertEquals(0, acl.aclrtDestroyContext(ctx));
        assertEquals(0, acl.aclrtResetDevice(0));
    }

    @Test
    void stateMachineQueueAndStreams() {
        Pointer ctx = up(0);
        HiVencChnAttr attr = attr();
        assertEquals(VENC_SYS_NOT_READY, hi.hi_mpi_venc_create_chn(0, attr), "create before sys_init");
        assertEquals(0, hi.hi_mpi_sys_init());
        HiVencModParam mod = new HiVencModParam();
        mod.mod_type = HiMpiLibrary.HI_VENC_MOD_H264;
        mod.u.setType("h264_mod_param");
        assertEquals(0, hi.hi_mpi_venc_set_mod_param(mod));
        assertEquals(0, hi.hi_mpi_venc_create_chn(0, attr));
        assertEquals(HiMpiErrors.HI_ERR_VENC_EXIST, hi.hi_mpi_venc_create_chn(0, attr));
        assertEquals(0xA0088002, hi.hi_mpi_venc_create_chn(256, attr), "INVALID_CHN_ID");
        assertEquals(HiMpiErrors.HI_ERR_VENC_NOT_PERM, hi.hi_mpi_venc_set_mod_param(mod), "mod param after a channel");
        assertEquals(0xA0088005, hi.hi_mpi_venc_destroy_chn(5), "UNEXIST");
        HiVencStartParam start = new HiVencStartParam();
        assertEquals(HiMpiErrors.HI_ERR_VENC_ILLEGAL_PARAM, hi.hi_mpi_venc_start_chn(0, start), "recv_pic_num 0");
        start.recv_pic_num = -1;
        Sim.SIM.sim_set_encode_delay_us(300_000);
        assertEquals(0, hi.hi_mpi_venc_start_chn(0, start));
        HiVencPack[] packs = (HiVencPack[]) new HiVencPack().toArray(8);
        HiVencStream stream = new HiVencStream();
        stream.pack = packs[0].getPointer();
        stream.pack_cnt = 8;
        assertEquals(HiMpiErrors.HI_ERR_VENC_BUF_EMPTY, hi.hi_mpi_venc_get_stream(0, stream, 0));
        assertEquals(HiMpiErrors.HI_ERR_VENC_ILLEGAL_PARAM, hi.hi_mpi_venc_get_stream(0, stream, -2));
        PointerByReference buf = new PointerByReference();
        int size = 176 * 144 * 3 / 2;
        assertEquals(0, hi.hi_mpi_dvpp_malloc(0, buf, size));
        HiVideoFrameInfo f = frame(buf.getValue());
        for (int i = 0; i < 6; i++) {
            f.v_frame.pts = i;
            assertEquals(0, hi.hi_mpi_venc_send_frame(0, f, 0), "frame " + i);
        }
        assertEquals(HiMpiErrors.HI_ERR_VENC_NO_BUF, hi.hi_mpi_venc_send_frame(0, f, 0), "7th frame, queue depth 6");
        Sim.SIM.sim_set_encode_delay_us(0);
        int fd = hi.hi_mpi_venc_get_fd(0);
        IntByReference ep = new IntByReference();
        assertEquals(0, hi.hi_mpi_sys_create_epoll(10, ep));
        HiDvppEpollEvent ev = new HiDvppEpollEvent();
        ev.events = HiMpiLibrary.HI_DVPP_EPOLL_IN;
        ev.data = new Pointer(fd);
        assertEquals(0, hi.hi_mpi_sys_ctl_epoll(ep.getValue(), HiMpiLibrary.HI_DVPP_EPOLL_CTL_ADD, fd, ev));
        IntByReference n = new IntByReference();
        HiDvppEpollEvent got = new HiDvppEpollEvent();
        assertEquals(0, hi.hi_mpi_sys_wait_epoll(ep.getValue(), got, 1, 5000, n));
        assertEquals(1, n.getValue(), "readable once a stream is ready");
        assertEquals(fd, Pointer.nativeValue(got.data));
        assertEquals(0, hi.hi_mpi_venc_get_stream(0, stream, -1));
        assertEquals(3, stream.pack_cnt, "with one_stream_buf 0 an H.264 IDR comes as SPS, PPS and slice packs");
        packs[0].read();
        packs[2].read();
        assertEquals(7, packs[0].data_type.h264_type);
        assertEquals(HiMpiLibrary.HI_VENC_H264_NALU_IDR_SLICE, packs[2].data_type.h264_type);
        assertEquals(0L, packs[2].pts, "pts of the first frame");
        assertEquals(true, packs[0].offset > 0, "packs start at a non-zero offset");
        assertEquals(1, packs[0].addr.getByte(packs[0].offset + 3), "Annex-B start code at addr + offset");
        assertEquals(HiMpiErrors.HI_ERR_VENC_BUSY, hi.hi_mpi_venc_destroy_chn(0), "destroy while started");
        assertEquals(0, hi.hi_mpi_venc_release_stream(0, stream));
        assertEquals(0, hi.hi_mpi_venc_stop_chn(0));
        assertEquals(0, hi.hi_mpi_venc_destroy_chn(0), "destroy while in epoll, as the plugin does");
        assertEquals(0xA0028005, hi.hi_mpi_sys_ctl_epoll(ep.getValue(), HiMpiLibrary.HI_DVPP_EPOLL_CTL_DEL, fd, ev),
                "the destroyed channel's fd left the set");
        assertEquals(0, hi.hi_mpi_sys_close_epoll(ep.getValue()));
        assertEquals(0, hi.hi_mpi_dvpp_free(buf.getValue()));
        down(ctx);
    }

    @Test
    void hostModeDeviceMemoryIsNotHostReadable() {
        Pointer ctx = up(1);
        assertEquals(0, hi.hi_mpi_sys_init());
        PointerByReference ref = new PointerByReference();
        assertEquals(0, hi.hi_mpi_dvpp_malloc(0, ref, 4096));
        Pointer dev = ref.getValue();
        Memory host = new Memory(3);
        host.write(0, new byte[] {1, 2, 3}, 0, 3);
        assertEquals(0, acl.aclrtMemcpy(dev, 4096, host, 3, AclLibrary.ACL_MEMCPY_HOST_TO_DEVICE));
        assertEquals((byte) 0xA5, dev.getByte(0), "a direct host read sees the canary, not the data");
        Memory back = new Memory(3);
        assertEquals(0, acl.aclrtMemcpy(back, 3, dev, 3, AclLibrary.ACL_MEMCPY_DEVICE_TO_HOST));
        assertArrayEquals(new byte[] {1, 2, 3}, back.getByteArray(0, 3));
        assertEquals(100000, acl.aclrtMemcpy(back, 3, host, 3, AclLibrary.ACL_MEMCPY_HOST_TO_DEVICE),
                "H2D into host memory is refused");
        dev.setByte(10, (byte) 7);
        assertEquals(0, hi.hi_mpi_dvpp_free(dev));
        assertEquals(1, Sim.counter("host_access_violations"), "a direct host write is detected");
        assertEquals(0, hi.hi_mpi_dvpp_malloc(0, ref, 4096));
        assertEquals(0, hi.hi_mpi_sys_exit());
        assertEquals(1, Sim.counter("leaks_reported"), "the block still allocated at sys_exit is reported");
        assertEquals(0, hi.hi_mpi_dvpp_free(ref.getValue()));
        assertEquals(0, acl.aclrtDestroyContext(ctx));
        assertEquals(0, acl.aclrtResetDevice(0));
    }

    private static HiVencChnAttr attr() {
        HiVencChnAttr a = new HiVencChnAttr();
        a.venc_attr.type = HiMpiLibrary.HI_PT_H264;
        a.venc_attr.max_pic_width = 176;
        a.venc_attr.max_pic_height = 144;
        a.venc_attr.pic_width = 176;
        a.venc_attr.pic_height = 144;
        a.venc_attr.buf_size = AscendChannel.streamBufferSize(176, 144);
        a.venc_attr.profile = 2;
        a.venc_attr.is_by_frame = 1;
        a.venc_attr.u.setType("h264_attr");
        a.rc_attr.rc_mode = HiMpiLibrary.HI_VENC_RC_MODE_H264_CBR;
        a.rc_attr.u.setType("h264_cbr");
        a.rc_attr.u.h264_cbr.gop = 30;
        a.rc_attr.u.h264_cbr.stats_time = 1;
        a.rc_attr.u.h264_cbr.src_frame_rate = 30;
        a.rc_attr.u.h264_cbr.dst_frame_rate = 30;
        a.rc_attr.u.h264_cbr.bit_rate = 1000;
        a.gop_attr.u.setType("normal_p");
        return a;
    }

    private static HiVideoFrameInfo frame(Pointer buf) {
        HiVideoFrameInfo f = new HiVideoFrameInfo();
        f.v_frame.width = 176;
        f.v_frame.height = 144;
        f.v_frame.field = HiMpiLibrary.HI_VIDEO_FIELD_FRAME;
        f.v_frame.pixel_format = 1;
        f.v_frame.width_stride[0] = 176;
        f.v_frame.width_stride[1] = 176;
        f.v_frame.virt_addr[0] = buf;
        f.v_frame.virt_addr[1] = buf.share(176 * 144);
        return f;
    }
}
