package io.github.camelvenc.engine.ascend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.sun.jna.Library;
import com.sun.jna.Native;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The simulator built by the Maven build into {@code target/himpi-sim}: points the backend's library
 * discovery at it and binds its {@code sim_*} control API (exported by its libascendcl.so).
 */
final class Sim {

    /** The sim_* functions of the simulator. */
    interface Control extends Library {
        void sim_set_run_mode(int mode);

        void sim_set_soc(String soc);

        void sim_set_device_count(int n);

        void sim_set_encode_delay_us(int us);

        void sim_set_flags(int flags);

        void sim_set_width_align(int align);

        void sim_set_video(int on);

        void sim_occupy_chn(int chn, int busy);

        void sim_zero_length_frames(int chn, int n);

        int sim_inject(String function, int code, int skip, int times);

        int sim_faults_pending();

        void sim_clear_faults();

        long sim_counter(String name);

        void sim_reset_events();

        void sim_trace_enable(int on);

        int sim_trace_read(byte[] buf, int cap);
    }

    static final File DIR = new File(System.getProperty("basedir", "."), "target/himpi-sim").getAbsoluteFile();
    /** The simulator named by the library properties (a forked JVM may pick the older-CANN build), else the default. */
    static final File ACL = new File(System.getProperty(AscendLibraries.ACL_PROPERTY,
            new File(DIR, AscendLibraries.ACL_NAME).getPath()));
    static final File HIMPI = new File(System.getProperty(AscendLibraries.HIMPI_PROPERTY,
            new File(DIR, AscendLibraries.HIMPI_NAME).getPath()));
    static final int FLAG_REFUSE_UNLIMITED_RECV = 1;
    static final int FLAG_NO_PACK_TYPES = 2;
    static final int FLAG_SHIFT_PTS = 4;
    static final String[] RESOURCE_COUNTERS = {"dvpp_blocks", "dvpp_bytes", "acl_blocks", "host_blocks",
        "stream_blocks", "channels", "epolls", "contexts", "devices_open", "encoder_threads", "sys_initialized"};

    static final Control SIM;

    static {
        System.setProperty(AscendLibraries.ACL_PROPERTY, ACL.getPath());
        System.setProperty(AscendLibraries.HIMPI_PROPERTY, HIMPI.getPath());
        SIM = Native.load(ACL.getPath(), Control.class);
    }

    private Sim() {
    }

    /** Fresh events, no faults, the given run mode (takes effect at the next aclInit). */
    static Control reset(int runMode) {
        SIM.sim_reset_events();
        SIM.sim_set_run_mode(runMode);
        SIM.sim_set_soc("310P");
        SIM.sim_set_device_count(2);
        SIM.sim_set_width_align(16);
        SIM.sim_set_video(0);
        return SIM;
    }

    static long counter(String name) {
        return SIM.sim_counter(name);
    }

    /** Every live-resource counter of the simulator. */
    static Map<String, Long> resources() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String c : RESOURCE_COUNTERS) {
            m.put(c, SIM.sim_counter(c));
        }
        return m;
    }

    /**
     * Nothing native left: no memory, channel, epoll, context, device, thread or media system. ACL stays
     * initialised (once per process, finalized at JVM shutdown) and was never initialised twice.
     */
    static void assertNothingLeft() {
        for (Map.Entry<String, Long> e : resources().entrySet()) {
            assertEquals(0L, e.getValue(), "simulator counter " + e.getKey() + " after close: " + resources());
        }
        assertEquals(0L, counter("leaks_reported"), "the simulator reported leaks");
        assertEquals(0L, counter("acl_reinit_refused"), "aclInit ran again after aclFinalize");
        assertEquals(0L, counter("host_access_violations"), "Java touched device memory directly in ACL_HOST");
        assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("venc-ascend-rx")),
                "a receive thread is still running");
    }

    static String trace() {
        int n = SIM.sim_trace_read(null, 0);
        byte[] buf = new byte[n + 1];
        SIM.sim_trace_read(buf, buf.length);
        return new String(buf, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
