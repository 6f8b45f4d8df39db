package dev.baton.server.qr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.zxing.NotFoundException;
import io.nayuki.qrcodegen.QrCode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class QrRenderingTest {
    private static final String FRAGMENT =
            "#pair=btp_cK16htCbyAUJnbqgViiFgeMUnfBIowAOznQDWjQOFkY&key=uS5Af2_C27_cOhE1vP8jBHsy2YDRa8Wh_rjVeyDKlK2";
    /** A pairing URL as the backend shows it: the session's path, the code and the content key. */
    private static final String URL = "http://127.0.0.1:7420/s/N46accZ3uaHe1_WtSZa_3w" + FRAGMENT;

    private final QrCode qr = QrCodes.encode(URL);

    @Test
    void terminalTextDrawsEveryModuleAndTheQuietZone() {
        String text = QrText.render(qr);
        int side = qr.size + 2 * QrText.BORDER;
        List<String> lines = text.lines().toList();

        assertThat(lines).hasSize((side + 1) / 2);
        assertThat(lines).allSatisfy(line -> assertThat(line.codePointCount(0, line.length()))
                .isEqualTo(side));
        for (int y = -QrText.BORDER; y < qr.size + QrText.BORDER; y++) {
            for (int x = -QrText.BORDER; x < qr.size + QrText.BORDER; x++) {
                assertThat(darkInText(lines, x + QrText.BORDER, y + QrText.BORDER))
                        .as("module %d,%d", x, y)
                        .isEqualTo(qr.getModule(x, y));
            }
        }
    }

    @Test
    void svgIsAWellFormedDocumentWithOneSquarePerDarkModule() throws Exception {
        String svg = QrSvg.render(qr);
        Document document = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));

        Element root = document.getDocumentElement();
        int side = qr.size + 2 * QrSvg.BORDER;
        assertThat(root.getTagName()).isEqualTo("svg");
        assertThat(root.getAttribute("viewBox")).isEqualTo("0 0 " + side + " " + side);
        String path = ((Element) root.getElementsByTagName("path").item(0)).getAttribute("d");
        assertThat(path.split(" ")).hasSize(darkModules());
        assertThat(path).startsWith("M").contains("M" + QrSvg.BORDER + "," + QrSvg.BORDER + "h1v1h-1z");
    }

    @Test
    void theCodeIsLargeEnoughForTheUrl() {
        assertThat(qr.size).isBetween(21, 177);
        assertThat(qr.size % 4).isEqualTo(1); // 17 + 4·version
    }

    @Test
    void terminalTextDecodesBackToTheUrl() throws Exception {
        assertThat(TerminalQr.decode(QrText.render(qr).lines().toList())).isEqualTo(URL);
    }

    @Test
    void terminalTextWithoutItsQuietZoneIsNotReadOnADarkTerminal() {
        List<String> withoutQuietZone = QrText.render(qr)
                .lines()
                .skip(1)
                .map(line -> line.substring(QrText.BORDER, line.length() - QrText.BORDER))
                .toList();

        assertThatThrownBy(() -> TerminalQr.decode(withoutQuietZone)).isInstanceOf(NotFoundException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:7420", "http://192.168.178.100:7420", "https://relay.example.com"})
    void aPairingUrlScansFromAnEightyByTwentyFourTerminal(String relay) throws Exception {
        String scanned = ScanUrl.of(relay + "/s/N46accZ3uaHe1_WtSZa_3w" + FRAGMENT);
        List<String> lines = QrText.render(QrCodes.encode(scanned)).lines().toList();

        assertThat(scanned).isEqualTo(relay + "/" + FRAGMENT);
        // 23 lines leave the 24th for the keys line (or the prompt) below the code.
        assertThat(lines).hasSizeLessThanOrEqualTo(23);
        assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
        assertThat(TerminalQr.decode(lines)).isEqualTo(scanned);
    }

    @Test
    void onlyAPairingUrlLosesItsSessionPath() {
        assertThat(ScanUrl.of("http://h:1/s/abc_-9#pair=btp_x&key=k")).isEqualTo("http://h:1/#pair=btp_x&key=k");
        assertThat(ScanUrl.of("https://h/baton/s/abc#key=k&pair=btp_x")).isEqualTo("https://h/baton/#key=k&pair=btp_x");
        assertThat(ScanUrl.of("http://h:1/s/abc")).isEqualTo("http://h:1/s/abc");
        assertThat(ScanUrl.of("http://h:1/s/abc#other=1")).isEqualTo("http://h:1/s/abc#other=1");
        assertThat(ScanUrl.of("http://h:1/#pair=btp_x")).isEqualTo("http://h:1/#pair=btp_x");
        assertThat(ScanUrl.of("http://h:1/device?user_code=WDJB-MJHT"))
                .isEqualTo("http://h:1/device?user_code=WDJB-MJHT");
    }

    /** Upper half of a text cell is row 2k, lower half row 2k+1; a drawn half is light. */
    private static boolean darkInText(List<String> lines, int column, int row) {
        char glyph = lines.get(row / 2).charAt(column);
        boolean upper = row % 2 == 0;
        return switch (glyph) {
            case '█' -> false;
            case ' ' -> true;
            case '▀' -> !upper;
            case '▄' -> upper;
            default -> throw new AssertionError("unexpected glyph " + glyph);
        };
    }

    private int darkModules() {
        int count = 0;
        for (int y = 0; y < qr.size; y++) {
            for (int x = 0; x < qr.size; x++) {
                count += qr.getModule(x, y) ? 1 : 0;
            }
        }
        return count;
    }
}
