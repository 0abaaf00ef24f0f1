package io.github.camelvenc.engine.ascend;

import java.util.HashMap;
import java.util.Map;

/**
 * Names and meanings of the HiMPI ({@code HI_ERR_*}, 0xA00xxxxx) and ACL ({@code ACL_ERROR_*}) return
 * codes, from {@code constants.tsv}, for exception messages.
 */
public final class HiMpiErrors {

    /** {@code HI_ERR_VENC_EXIST}: the channel id is in use (by this or another process, or by JPEGE). */
    public static final int HI_ERR_VENC_EXIST = 0xA0088004;
    /** {@code HI_ERR_VENC_ILLEGAL_PARAM}. */
    public static final int HI_ERR_VENC_ILLEGAL_PARAM = 0xA0088003;
    /** {@code HI_ERR_VENC_NOT_PERM}. */
    public static final int HI_ERR_VENC_NOT_PERM = 0xA0088009;
    /** {@code HI_ERR_VENC_NO_BUF}. */
    public static final int HI_ERR_VENC_NO_BUF = 0xA008800D;
    /** {@code HI_ERR_VENC_BUSY}. */
    public static final int HI_ERR_VENC_BUSY = 0xA0088012;
    /** {@code HI_ERR_VENC_BUF_EMPTY}. */
    public static final int HI_ERR_VENC_BUF_EMPTY = 0xA008800E;
    /** {@code HI_ERR_VENC_BUF_FULL}. */
    public static final int HI_ERR_VENC_BUF_FULL = 0xA008800F;
    /** {@code VENC_ERR_TIMEOUT} (documented, no macro). */
    public static final int VENC_ERR_TIMEOUT = 0xA0088014;

    private static final Map<Integer, String[]> CODES = new HashMap<>();

    static {
        e(0xA0088002, "HI_ERR_VENC_INVALID_CHN_ID", "channel id out of range");
        e(0xA0088003, "HI_ERR_VENC_ILLEGAL_PARAM", "parameter out of legal range / illegal enum value (also milli_sec < -1)");
        e(0xA0088004, "HI_ERR_VENC_EXIST", "channel/resource already exists (create on a used chn id)");
        e(0xA0088005, "HI_ERR_VENC_UNEXIST", "channel/resource does not exist");
        e(0xA0088006, "HI_ERR_VENC_NULL_PTR", "null pointer argument");
        e(0xA0088007, "HI_ERR_VENC_NOT_CFG", "not configured before use");
        e(0xA0088008, "HI_ERR_VENC_NOT_SUPPORT", "parameter or feature not supported");
        e(0xA0088009, "HI_ERR_VENC_NOT_PERM", "operation not permitted (e.g. changing a static attribute)");
        e(0xA008800C, "HI_ERR_VENC_NO_MEM", "memory allocation failed (system memory short)");
        e(0xA008800D, "HI_ERR_VENC_NO_BUF", "buffer allocation failed / buffer full because frames are sent too fast");
        e(0xA008800E, "HI_ERR_VENC_BUF_EMPTY", "no data in buffer (get_stream with milli_sec=0 and nothing encoded yet)");
        e(0xA008800F, "HI_ERR_VENC_BUF_FULL", "buffer full (send_frame cannot queue; retry later or release streams)");
        e(0xA0088010, "HI_ERR_VENC_SYS_NOT_READY", "system not initialised (hi_mpi_sys_init not called) or module not loaded");
        e(0xA0088011, "HI_ERR_VENC_BAD_ADDR", "bad memory address: input/output buffers must come from hi_mpi_dvpp_malloc/acldvppMalloc (or aclrtMalloc on 310P per newer docs)");
        e(0xA0088012, "HI_ERR_VENC_BUSY", "system busy");
        e(0xA0088015, "HI_ERR_VENC_SYS_ERROR", "internal system error");
        e(0xA0028003, "HI_ERR_SYS_ILLEGAL_PARAM", "sys: illegal parameter");
        e(0xA0028004, "HI_ERR_SYS_EXIST", "sys: exists");
        e(0xA0028005, "HI_ERR_SYS_UNEXIST", "sys: does not exist");
        e(0xA0028006, "HI_ERR_SYS_NULL_PTR", "sys: null pointer");
        e(0xA0028008, "HI_ERR_SYS_NOT_SUPPORT", "sys: not supported");
        e(0xA0028009, "HI_ERR_SYS_NOT_PERM", "sys: not permitted");
        e(0xA002800C, "HI_ERR_SYS_NO_MEM", "sys: no memory");
        e(0xA0028010, "HI_ERR_SYS_NOT_READY", "sys: not ready");
        e(0xA0028012, "HI_ERR_SYS_BUSY", "sys: busy");
        e(0xA0028015, "HI_ERR_SYS_ERR", "sys: internal error");
        e(0xA0088001, "VENC_ERR_INVALID_DEV_ID", "invalid device id (documented code, no macro in header; value = HI_DEFINE_ERR formula)");
        e(0xA0088013, "VENC_ERR_SIZE_NOT_ENOUGH", "buffer smaller than required (documented code, no macro in header)");
        e(0xA0088014, "VENC_ERR_TIMEOUT", "hardware or software timeout, e.g. get_stream/send_frame with milli_sec>0 expiring (documented code, no macro in header)");
        e(0x186A0, "ACL_ERROR_INVALID_PARAM", "invalid parameter");
        e(0x186A1, "ACL_ERROR_UNINITIALIZE", "aclInit not called");
        e(0x186A2, "ACL_ERROR_REPEAT_INITIALIZE", "aclInit called twice in one process");
        e(0x30D40, "ACL_ERROR_BAD_ALLOC", "allocation failed");
        e(0x30D42, "ACL_ERROR_INVALID_DEVICE", "invalid device");
        e(0x30D46, "ACL_ERROR_FEATURE_UNSUPPORTED", "feature unsupported");
        e(0x7A120, "ACL_ERROR_INTERNAL_ERROR", "internal error");
        e(0x7A121, "ACL_ERROR_FAILURE", "failure");
        e(0x1A1F8, "ACL_ERROR_RT_PARAM_INVALID", "runtime: param invalid");
        e(0x1A1F9, "ACL_ERROR_RT_INVALID_DEVICEID", "runtime: invalid device id");
        e(0x1A1FA, "ACL_ERROR_RT_CONTEXT_NULL", "runtime: no current context in this thread (call aclrtSetCurrentContext)");
        e(0x32898, "ACL_ERROR_RT_FEATURE_NOT_SUPPORT", "runtime: feature not supported");
        e(0x32899, "ACL_ERROR_RT_MEMORY_ALLOCATION", "runtime: memory allocation error");
        e(0x3289C, "ACL_ERROR_RT_NO_DEVICE", "runtime: no device");
        e(0x7BC78, "ACL_ERROR_RT_INTERNAL_ERROR", "runtime: internal error");
    }

    private HiMpiErrors() {
    }

    private static void e(int code, String name, String meaning) {
        CODES.put(code, new String[] {name, meaning});
    }

    /** The symbolic name, e.g. {@code HI_ERR_VENC_BUF_FULL}, or {@code UNKNOWN}. */
    public static String name(int code) {
        String[] e = CODES.get(code);
        return e == null ? "UNKNOWN" : e[0];
    }

    /** The meaning of a code, or a hint where an unknown code comes from. */
    public static String meaning(int code) {
        String[] e = CODES.get(code);
        if (e != null) {
            return e[1];
        }
        if ((code & 0xFF000000) == 0xA0000000) {
            return "HiMPI error of module 0x" + Integer.toHexString((code >>> 16) & 0xFF) + ", code 0x"
                    + Integer.toHexString(code & 0xFFF) + " (not in the CANN 8.1.RC1 tables)";
        }
        return "code not in the CANN 8.1.RC1 tables";
    }

    /** {@code 0xA008800F HI_ERR_VENC_BUF_FULL (meaning)}. */
    public static String describe(int code) {
        return String.format("0x%08X %s (%s)", code, name(code), meaning(code));
    }
}
