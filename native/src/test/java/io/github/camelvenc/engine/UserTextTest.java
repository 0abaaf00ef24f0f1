package io.github.camelvenc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Values reported as the text the user gave, printably. */
class UserTextTest {

    private static String error(String text, int min, int max) {
        return assertThrows(InvalidFrameException.class,
                () -> UserText.parseInt("bitRate", text, min, max, InvalidFrameException::new)).getMessage();
    }

    @Test
    void badNumbersAreReportedAsGivenWithTheReason() {
        assertEquals("bitRate 'abc' is not an integer (allowed: [2, 614400])", error("abc", 2, 614400));
        assertEquals("bitRate '99999999999' is too large (allowed: [2, 614400])", error("99999999999", 2, 614400));
        assertEquals("bitRate '-5' is negative (allowed: [2, 614400])", error("-5", 2, 614400));
        assertEquals("bitRate '1' is too small (allowed: [2, 614400])", error("1", 2, 614400));
        assertEquals("bitRate '-11' is too small (allowed: [-10, 30])", error("-11", -10, 30));
        assertEquals("bitRate '99999999999999999999' is too large",
                error("99999999999999999999", Integer.MIN_VALUE, Integer.MAX_VALUE));
        assertEquals("bitRate '' is not an integer", error("", Integer.MIN_VALUE, Integer.MAX_VALUE));
        assertEquals("bitRate '+' is not an integer", error("+", Integer.MIN_VALUE, Integer.MAX_VALUE));
        assertEquals("bitRate '1e3' is not an integer", error("1e3", Integer.MIN_VALUE, Integer.MAX_VALUE));
        assertEquals(2000, UserText.parseInt("bitRate", " +2000 ", 2, 614400, InvalidFrameException::new));
        assertEquals(-10, UserText.parseInt("ipQpDelta", "-10", -10, 30, InvalidFrameException::new));
    }

    @Test
    void quotedTextIsPrintableAndShort() {
        assertEquals("'a\\nb\\x00\\x7f\\xe9\\u20ac\\'\\\\'", UserText.quote("a\nb\u0000\u007f\u00e9\u20ac'\\"));
        assertEquals("'" + "x".repeat(80) + "'... (200 characters)", UserText.quote("x".repeat(200)));
        assertEquals("'\\xff\\x01'", UserText.quote(new byte[] {(byte) 0xff, 1}, 0, 2));
        assertEquals("(none)", UserText.quote(null));
    }
}
