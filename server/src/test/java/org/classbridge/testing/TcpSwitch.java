package org.classbridge.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder in front of a real server that a test can switch off and on: off, it closes its
 * listening socket and every forwarded connection, so clients see exactly what a server that went
 * away looks like (a reset, then refused connections); on, it listens on the same port again.
 */
public final class TcpSwitch implements AutoCloseable {
  private final InetSocketAddress target;
  private final int port;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile ServerSocket listening;

  public TcpSwitch(URI target) throws IOException {
    this.target = new InetSocketAddress(target.getHost(), target.getPort());
    ServerSocket first = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.port = first.getLocalPort();
    listen(first);
  }

  /** The forwarder's address, with the target's scheme. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public synchronized void off() throws IOException {
    ServerSocket s = listening;
    listening = null;
    if (s != null) {
      s.close();
    }
    for (Socket c : open) {
      c.close();
    }
    open.clear();
  }

  public synchronized void on() throws IOException {
    if (listening == null) {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
      listen(s);
    }
  }

  private void listen(ServerSocket s) {
    listening = s;
    Thread.ofVirtual()
        .name("tcp-switch-accept")
        .start(
            () -> {
              while (!s.isClosed()) {
                try {
                  Socket client = s.accept();
                  Socket server = new Socket(target.getAddress(), target.getPort());
                  open.add(client);
                  open.add(server);
                  pipe(client, server);
                  pipe(server, client);
                } catch (IOException e) {
                  // closed by off(), or the target refused: the client sees its connection end
                }
              }
            });
  }

  private void pipe(Socket from, Socket to) {
    Thread.ofVirtual()
        .name("tcp-switch-pipe")
        .start(
            () -> {
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
              } catch (IOException e) {
                // one side went away
              } finally {
                try {
                  from.close();
                  to.close();
                } catch (IOException ignored) {
                  // already closed
                }
              }
            });
  }

  @Override
  public void close() throws IOException {
    off();
  }
}
