package org.classbridge.blob;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The MinIO client's view of an object store that is down or failing (an OkHttp application
 * interceptor, so it sees each call once, above OkHttp's own connection retries).
 *
 * <ul>
 *   <li>A store that cannot be reached (refused, timed out, unknown host) or that answers 500, 502,
 *       503 or 504 becomes {@link BlobStoreUnavailableException}: the request that needed it is
 *       answered 503, and the log names the store's own error code ({@code SlowDown}, {@code
 *       InternalError}).
 *   <li>A read (GET, HEAD) is tried once more after {@code backoff} first: MinIO answers {@code
 *       SlowDown} under a burst, and one Range request of a lesson video should not fail a
 *       student's playback for it. Writes are not repeated here: their bodies may be streams, and
 *       the upload protocol already lets the client resume from its last acknowledged offset.
 * </ul>
 *
 * <p>501 (S3's {@code NotImplemented}) is an answer, not an outage, and passes through, as does
 * every 4xx.
 */
final class StoreOutages implements Interceptor {
  private static final int READ_RETRIES = 1;
  private static final Pattern S3_CODE = Pattern.compile("<Code>([^<]{1,64})</Code>");

  private final Duration backoff;

  StoreOutages(Duration backoff) {
    this.backoff = backoff;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    boolean read = "GET".equals(request.method()) || "HEAD".equals(request.method());
    int retries = read ? READ_RETRIES : 0;
    for (int attempt = 0; ; attempt++) {
      String failure;
      Throwable cause = null;
      try {
        Response response = chain.proceed(request);
        int status = response.code();
        if (status < 500 || status == 501 || status > 504) {
          return response;
        }
        failure = "answered " + status + s3Code(response);
        response.close();
      } catch (ConnectException
          | NoRouteToHostException
          | UnknownHostException
          | SocketTimeoutException e) {
        failure = "did not answer (" + e + ")";
        cause = e;
      }
      if (attempt >= retries) {
        String what =
            "the object store at "
                + request.url().host()
                + ":"
                + request.url().port()
                + " "
                + failure
                + " to "
                + request.method()
                + " "
                + request.url().encodedPath();
        // the transport error rides along as suppressed, not as the cause: MinIO SDK 9's blocking
        // client rethrows a failed call as IllegalStateException(cause.getCause() ?: cause), which
        // would keep the ConnectException and drop this exception's type
        BlobStoreUnavailableException outage = new BlobStoreUnavailableException(what);
        if (cause != null) {
          outage.addSuppressed(cause);
        }
        throw outage;
      }
      pause();
    }
  }

  /** The S3 error code of a failed answer, when its body has one (HEAD answers have no body). */
  private static String s3Code(Response response) {
    try {
      Matcher m = S3_CODE.matcher(response.peekBody(4096).string());
      return m.find() ? " " + m.group(1) : "";
    } catch (IOException e) {
      return "";
    }
  }

  private void pause() throws InterruptedIOException {
    try {
      Thread.sleep(backoff);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to ask the object store again");
    }
  }
}
