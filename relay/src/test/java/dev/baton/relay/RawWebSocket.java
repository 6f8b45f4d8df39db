package dev.baton.relay;

import dev.baton.protocol.Json;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A WebSocket client on a bare socket, for what a well-behaved client library will not do: never read
 * what the relay sends, or send handshake headers (Origin, Host) of the test's choosing.
 */
final class RawWebSocket implements AutoCloseable {
    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int CLOSE = 0x8;

    private final Socket socket;
    private final OutputStream out;
    private final String responseHead;
    private final String refusal;

    private RawWebSocket(Socket socket, String responseHead, String refusal) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.responseHead = responseHead;
        this.refusal = refusal;
    }

    /**
     * Sends the upgrade request and reads the response head (not the body).
     *
     * @param receiveBuffer the socket's receive buffer; small makes the relay's writes back up sooner
     */
    static RawWebSocket connect(int port, String pathAndQuery, Map<String, String> headers, int receiveBuffer)
            throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(receiveBuffer);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(5000);
        StringBuilder request = new StringBuilder("GET " + pathAndQuery + " HTTP/1.1\r\n")
                .append("Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n")
                .append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
        if (!headers.containsKey("Host")) {
            request.append("Host: 127.0.0.1:").append(port).append("\r\n");
        }
        headers.forEach(
                (name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        InputStream in = socket.getInputStream();
        String head = readHead(in);
        Matcher length = Pattern.compile("(?i)content-length: (\\d+)").matcher(head);
        String body = length.find()
                ? new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8)
                : "";
        return new RawWebSocket(socket, head, body);
    }

    /** The status code of the handshake's answer: 101 when upgraded. */
    int status() {
        return Integer.parseInt(responseHead.split(" ", 3)[1]);
    }

    String head() {
        return responseHead;
    }

    /** The error code of a refused handshake's JSON body. */
    String errorCode() throws IOException {
        return Json.MAPPER.readTree(refusal).path("error").path("code").asText();
    }

    /** One masked text frame, as a client must send it. */
    void sendText(String text) throws IOException {
        sendFrame(TEXT, true, text.getBytes(StandardCharsets.UTF_8));
    }

    /** One masked frame of any opcode and payload, whole ({@code fin}) or a fragment of a message. */
    void sendFrame(int opcode, boolean fin, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xff);
        }
        byte[] mask = {1, 2, 3, 4};
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /** A frame the relay sent (unmasked, as a server sends them): its opcode and payload. */
    record Received(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The status code of a close frame. */
        int closeCode() {
            return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }
    }

    /** Reads the relay's next frame; fails when none comes within the socket's timeout. */
    Received nextFrame() throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        int opcode = in.readUnsignedByte() & 0x0f;
        int length = in.readUnsignedByte() & 0x7f;
        long payloadLength =
                switch (length) {
                    case 126 -> in.readUnsignedShort();
                    case 127 -> in.readLong();
                    default -> length;
                };
        return new Received(opcode, in.readNBytes(Math.toIntExact(payloadLength)));
    }

    /** Reads and discards until the relay ends the connection; false if it is still open after the timeout. */
    boolean drainsToEnd() {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = socket.getInputStream()) {
            while (in.read(buffer) >= 0) {
                // keep reading
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // a reset ends it too
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
