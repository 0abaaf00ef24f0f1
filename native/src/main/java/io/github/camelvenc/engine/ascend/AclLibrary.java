package io.github.camelvenc.engine.ascend;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/** {@code libascendcl.so}: the ACL runtime functions the VENC flow needs ({@code functions.tsv}). */
public interface AclLibrary extends Library {

    int ACL_SUCCESS = 0;
    /** {@code ACL_ERROR_REPEAT_INITIALIZE}: aclInit was already called in this process. */
    int ACL_ERROR_REPEAT_INITIALIZE = 100002;
    /** {@code aclrtRunMode}: the application runs on the device CPU; device memory is directly readable. */
    int ACL_DEVICE = 0;
    /** {@code aclrtRunMode}: the application runs on a host; device memory only through aclrtMemcpy. */
    int ACL_HOST = 1;
    int ACL_MEMCPY_HOST_TO_DEVICE = 1;
    int ACL_MEMCPY_DEVICE_TO_HOST = 2;
    int ACL_MEM_MALLOC_HUGE_FIRST = 0;

    int aclInit(String configPath);

    int aclFinalize();

    int aclrtSetDevice(int deviceId);

    int aclrtResetDevice(int deviceId);

    int aclrtCreateContext(PointerByReference context, int deviceId);

    int aclrtDestroyContext(Pointer context);

    int aclrtSetCurrentContext(Pointer context);

    int aclrtGetRunMode(IntByReference runMode);

    /** Number of devices visible to this process. */
    int aclrtGetDeviceCount(IntByReference count);

    int aclrtMalloc(PointerByReference devPtr, long size, int policy);

    int aclrtFree(Pointer devPtr);

    int aclrtMallocHost(PointerByReference hostPtr, long size);

    int aclrtFreeHost(Pointer hostPtr);

    int aclrtMemcpy(Pointer dst, long destMax, Pointer src, long count, int kind);

    /** ACL runtime API version (1.13.0 in CANN 8.1.RC1); optional, see {@link AscendLibraries#aclHas(String)}. */
    int aclrtGetVersion(IntByReference major, IntByReference minor, IntByReference patch);

    /** SoC name such as {@code Ascend310P3}; not in every CANN version (may be missing). */
    String aclrtGetSocName();
}
