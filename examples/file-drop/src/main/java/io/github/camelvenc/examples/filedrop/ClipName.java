package io.github.camelvenc.examples.filedrop;

import io.github.camelvenc.engine.PixelFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an inbox file name says about its clip: {@code NAME.y4m} (size and frame rate from the Y4M
 * header), or a raw clip {@code NAME_<W>x<H>[_<FPS>fps].nv12|.nv21|.yuv} ({@code .yuv} is NV12).
 *
 * @param name        the output name without extension
 * @param y4m         true for a YUV4MPEG2 clip
 * @param width       raw clip width, 0 for Y4M
 * @param height      raw clip height, 0 for Y4M
 * @param pixelFormat raw clip layout, null for Y4M
 * @param frameRate   raw clip frame rate from the name, 0 when not given
 */
public record ClipName(String name, boolean y4m, int width, int height, PixelFormat pixelFormat, int frameRate) {

    /** The accepted names, as told to whoever drops a file with another name. */
    public static final String RULE = "NAME.y4m or NAME_<W>x<H>[_<FPS>fps].nv12|.nv21|.yuv";

    private static final Pattern RAW = Pattern.compile(
            "(?<name>.+)_(?<w>\\d{1,5})x(?<h>\\d{1,5})(?:_(?<fps>\\d{1,4})fps)?\\.(?<ext>nv12|nv21|yuv)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern Y4M = Pattern.compile("(?<name>.+)\\.y4m", Pattern.CASE_INSENSITIVE);

    /**
     * Parses a file name (without folder).
     *
     * @throws BadClipNameException when the name follows neither convention
     */
    public static ClipName parse(String fileName) {
        Matcher y4m = Y4M.matcher(fileName);
        if (y4m.matches()) {
            return new ClipName(y4m.group("name"), true, 0, 0, null, 0);
        }
        Matcher raw = RAW.matcher(fileName);
        if (!raw.matches()) {
            throw new BadClipNameException("Bad file name '" + fileName + "': expected " + RULE);
        }
        String ext = raw.group("ext").toLowerCase(Locale.ROOT);
        PixelFormat format = ext.equals("nv21") ? PixelFormat.NV21 : PixelFormat.NV12;
        String fps = raw.group("fps");
        return new ClipName(raw.group("name"), false, Integer.parseInt(raw.group("w")), Integer.parseInt(raw.group("h")),
                format, fps == null ? 0 : Integer.parseInt(fps));
    }

    /** The name of the encoded file with the given extension ({@code mp4}, {@code ts}, {@code h264}, ...). */
    public String outputName(String extension) {
        return name + "." + extension;
    }
}
