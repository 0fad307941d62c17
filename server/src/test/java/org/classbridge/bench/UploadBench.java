package org.classbridge.bench;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.classbridge.testing.Api;
import org.gaul.s3proxy.junit.S3ProxyJunitCore;

/**
 * A 2 GiB lesson upload through tus into the MinIO backend, with the server held to {@code
 * -Xmx256m}: wall time and the server's peak heap (jstat every second), against a raw MinIO SDK
 * {@code putObject} of the same bytes into the same S3 server (S3Proxy in this JVM) in the same
 * run. Run by {@code server/bench/upload.sh}; prints a table for BENCHMARKS.md.
 */
public final class UploadBench {
  static final long SIZE = 2L * 1024 * 1024 * 1024;

  /** {@code length} bytes of a pattern with an MP4 ftyp box in front, generated as read. */
  static InputStream video(long length) {
    return new InputStream() {
      long at = 0;
      final byte[] head = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0};

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (at >= length) {
          return -1;
        }
        int n = (int) Math.min(len, length - at);
        for (int i = 0; i < n; i++) {
          long p = at + i;
          b[off + i] = p < head.length ? head[(int) p] : (byte) (p * 31 + (p >>> 13));
        }
        at += n;
        return n;
      }
    };
  }

  public static void main(String[] args) throws Exception {
    S3ProxyJunitCore s3 =
        new S3ProxyJunitCore.Builder().withCredentials("bench", "bench-secret-key").build();
    s3.beforeEach();
    Path data = Files.createTempDirectory("cb-upload-bench");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                "org.classbridge.app.Main",
                "--port=" + port,
                "--host=127.0.0.1",
                "--data=" + data,
                "--experiments.port=0",
                "--blob.store=minio",
                "--blob.minio.endpoint=" + s3.getUri(),
                "--blob.minio.access-key=" + s3.getAccessKey(),
                "--blob.minio.secret-key=" + s3.getSecretKey(),
                "--blob.minio.bucket=classbridge"));
    Process server =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(data.resolve("server.log").toFile())
            .start();
    try {
      Api api = new Api(port);
      HttpClient http = HttpClient.newHttpClient();
      for (int i = 0; ; i++) {
        try {
          if (http.send(
                      HttpRequest.newBuilder(URI.create(api.base() + "/health/ready")).build(),
                      HttpResponse.BodyHandlers.discarding())
                  .statusCode()
              == 200) {
            break;
          }
        } catch (java.io.IOException e) {
          // starting
        }
        if (i > 300) {
          throw new IllegalStateException(
              "server did not start: " + Files.readString(data.resolve("server.log")));
        }
        Thread.sleep(200);
      }
      String teacher = api.login("teacher.xining", "classbridge");
      String id =
          api.post(
                  "/api/v1/resources",
                  teacher,
                  new io.vertx.core.json.JsonObject()
                      .put("kind", "lesson-video")
                      .put("title", "2 GiB")
                      .put("stage", "junior")
                      .put("subject", "maths"))
              .json()
              .getString("id");
      Api.Response created =
          api.send(
              api.builder("/api/v1/uploads", teacher)
                  .header("Tus-Resumable", "1.0.0")
                  .header("Upload-Length", Long.toString(SIZE))
                  .header(
                      "Upload-Metadata",
                      "resourceId "
                          + Base64.getEncoder().encodeToString(id.getBytes(StandardCharsets.UTF_8)))
                  .POST(HttpRequest.BodyPublishers.noBody()));
      String location = created.header("Location");

      AtomicLong peak = new AtomicLong();
      Process jstat =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "jstat").toString(),
                  "-gc",
                  Long.toString(server.pid()),
                  "500")
              .redirectErrorStream(true)
              .start();
      Thread sampler =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(jstat.getInputStream(), StandardCharsets.UTF_8))) {
                  String header = r.readLine();
                  List<String> cols = List.of(header.trim().split("\\s+"));
                  String line;
                  while ((line = r.readLine()) != null) {
                    String[] v = line.trim().split("\\s+");
                    if (v.length != cols.size() || v[0].equals(cols.get(0))) {
                      continue;
                    }
                    double used = 0;
                    for (String c : List.of("S0U", "S1U", "EU", "OU")) {
                      used += Double.parseDouble(v[cols.indexOf(c)]);
                    }
                    long kb = (long) used;
                    peak.accumulateAndGet(kb, Math::max);
                  }
                } catch (Exception e) {
                  // jstat ended
                }
              });
      sampler.setDaemon(true);
      sampler.start();

      long t0 = System.nanoTime();
      Api.Response done =
          api.send(
              api.builder(location, teacher)
                  .timeout(Duration.ofMinutes(30))
                  .header("Tus-Resumable", "1.0.0")
                  .header("Upload-Offset", "0")
                  .header("Content-Type", "application/offset+octet-stream")
                  .method(
                      "PATCH",
                      HttpRequest.BodyPublishers.fromPublisher(
                          HttpRequest.BodyPublishers.ofInputStream(() -> video(SIZE)), SIZE)));
      double tus = (System.nanoTime() - t0) / 1e9;
      jstat.destroy();
      if (done.status() != 204) {
        throw new IllegalStateException("upload answered " + done);
      }

      MinioClient minio =
          MinioClient.builder()
              .endpoint(s3.getUri().toString())
              .credentials(s3.getAccessKey(), s3.getSecretKey())
              .build();
      if (!minio.bucketExists(BucketExistsArgs.builder().bucket("raw").build())) {
        minio.makeBucket(MakeBucketArgs.builder().bucket("raw").build());
      }
      long t1 = System.nanoTime();
      try (InputStream in = video(SIZE)) {
        minio.putObject(
            PutObjectArgs.builder().bucket("raw").object("lesson.mp4").stream(
                    in, SIZE, 64L * 1024 * 1024)
                .build());
      }
      double raw = (System.nanoTime() - t1) / 1e9;
      double mib = SIZE / 1024.0 / 1024.0;
      System.out.printf(
          Locale.ROOT,
          "| tus PATCH into Classbridge (-Xmx256m, MinIO backend) | %.1f s | %.0f MiB/s | peak heap %.0f MiB |%n",
          tus,
          mib / tus,
          peak.get() / 1024.0);
      System.out.printf(
          Locale.ROOT,
          "| raw MinIO SDK putObject, same S3 server | %.1f s | %.0f MiB/s | |%n",
          raw,
          mib / raw);
      System.out.printf(Locale.ROOT, "| ratio (Classbridge / raw) | | %.2f | |%n", raw / tus);
    } finally {
      server.destroy();
      server.waitFor(30, TimeUnit.SECONDS);
      s3.afterEach();
    }
  }
}
