package org.classbridge.blob;

import io.minio.BucketExistsArgs;
import io.minio.ComposeObjectArgs;
import io.minio.CopyObjectArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.SourceObject;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.messages.Item;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/**
 * Objects in a MinIO (or any S3) bucket through the MinIO Java SDK: uploaded to {@code
 * incoming/<uuid>} while hashed, then server-side copied to {@code objects/<sha256>} and the
 * incoming object removed. Readers therefore never see a partial object under its final name.
 *
 * <p>Memory: an upload of unknown length is sent as multipart with {@link #PART_SIZE} parts, the
 * most the SDK buffers at once, whatever the object's size. Client timeouts come from config (the
 * SDK's default of 5 minutes would hold worker threads on a dead link).
 */
public final class MinioBlobStore implements BlobStore {
  /** Multipart part size; S3 needs at least 5 MiB, larger parts mean fewer requests. */
  static final long PART_SIZE = 16L * 1024 * 1024;

  /** S3 CopyObject's limit; larger objects are copied part by part with ComposeObject. */
  private static final long SINGLE_COPY_LIMIT = 5L * 1024 * 1024 * 1024;

  private final MinioClient client;
  private final OkHttpClient http;
  private final String bucket;
  private final String endpoint;
  private final Clock clock;

  public MinioBlobStore(BlobConfig.Minio config, Clock clock) throws IOException {
    long timeout = config.timeout().toMillis();
    this.http =
        new OkHttpClient.Builder()
            .connectTimeout(timeout, TimeUnit.MILLISECONDS)
            .readTimeout(timeout, TimeUnit.MILLISECONDS)
            .writeTimeout(timeout, TimeUnit.MILLISECONDS)
            .build();
    this.client =
        MinioClient.builder()
            .endpoint(config.endpoint().toString())
            .region(config.region())
            .credentials(config.accessKey(), config.secretKey())
            .httpClient(http)
            .build();
    this.bucket = config.bucket();
    this.endpoint = config.endpoint().toString();
    this.clock = clock;
    try {
      ensureBucket();
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private void ensureBucket() throws IOException {
    try {
      if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
        client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
      }
    } catch (ErrorResponseException e) {
      // another node created it between our check and our create
      if (!"BucketAlreadyOwnedByYou".equals(e.errorResponse().code())) {
        throw failure("create bucket " + bucket, e);
      }
    } catch (MinioException e) {
      throw failure("create bucket " + bucket, e);
    }
  }

  private static String key(String sha256) {
    return "objects/" + BlobStore.checkName(sha256);
  }

  @Override
  public StoredBlob put(InputStream content, Optional<String> expectedSha256) throws IOException {
    expectedSha256.ifPresent(BlobStore::checkName);
    DigestingStream in = new DigestingStream(content);
    String incoming = "incoming/" + UUID.randomUUID();
    boolean uploaded = false;
    try {
      client.putObject(
          PutObjectArgs.builder()
              .bucket(bucket)
              .object(incoming)
              .contentType("application/octet-stream")
              .stream(in, -1L, PART_SIZE)
              .build());
      uploaded = true;
      String sha = in.sha256();
      if (expectedSha256.isPresent() && !expectedSha256.get().equals(sha)) {
        throw new BlobIntegrityException(expectedSha256.get(), sha);
      }
      if (stat(sha).isEmpty()) {
        SourceObject source = SourceObject.builder().bucket(bucket).object(incoming).build();
        if (in.size() <= SINGLE_COPY_LIMIT) {
          client.copyObject(
              CopyObjectArgs.builder().bucket(bucket).object(key(sha)).source(source).build());
        } else {
          client.composeObject(
              ComposeObjectArgs.builder()
                  .bucket(bucket)
                  .object(key(sha))
                  .sources(List.of(source))
                  .build());
        }
      }
      return new StoredBlob(sha, in.size());
    } catch (MinioException e) {
      throw failure("store an object", e);
    } finally {
      if (uploaded) {
        removeQuietly(incoming);
      }
    }
  }

  @Override
  public Optional<StoredBlob> stat(String sha256) throws IOException {
    try {
      StatObjectResponse s =
          client.statObject(StatObjectArgs.builder().bucket(bucket).object(key(sha256)).build());
      return Optional.of(new StoredBlob(sha256, s.size()));
    } catch (ErrorResponseException e) {
      if (isNotFound(e)) {
        return Optional.empty();
      }
      throw failure("stat " + sha256, e);
    } catch (MinioException e) {
      throw failure("stat " + sha256, e);
    }
  }

  @Override
  public InputStream open(String sha256) throws IOException {
    return get(sha256, null, null);
  }

  @Override
  public InputStream openRange(String sha256, long offset, long length) throws IOException {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("offset and length are >= 0");
    }
    if (length == 0) {
      if (stat(sha256).isEmpty()) {
        throw new BlobNotFoundException(sha256);
      }
      return InputStream.nullInputStream();
    }
    return get(sha256, offset, length);
  }

  private InputStream get(String sha256, Long offset, Long length) throws IOException {
    try {
      GetObjectArgs.Builder b = GetObjectArgs.builder().bucket(bucket).object(key(sha256));
      if (offset != null) {
        b.offset(offset).length(length);
      }
      return client.getObject(b.build());
    } catch (ErrorResponseException e) {
      if (isNotFound(e)) {
        throw new BlobNotFoundException(sha256);
      }
      if ("InvalidRange".equals(e.errorResponse().code())) {
        return InputStream.nullInputStream(); // range wholly past the end: no bytes
      }
      throw failure("read " + sha256, e);
    } catch (MinioException e) {
      throw failure("read " + sha256, e);
    }
  }

  @Override
  public boolean delete(String sha256) throws IOException {
    if (stat(sha256).isEmpty()) {
      return false;
    }
    try {
      client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key(sha256)).build());
      return true;
    } catch (MinioException e) {
      throw failure("delete " + sha256, e);
    }
  }

  @Override
  public int sweepIncomplete(Duration age) throws IOException {
    Instant cutoff = clock.instant().minus(age);
    int removed = 0;
    try {
      for (Result<Item> r :
          client.listObjects(
              ListObjectsArgs.builder()
                  .bucket(bucket)
                  .prefix("incoming/")
                  .recursive(true)
                  .build())) {
        Item item = r.get();
        if (item.lastModified().toInstant().isBefore(cutoff)) {
          client.removeObject(
              RemoveObjectArgs.builder().bucket(bucket).object(item.objectName()).build());
          removed++;
        }
      }
    } catch (MinioException e) {
      throw failure("sweep incoming uploads", e);
    }
    return removed;
  }

  @Override
  public void ping() throws IOException {
    try {
      if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
        throw new IOException("bucket " + bucket + " does not exist");
      }
    } catch (MinioException e) {
      throw failure("reach the bucket", e);
    }
  }

  @Override
  public String describe() {
    return "minio:" + endpoint + "/" + bucket;
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  private void removeQuietly(String object) {
    try {
      client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(object).build());
    } catch (MinioException e) {
      // left for sweepIncomplete
    }
  }

  private static boolean isNotFound(ErrorResponseException e) {
    String code = e.errorResponse().code();
    return "NoSuchKey".equals(code)
        || "NoSuchObject".equals(code)
        || (e.response() != null && e.response().code() == 404);
  }

  /** An IOException naming what failed and the server's error code, never credentials. */
  private IOException failure(String what, MinioException e) {
    String detail =
        e instanceof ErrorResponseException er
            ? er.errorResponse().code() + ": " + er.errorResponse().message()
            : e.getClass().getSimpleName() + ": " + e.getMessage();
    return new IOException("MinIO could not " + what + " (" + detail + ")", e);
  }
}
