package io.github.camelvenc.engine;

import java.util.Locale;

/** Which encoder implementation a channel runs on. */
public enum BackendKind {
    /** Ascend when its libraries load and a device answers, software otherwise. */
    AUTO,
    /** libx264 / libx265. */
    SOFTWARE,
    /** Huawei Ascend DVPP VENC through HiMPI and ACL. */
    ASCEND;

    public static BackendKind parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new InvalidConfigException("backend", text, "auto, software or ascend");
        }
    }
}
