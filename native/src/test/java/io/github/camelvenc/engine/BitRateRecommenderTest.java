package io.github.camelvenc.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.camelvenc.engine.BitRateRecommender.Recommendation;
import io.github.camelvenc.engine.BitRateRecommender.Resolution;
import io.github.camelvenc.engine.BitRateRecommender.Scenario;
import io.github.camelvenc.engine.BitRateRecommender.Status;
import io.github.camelvenc.engine.BitRateRecommender.TypicalRates;
import io.github.camelvenc.engine.testing.PacketCollector;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class BitRateRecommenderTest {

    @Test
    void everySizeTheGuideListsMapsToItsClassInBothOrientations() {
        int[][] sizes = {{3840, 2160}, {4096, 2160}, {2560, 1440}, {1920, 1080}, {1280, 720}, {854, 480},
            {720, 480}, {720, 576}, {480, 270}, {352, 288}, {320, 240}};
        Resolution[] expected = {Resolution.UHD_4K, Resolution.UHD_4K, Resolution.QHD_2K, Resolution.FHD_1080P,
            Resolution.HD_720P, Resolution.SD_480P, Resolution.SD_480P, Resolution.SD_576P, Resolution.LD_270P,
            Resolution.CIF, Resolution.CIF};
        for (int i = 0; i < sizes.length; i++) {
            assertEquals(Optional.of(expected[i]), Resolution.of(sizes[i][0], sizes[i][1]));
            assertEquals(Optional.of(expected[i]), Resolution.of(sizes[i][1], sizes[i][0]));
        }
        assertEquals(Optional.empty(), Resolution.of(1920, 1088));
        assertEquals(Optional.empty(), Resolution.of(640, 360));
    }

    @Test
    void parsesLabelsNamesAndListedSizes() {
        assertEquals(Resolution.FHD_1080P, Resolution.parse("1080P"));
        assertEquals(Resolution.UHD_4K, Resolution.parse("4k"));
        assertEquals(Resolution.CIF, Resolution.parse("cif"));
        assertEquals(Resolution.SD_576P, Resolution.parse("sd_576p"));
        assertEquals(Resolution.LD_270P, Resolution.parse("480x270"));
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> Resolution.parse("640x360"));
        assertEquals("resolution", e.option());
        assertEquals(Scenario.GAME, Scenario.parse("game"));
        assertEquals(Scenario.SHOW_LIVESTREAMING_SHORT_VIDEO, Scenario.parse("livestreaming"));
        assertEquals(Scenario.VIDEO_DATA_OBTAINING, Scenario.parse("video-data-obtaining"));
        assertThrows(InvalidConfigException.class, () -> Scenario.parse("sports"));
    }

    /** Table 1 of the VENC guide, kbit/s: {H.264 min, max, H.265 min, max} per scenario; -1 = N/A. */
    private static final Object[][] TABLE_1 = {
        {Resolution.UHD_4K, new int[] {8000, 12000, 8000, 12000}, new int[] {-1, -1, 6000, 12000},
            new int[] {10000, 16000, 10000, 16000}},
        {Resolution.QHD_2K, new int[] {6000, 10000, 6000, 10000}, new int[] {-1, -1, 4800, 8000},
            new int[] {6000, 10000, 6000, 10000}},
        {Resolution.FHD_1080P, new int[] {2000, 6000, 1000, 4000}, new int[] {2000, 4800, 1400, 3600},
            new int[] {3000, 6000, 3000, 6000}},
        {Resolution.HD_720P, new int[] {1000, 3000, 800, 2000}, new int[] {1000, 3000, 1000, 2000},
            new int[] {2000, 4000, 2000, 4000}},
        {Resolution.SD_480P, new int[] {600, 1400, 300, 700}, new int[] {300, 700, 250, 600},
            new int[] {-1, -1, -1, -1}},
        {Resolution.SD_576P, new int[] {600, 1400, 300, 700}, new int[] {300, 700, 250, 600},
            new int[] {-1, -1, -1, -1}},
        {Resolution.LD_270P, new int[] {-1, -1, -1, -1}, new int[] {300, 300, 200, 200}, new int[] {-1, -1, -1, -1}},
        {Resolution.CIF, new int[] {250, 250, 250, 250}, new int[] {-1, -1, -1, -1}, new int[] {-1, -1, -1, -1}},
    };

    @Test
    void everyCellIsTheGuidesTable1RangeOrNa() {
        for (Object[] row : TABLE_1) {
            Resolution r = (Resolution) row[0];
            for (Scenario s : Scenario.values()) {
                int[] cells = (int[]) row[1 + s.ordinal()];
                for (Codec c : Codec.values()) {
                    Recommendation rec = BitRateRecommender.recommend(r, s, c);
                    int min = cells[c == Codec.H264 ? 0 : 2];
                    int max = cells[c == Codec.H264 ? 1 : 3];
                    String cell = r + " " + s + " " + c;
                    assertEquals(min < 0 ? Status.NOT_APPLICABLE : Status.RANGE, rec.status(), cell);
                    assertEquals(Math.max(0, min), rec.minKbps(), cell);
                    assertEquals(Math.max(0, max), rec.maxKbps(), cell);
                    assertEquals(List.of(25, 30), rec.frameRates());
                    assertTrue(rec.gopAdvice().contains("multiple of the frame rate"));
                    assertEquals(r, rec.resolution());
                    assertEquals(s, rec.scenario());
                    assertEquals(c, rec.codec());
                }
            }
        }
        assertEquals(Resolution.values().length, TABLE_1.length);
    }

    @Test
    void aSizeWithoutScenarioSpansEveryScenarioTheGuideGivesANumberFor() {
        Recommendation any = BitRateRecommender.recommend(1280, 720, Codec.H265, null).orElseThrow();
        assertEquals(Status.RANGE, any.status());
        assertEquals(800, any.minKbps());
        assertEquals(4000, any.maxKbps());
        assertEquals(Optional.empty(), BitRateRecommender.recommend(640, 360, Codec.H265, null));
        assertEquals(Status.NOT_APPLICABLE,
                BitRateRecommender.recommend(480, 270, Codec.H264, Scenario.GAME).orElseThrow().status());
    }

    @Test
    void warnsOnlyOutsideTheRangeForTheRateTheModeUses() {
        ChannelConfig.Builder b = ChannelConfig.builder().width(1920).height(1080).codec(Codec.H265)
                .scenario(Scenario.GAME);
        assertEquals(Optional.empty(), BitRateRecommender.warning(b.bitRate(3000).build()));
        assertEquals(Optional.empty(), BitRateRecommender.warning(b.bitRate(6000).build()));
        String low = BitRateRecommender.warning(b.bitRate(2000).build()).orElseThrow();
        assertTrue(low.contains("h265 1920x1080 at 2000 kbit/s is outside the VENC guide's range for 1080p game:"
                + " 3000-6000 kbit/s"), low);
        assertTrue(BitRateRecommender.warning(b.rcMode(RcMode.VBR).maxBitRate(9000).build()).isPresent());
        assertEquals(Optional.empty(), BitRateRecommender.warning(b.rcMode(RcMode.FIXQP).build()));
        assertEquals(Optional.empty(), BitRateRecommender.warning(ChannelConfig.builder().width(640).height(360)
                .bitRate(50).build()), "a size the guide does not list");
        assertEquals(Optional.empty(), BitRateRecommender.warning(ChannelConfig.builder().width(480).height(270)
                .scenario(Scenario.GAME).bitRate(50).build()), "N/A: nothing to compare with");
    }

    @Test
    void openingAChannelOutsideTheRangeLogsOneWarningWithTheRange() {
        Logger logger = Logger.getLogger(Encoders.class.getName());
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            ChannelConfig.Builder b = ChannelConfig.builder().backend(BackendKind.SOFTWARE).width(1280).height(720)
                    .codec(Codec.H264).scenario(Scenario.GAME);
            try (Channel inside = Encoders.open(b.bitRate(2500).build(), new PacketCollector())) {
                assertTrue(inside.config().bitRate() == 2500);
            }
            try (Channel outside = Encoders.open(b.bitRate(800).build(), new PacketCollector())) {
                assertTrue(outside.config().bitRate() == 800);
            }
        } finally {
            logger.removeHandler(handler);
        }
        List<String> warnings = records.stream().filter(r -> r.getLevel() == Level.WARNING)
                .map(LogRecord::getMessage).toList();
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("h264 1280x720 at 800 kbit/s is outside the VENC guide's range for 720p "
                + "game: 2000-4000 kbit/s"), warnings.get(0));
    }

    @Test
    void typicalAverageBitRatesAreTheDocumentedLevelsScaledByFrameRate() {
        TypicalRates fhd = BitRateRecommender.typicalAverageBitRate(Resolution.FHD_1080P, 30).orElseThrow();
        assertArrayEquals(new int[] {0, 2000}, fhd.low());
        assertArrayEquals(new int[] {2000, 8000}, fhd.medium());
        assertArrayEquals(new int[] {8000, Integer.MAX_VALUE}, fhd.high());
        TypicalRates uhd = BitRateRecommender.typicalAverageBitRate(Resolution.UHD_4K, 30).orElseThrow();
        assertArrayEquals(new int[] {8000, 30000}, uhd.medium());
        TypicalRates fhd25 = BitRateRecommender.typicalAverageBitRate(Resolution.FHD_1080P, 25).orElseThrow();
        assertArrayEquals(new int[] {1667, 6667}, fhd25.medium());
        TypicalRates uhd60 = BitRateRecommender.typicalAverageBitRate(Resolution.UHD_4K, 60).orElseThrow();
        assertArrayEquals(new int[] {16000, 60000}, uhd60.medium());
        for (Resolution r : List.of(Resolution.QHD_2K, Resolution.HD_720P, Resolution.SD_480P, Resolution.SD_576P,
                Resolution.LD_270P, Resolution.CIF)) {
            assertEquals(Optional.empty(), BitRateRecommender.typicalAverageBitRate(r, 30), r.toString());
        }
        assertThrows(InvalidConfigException.class,
                () -> BitRateRecommender.typicalAverageBitRate(Resolution.FHD_1080P, 0));
    }
}
