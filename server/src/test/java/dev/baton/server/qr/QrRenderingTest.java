package dev.baton.server.qr;

import static org.assertj.core.api.Assertions.assertThat;

import io.nayuki.qrcodegen.QrCode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class QrRenderingTest {
    private static final String URL =
            "http://127.0.0.1:7420/s/N46accZ3uaHe1_WtSZa_3w#pair=btp_cK16htCbyAUJnbqgViiFgeMUnfBIowAOznQDWjQOFkY";
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
        int side = qr.size + 2 * QrText.BORDER;
        assertThat(root.getTagName()).isEqualTo("svg");
        assertThat(root.getAttribute("viewBox")).isEqualTo("0 0 " + side + " " + side);
        String path = ((Element) root.getElementsByTagName("path").item(0)).getAttribute("d");
        assertThat(path.split(" ")).hasSize(darkModules());
        assertThat(path).startsWith("M").contains("M" + QrText.BORDER + "," + QrText.BORDER + "h1v1h-1z");
    }

    @Test
    void theCodeIsLargeEnoughForTheUrl() {
        assertThat(qr.size).isBetween(21, 177);
        assertThat(qr.size % 4).isEqualTo(1); // 17 + 4·version
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
