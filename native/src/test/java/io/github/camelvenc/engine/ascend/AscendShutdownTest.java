package io.github.camelvenc.engine.ascend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A JVM that exits with two channels open: the shutdown hook must tear everything down in the
 * documented order (per channel stop, epoll delete, destroy, close epoll, free buffers; then
 * sys_exit, context, device, aclFinalize), with no leak reported by the simulator.
 */
class AscendShutdownTest {

    @ParameterizedTest(name = "run mode {0}")
    @ValueSource(ints = {0, 1})
    void shutdownHookTearsDownInOrder(int runMode, @TempDir Path dir) throws Exception {
        Path trace = dir.resolve("trace.txt");
        Path log = dir.resolve("out.txt");
        List<String> cmd = new ArrayList<>();
        cmd.add(new File(System.getProperty("java.home"), "bin/java").getPath());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("-Dbasedir=" + System.getProperty("basedir", new File(".").getAbsolutePath()));
        cmd.add(ShutdownMain.class.getName());
        cmd.add(String.valueOf(runMode));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("VENC_SIM_TRACE", trace.toString());
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "forked JVM did not exit");
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("OPEN ascend/"), out);
        assertFalse(out.contains("leak"), out);
        assertFalse(out.contains("violation"), out);
        List<String> calls = Files.readAllLines(trace);
        for (String c : calls) {
            assertTrue(c.endsWith(" 0") || c.startsWith("hi_mpi_venc_get_fd ") || c.startsWith("hi_mpi_venc_get_stream ")
                    || c.startsWith("hi_mpi_venc_start_chn "), "failed call " + c + " in\n" + String.join("\n", calls));
        }
        int exitAt = index(calls, "hi_mpi_sys_exit", 0);
        List<String> teardown = calls.subList(firstStop(calls), calls.size()).stream()
                .map(c -> c.substring(0, c.indexOf(' ')))
                .filter(c -> !c.equals("aclrtSetCurrentContext") && !c.startsWith("hi_mpi_venc_query")
                        && !c.startsWith("hi_mpi_sys_wait") && !c.startsWith("hi_mpi_venc_get_stream")
                        && !c.startsWith("hi_mpi_venc_release") && !c.equals("aclrtMemcpy"))
                .toList();
        List<String> perChannel = new ArrayList<>(List.of("hi_mpi_venc_stop_chn", "hi_mpi_sys_ctl_epoll",
                "hi_mpi_venc_destroy_chn", "hi_mpi_sys_close_epoll"));
        if (runMode == 1) {
            perChannel.add("aclrtFreeHost");
            perChannel.add("aclrtFreeHost");
        }
        for (int i = 0; i < 6; i++) {
            perChannel.add("hi_mpi_dvpp_free");
        }
        List<String> expected = new ArrayList<>(perChannel);
        expected.addAll(perChannel);
        expected.addAll(List.of("hi_mpi_sys_exit", "aclrtDestroyContext", "aclrtResetDevice", "aclFinalize"));
        assertEquals(expected, teardown, "teardown order");
        assertTrue(exitAt > 0);
    }

    private static int firstStop(List<String> calls) {
        return index(calls, "hi_mpi_venc_stop_chn", 0);
    }

    private static int index(List<String> calls, String fn, int from) {
        for (int i = from; i < calls.size(); i++) {
            if (calls.get(i).startsWith(fn + " ")) {
                return i;
            }
        }
        return -1;
    }
}
