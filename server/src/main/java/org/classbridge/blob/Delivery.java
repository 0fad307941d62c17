package org.classbridge.blob;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * How the HTTP layer sends a stored object (or a range of it) to a client, chosen by the backend so
 * that bytes take the cheapest road: the kernel's zero-copy path for local files, the object store
 * itself for MinIO, a plain stream only when neither is possible.
 *
 * <p>The HTTP layer switches over the three cases; a new case is a compile error there, not a
 * silent fallback.
 */
public sealed interface Delivery permits Delivery.LocalFile, Delivery.Redirect, Delivery.Stream {

  /**
   * {@code length} bytes of {@code file} from {@code offset}: the HTTP layer calls Vert.x {@code
   * response.sendFile(file.toString(), offset, length)} (sendfile(2), no copy through the heap) and
   * sets the headers from the hints itself. Published object files are never rewritten, so the file
   * stays valid while it is sent.
   */
  record LocalFile(Path file, long offset, long length) implements Delivery {
    public LocalFile {
      Objects.requireNonNull(file, "file");
      if (offset < 0 || length < 0) {
        throw new IllegalArgumentException("offset and length are >= 0");
      }
    }
  }

  /**
   * A presigned GET URL for the whole object, valid until {@code expires}: the HTTP layer answers
   * 302/307 with {@code Location: url}. The range is not in the URL: the client repeats its {@code
   * Range} header against it. The URL carries the content type and download name (S3's {@code
   * response-content-*} parameters) and is a bearer credential until it expires: never log it.
   */
  record Redirect(URI url, Instant expires) implements Delivery {
    public Redirect {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(expires, "expires");
    }

    @Override
    public String toString() {
      // the query string is a signature: keep it out of logs
      return "Redirect["
          + url.getScheme()
          + "://"
          + url.getRawAuthority()
          + url.getRawPath()
          + ", expires="
          + expires
          + "]";
    }
  }

  /**
   * The fallback: {@code length} bytes to copy to the response (blocking reads: pump them from a
   * worker). The caller closes the stream.
   */
  record Stream(InputStream in, long length) implements Delivery {
    public Stream {
      Objects.requireNonNull(in, "in");
      if (length < 0) {
        throw new IllegalArgumentException("length >= 0");
      }
    }
  }
}
