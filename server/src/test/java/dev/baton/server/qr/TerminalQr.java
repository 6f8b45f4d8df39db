package dev.baton.server.qr;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a QR code drawn by {@link QrText} back out of terminal text: the glyphs become a picture, light where
 * a half block is drawn, and ZXing decodes it.
 *
 * <p>The picture is read as a clean image ({@link DecodeHintType#PURE_BARCODE}) rather than by searching it for
 * finder patterns: ZXing's search misses about 1.5% of valid version 6 codes even drawn perfectly on a white page
 * (31 of 2,000 random pairing URLs), which made tests that draw a fresh pairing code fail at random. The pure
 * reading takes the code's extent from its dark modules, so the quiet zone is checked here instead: the glyphs
 * must draw it light, because the terminal around them is dark.
 */
public final class TerminalQr {
    private static final Pattern QR_ROW = Pattern.compile("█[█▀▄ ]{19,}█");
    private static final int PIXELS_PER_MODULE = 4;

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

    /** The text the QR code in these rows holds; not found when the glyphs leave out the quiet zone. */
    public static String decode(List<String> rows) throws ReaderException {
        boolean[][] light = modules(rows);
        if (!hasQuietZone(light)) {
            throw NotFoundException.getNotFoundInstance();
        }
        int width = light[0].length * PIXELS_PER_MODULE;
        int height = light.length * PIXELS_PER_MODULE;
        int[] pixels = new int[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                pixels[y * width + x] = light[y / PIXELS_PER_MODULE][x / PIXELS_PER_MODULE] ? LIGHT : DARK;
            }
        }
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(width, height, pixels)));
        return new QRCodeReader()
                .decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE))
                .getText();
    }

    /** Which modules the glyphs draw light, two module rows per text line; a short line is dark beyond its end. */
    private static boolean[][] modules(List<String> rows) throws NotFoundException {
        if (rows.isEmpty()) {
            throw NotFoundException.getNotFoundInstance();
        }
        int columns = rows.stream().mapToInt(String::length).max().orElseThrow();
        boolean[][] light = new boolean[2 * rows.size()][columns];
        for (int line = 0; line < rows.size(); line++) {
            String row = rows.get(line);
            for (int column = 0; column < row.length(); column++) {
                char glyph = row.charAt(column);
                light[2 * line][column] = glyph == '█' || glyph == '▀';
                light[2 * line + 1][column] = glyph == '█' || glyph == '▄';
            }
        }
        return light;
    }

    /** Whether a light band at least {@link QrText#BORDER} modules wide surrounds the code on every side. */
    private static boolean hasQuietZone(boolean[][] light) {
        int height = light.length;
        int width = light[0].length;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                boolean inBand = y < QrText.BORDER
                        || y >= height - QrText.BORDER
                        || x < QrText.BORDER
                        || x >= width - QrText.BORDER;
                if (inBand && !light[y][x]) {
                    return false;
                }
            }
        }
        return true;
    }
}
