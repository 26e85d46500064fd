package routes.livedata.schwab.fake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Just enough of RFC 6455 for a test server: the opening handshake, masked client frames (text,
 * continuation, ping, close), unmasked server frames, and an abrupt drop that imitates a lost network.
 */
final class MiniWebSocketServer implements AutoCloseable {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** One client connection. */
    static final class Conn {
        private final Socket socket;
        private final OutputStream out;
        volatile boolean open = true;

        Conn(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
        }

        void sendText(String text) {
            write(0x1, text.getBytes(StandardCharsets.UTF_8));
        }

        /** A proper close handshake from the server side. */
        void close(int code) {
            write(0x8, new byte[]{(byte) (code >> 8), (byte) code});
            drop();
        }

        /** The TCP connection just vanishes, as when a network path dies. */
        void drop() {
            open = false;
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }

        private synchronized void write(int opcode, byte[] payload) {
            if (!open) {
                return;
            }
            try {
                ByteArrayOutputStream f = new ByteArrayOutputStream(payload.length + 10);
                f.write(0x80 | opcode);
                if (payload.length < 126) {
                    f.write(payload.length);
                } else if (payload.length < 65536) {
                    f.write(126);
                    f.write(payload.length >> 8);
                    f.write(payload.length);
                } else {
                    f.write(127);
                    for (int i = 7; i >= 0; i--) {
                        f.write((int) ((long) payload.length >> (8 * i)));
                    }
                }
                f.write(payload);
                out.write(f.toByteArray());
                out.flush();
            } catch (IOException e) {
                drop();
            }
        }
    }

    private final ServerSocket server;
    private final CopyOnWriteArrayList<Conn> conns = new CopyOnWriteArrayList<>();
    private final Consumer<Conn> onOpen;
    private final BiConsumer<Conn, String> onText;

    MiniWebSocketServer(Consumer<Conn> onOpen, BiConsumer<Conn, String> onText) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.onOpen = onOpen;
        this.onText = onText;
        Thread t = new Thread(this::acceptLoop, "fake-schwab-ws-accept");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Connections still open. */
    java.util.List<Conn> open() {
        return conns.stream().filter(c -> c.open).toList();
    }

    volatile boolean refusing;

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                if (refusing) {
                    s.close(); // the server is "gone": connections are cut before the handshake
                    continue;
                }
                Thread t = new Thread(() -> serve(s), "fake-schwab-ws-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        Conn c = null;
        try (s) {
            InputStream in = s.getInputStream();
            String request = readHead(in);
            String key = header(request, "sec-websocket-key");
            if (key == null) {
                s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
            s.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            c = new Conn(s);
            conns.add(c);
            onOpen.accept(c);
            readFrames(c, in);
        } catch (Exception e) {
            // the client went away or the test dropped the connection
        } finally {
            if (c != null) {
                c.open = false;
            }
        }
    }

    private void readFrames(Conn c, InputStream in) throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        while (c.open) {
            int b0 = in.read();
            int b1 = in.read();
            if (b0 < 0 || b1 < 0) {
                return;
            }
            int opcode = b0 & 0x0F;
            long len = b1 & 0x7F;
            if (len == 126) {
                len = (in.read() << 8) | in.read();
            } else if (len == 127) {
                len = 0;
                for (int i = 0; i < 8; i++) {
                    len = (len << 8) | in.read();
                }
            }
            byte[] mask = (b1 & 0x80) != 0 ? in.readNBytes(4) : null;
            byte[] payload = in.readNBytes((int) len);
            if (mask != null) {
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i % 4];
                }
            }
            switch (opcode) {
                case 0x0, 0x1 -> {
                    message.write(payload);
                    if ((b0 & 0x80) != 0) {
                        onText.accept(c, message.toString(StandardCharsets.UTF_8));
                        message.reset();
                    }
                }
                case 0x8 -> {
                    c.close(1000);
                    return;
                }
                case 0x9 -> c.write(0xA, payload);
                default -> { }
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed during the handshake");
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        conns.forEach(Conn::drop);
    }
}
