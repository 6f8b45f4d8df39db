package dev.baton.server.qr;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a QR code drawn by {@link QrText} back out of terminal text, the way a phone's camera would: a
 * picture of the glyphs, light on the dark terminal background that surrounds them, decoded by ZXing.
 */
public final class TerminalQr {
    private static final Pattern QR_ROW = Pattern.compile("█[█▀▄ ]{19,}█");
    private static final int PIXELS_PER_MODULE = 4;
    /** Dark terminal background drawn around the text, in modules: more than any screen leaves. */
    private static final int BACKGROUND = 6;

    private static final int LIGHT = 0xFFE5E5E5;
    private static final int DARK = 0xFF1E1E1E;

    private TerminalQr() {}

    /**
     * The rows of the one QR code on a screen: the longest run of consecutive lines drawn only with half
     * blocks, trailing blanks cut. Empty when there is none.
     */
    public static List<String> rows(String screen) {
        List<String> best = List.of();
        List<String> run = new ArrayList<>();
        for (String line : (screen + "\n").split("\n", -1)) {
            String row = line.stripTrailing();
            if (QR_ROW.matcher(row).matches()) {
                run.add(row);
                continue;
            }
            if (run.size() > best.size()) {
                best = List.copyOf(run);
            }
            run.clear();
        }
        return best;
    }

    /** The text the QR code in these rows holds. */
    public static String decode(List<String> rows) throws ReaderException {
        if (rows.isEmpty()) {
            throw NotFoundException.getNotFoundInstance();
        }
        int columns = rows.stream().mapToInt(String::length).max().orElseThrow();
        int width = (columns + 2 * BACKGROUND) * PIXELS_PER_MODULE;
        int height = (2 * rows.size() + 2 * BACKGROUND) * PIXELS_PER_MODULE;
        int[] pixels = new int[width * height];
        Arrays.fill(pixels, DARK);
        for (int line = 0; line < rows.size(); line++) {
            String row = rows.get(line);
            for (int column = 0; column < row.length(); column++) {
                char glyph = row.charAt(column);
                if (glyph == '█' || glyph == '▀') {
                    paint(pixels, width, column, 2 * line);
                }
                if (glyph == '█' || glyph == '▄') {
                    paint(pixels, width, column, 2 * line + 1);
                }
            }
        }
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(width, height, pixels)));
        return new QRCodeReader()
                .decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE))
                .getText();
    }

    private static void paint(int[] pixels, int width, int column, int moduleRow) {
        int left = (column + BACKGROUND) * PIXELS_PER_MODULE;
        int top = (moduleRow + BACKGROUND) * PIXELS_PER_MODULE;
        for (int y = top; y < top + PIXELS_PER_MODULE; y++) {
            Arrays.fill(pixels, y * width + left, y * width + left + PIXELS_PER_MODULE, LIGHT);
        }
    }
}
