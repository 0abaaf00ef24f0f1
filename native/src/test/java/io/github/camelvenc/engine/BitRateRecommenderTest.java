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
import java.util.List;
import java.util.Optional;
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

    @Test
    void noCellInventsANumberTheGuideTextDidNotGive() {
        for (Resolution r : Resolution.values()) {
            for (Scenario s : Scenario.values()) {
                for (Codec c : Codec.values()) {
                    Recommendation rec = BitRateRecommender.recommend(r, s, c);
                    assertEquals(Status.NOT_RETRIEVED, rec.status(), r + " " + s + " " + c);
                    assertEquals(0, rec.minKbps());
                    assertEquals(0, rec.maxKbps());
                    assertEquals(List.of(25, 30), rec.frameRates());
                    assertTrue(rec.gopAdvice().contains("multiple of the frame rate"));
                    assertEquals(BitRateRecommender.SOURCE, rec.source());
                    assertEquals(r, rec.resolution());
                    assertEquals(s, rec.scenario());
                    assertEquals(c, rec.codec());
                }
            }
        }
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
