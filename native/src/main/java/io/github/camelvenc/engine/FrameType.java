package io.github.camelvenc.engine;

/** The coding type of an encoded frame. */
public enum FrameType {
    /** Instantaneous decoder refresh: a random access point, preceded by parameter sets. */
    IDR,
    /** Intra frame that is not an IDR. */
    I,
    /** Predicted frame. */
    P,
    /** Bi-predicted frame (never produced in NORMAL_P, DUAL_P or SMART_P). */
    B
}
