package org.classbridge.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;
import io.netty.handler.codec.compression.CompressionOptions;
import io.netty.handler.codec.compression.StandardCompressionOptions;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * Response compression (gzip, deflate) that keeps the kernel's zero-copy path for files.
 *
 * <p>Vert.x's own compressor, once in a connection's pipeline, makes Vert.x give up sendfile(2) for
 * every response on that connection: {@code sendFile} then reads the file through the heap in small
 * chunks. Range requests for lesson videos, which are never worth compressing, ran at half of
 * nginx's throughput because of it (BENCHMARKS.md). This handler takes that compressor's place (see
 * {@link WireGuard}); Vert.x only looks for its own class, so it sends files as file regions again.
 *
 * <p>Two rules keep that safe:
 *
 * <ul>
 *   <li>A response that says {@code Content-Encoding: identity} is sent as it is, and the header is
 *       dropped, as Vert.x documents for its compressor. Stored blobs say so (a compressed 206
 *       would break resumed downloads, whose ranges count the stored bytes), so their file regions
 *       pass straight through.
 *   <li>A file region that arrives while a response is being compressed (a web asset from disk) is
 *       read into a buffer and compressed like any body, as Vert.x's chunked file path did.
 * </ul>
 */
final class ResponseCompressor extends HttpContentCompressor {
  /** The response being written is being compressed (set per response head, on the event loop). */
  private boolean compressing;

  private ResponseCompressor(int contentSizeThreshold, CompressionOptions... options) {
    super(contentSizeThreshold, options);
  }

  /** gzip and deflate at {@code level} (Vert.x's default is 6), for bodies over the threshold. */
  static ResponseCompressor of(int level, int contentSizeThreshold) {
    return new ResponseCompressor(
        contentSizeThreshold,
        StandardCompressionOptions.gzip(level, 15, 8),
        StandardCompressionOptions.deflate(level, 15, 8));
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise)
      throws Exception {
    Object out = msg;
    if (msg instanceof ByteBuf buf && buf.isReadable()) {
      // Vert.x writes some bodies as bare buffers; the encoder only takes HTTP content
      out = new DefaultHttpContent(buf);
    } else if (msg instanceof FileRegion region && compressing) {
      out = new DefaultHttpContent(read(ctx, region));
    }
    boolean last = out instanceof LastHttpContent;
    super.write(ctx, out, promise);
    if (last) {
      compressing = false;
    }
  }

  @Override
  protected Result beginEncode(HttpResponse response, String acceptEncoding) throws Exception {
    // a part of a file (a web asset's Range) is sent as stored: its Content-Range counts those
    // bytes, and a compressed part of them would not match it
    Result result =
        response.status().code() == 206 ? null : super.beginEncode(response, acceptEncoding);
    if (result == null
        && response
            .headers()
            .contains(HttpHeaderNames.CONTENT_ENCODING, HttpHeaderValues.IDENTITY, true)) {
      response.headers().remove(HttpHeaderNames.CONTENT_ENCODING);
    }
    compressing = result != null;
    return result;
  }

  /**
   * The region's bytes in one buffer: a web asset of kilobytes, read from the page cache. Vert.x
   * cuts a file into regions of at most 1 MiB, so no buffer is larger than that.
   */
  private static ByteBuf read(ChannelHandlerContext ctx, FileRegion region) throws IOException {
    try {
      long count = region.count() - region.transferred();
      ByteBuf buf = ctx.alloc().buffer((int) Math.min(count, Integer.MAX_VALUE));
      WritableByteChannel into =
          new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) {
              int n = src.remaining();
              buf.writeBytes(src);
              return n;
            }

            @Override
            public boolean isOpen() {
              return true;
            }

            @Override
            public void close() {}
          };
      try {
        while (region.transferred() < region.count()) {
          if (region.transferTo(into, region.transferred()) <= 0) {
            throw new IOException("the file ended before its region did");
          }
        }
      } catch (IOException | RuntimeException e) {
        buf.release();
        throw e;
      }
      return buf;
    } finally {
      region.release();
    }
  }
}
