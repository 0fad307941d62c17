package org.classbridge.blob;

import io.minio.AbortMultipartUploadArgs;
import io.minio.BucketExistsArgs;
import io.minio.CompleteMultipartUploadArgs;
import io.minio.ComposeObjectArgs;
import io.minio.CopyObjectArgs;
import io.minio.CreateMultipartUploadArgs;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.Http;
import io.minio.ListMultipartUploadsArgs;
import io.minio.ListObjectsArgs;
import io.minio.ListPartsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.SourceObject;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.UploadPartArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.messages.Item;
import io.minio.messages.ListMultipartUploadsResult;
import io.minio.messages.ListPartsResult;
import io.minio.messages.Part;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;

/**
 * Objects in a MinIO (or any S3) bucket through the MinIO Java SDK: uploaded to {@code
 * incoming/<uuid>} while hashed, then server-side copied to {@code objects/<sha256>} and the
 * incoming object removed. Readers therefore never see a partial object under its final name.
 *
 * <p>Memory: an upload of unknown length is sent as multipart with {@link #PART_SIZE} parts, the
 * most the SDK buffers at once, whatever the object's size. Client timeouts come from config (the
 * SDK's default of 5 minutes would hold worker threads on a dead link).
 *
 * <h2>Upload sessions</h2>
 *
 * <p>A session is an S3 multipart upload plus a few objects, all under {@code uploads/<id>/}, so
 * any node (or this one after a restart) reads its whole state from the bucket:
 *
 * <ul>
 *   <li>{@code uploads/<id>/session}: the marker, holding the S3 multipart upload id; written once
 *       by {@link #beginUpload}, removed last;
 *   <li>the multipart upload into {@code uploads/<id>/data}: its parts are the session's bytes from
 *       0, each exactly {@link #PART_SIZE} (S3 wants at least 5 MiB for all parts but the last);
 *   <li>{@code uploads/<id>/pending-<offset>}: the bytes after the last part, as appended (tus
 *       chunks can be a few KB). When pending plus new bytes reach a part, they are sent as the
 *       next part (pending objects read back, concatenated, uploaded) and the pending objects
 *       deleted. The part upload is the commit point: a pending object that a part already covers
 *       is ignored, so a crash between the two steps loses nothing and counts nothing twice.
 * </ul>
 *
 * <p>The offset is therefore the sum of the listed parts plus the contiguous pending objects after
 * them: two listing requests per append, no state in memory. Completion sends the remaining pending
 * bytes as the last part, completes the multipart upload into {@code uploads/<id>/data}, hashes,
 * and server-side copies to {@code objects/<sha256>} as {@link #put} does. A session still under
 * one part (all pending) is published through {@link #put} instead, reading the pending objects
 * once.
 *
 * <p>Hashing: the running SHA-256 of an instance covers exactly the bytes it sent as parts 1..n
 * (pending bytes are hashed when they become a part, so it does not matter which node appended
 * them). It is used only if the server lists exactly those parts with the ETags this instance got
 * back; otherwise (another node sent a part, or this instance restarted) completion reads {@code
 * uploads/<id>/data} back once and hashes it.
 *
 * <p>Memory per append: at most one part ({@link #PART_SIZE}) of the chunk, whatever its size.
 */
public final class MinioBlobStore implements BlobStore {
  /** Multipart part size; S3 needs at least 5 MiB, larger parts mean fewer requests. */
  static final long PART_SIZE = 16L * 1024 * 1024;

  /** S3 CopyObject's limit; larger objects are copied part by part with ComposeObject. */
  private static final long SINGLE_COPY_LIMIT = 5L * 1024 * 1024 * 1024;

  /** S3's limit on parts in one multipart upload: sessions hold at most 156 GiB. */
  private static final int MAX_PARTS = 10_000;

  /** Signature V4 presigned URLs live at most 7 days. */
  private static final Duration MAX_PRESIGNED_TTL = Duration.ofDays(7);

  /** How long a failed read waits before it asks the store again (once; {@link StoreOutages}). */
  private static final Duration OUTAGE_BACKOFF = Duration.ofMillis(200);

  private static final String UPLOADS = "uploads/";
  private static final Pattern SESSION_KEY = Pattern.compile("uploads/([0-9a-f]{32})/(.+)");
  private static final Pattern PENDING = Pattern.compile("pending-(\\d{19})");

  private final MinioClient client;

  /**
   * The S3 multipart primitives. MinIO SDK 9 has them public on {@link MinioAsyncClient} (inherited
   * from {@code BaseS3Client}: createMultipartUpload, uploadPart, listParts,
   * completeMultipartUpload, abortMultipartUpload, listMultipartUploads), returning futures; the
   * blocking {@link MinioClient} wraps such a client but does not expose it. So a second client is
   * built over the same OkHttpClient (no second connection pool or dispatcher), and {@link #join}
   * blocks on its futures. No subclassing, reflection or hand-signed requests: if the SDK moves
   * these again, the build breaks instead of the behaviour.
   */
  private final MinioAsyncClient multipart;

  private final OkHttpClient http;
  private final String bucket;
  private final String endpoint;
  private final Duration presignedTtl;
  private final Clock clock;

  /** This instance's view of the sessions it touched: locks and running hashes, never state. */
  private final Map<String, Tracker> trackers = new ConcurrentHashMap<>();

  /** Bytes completion had to read back to hash them; for tests of the fast path. */
  private final AtomicLong rehashed = new AtomicLong();

  public MinioBlobStore(BlobConfig.Minio config, Clock clock) throws IOException {
    Duration ttl = config.presignedTtl();
    if (ttl == null || ttl.isNegative() || ttl.compareTo(MAX_PRESIGNED_TTL) > 0) {
      throw new IllegalArgumentException(
          "a presigned URL lives 0 (no redirects) to 7 days (S3 signature V4)");
    }
    long timeout = config.timeout().toMillis();
    this.http =
        new OkHttpClient.Builder()
            .connectTimeout(timeout, TimeUnit.MILLISECONDS)
            .readTimeout(timeout, TimeUnit.MILLISECONDS)
            .writeTimeout(timeout, TimeUnit.MILLISECONDS)
            .addInterceptor(new StoreOutages(OUTAGE_BACKOFF))
            .build();
    this.client =
        MinioClient.builder()
            .endpoint(config.endpoint().toString())
            .region(config.region())
            .credentials(config.accessKey(), config.secretKey())
            .httpClient(http)
            .build();
    this.multipart =
        MinioAsyncClient.builder()
            .endpoint(config.endpoint().toString())
            .region(config.region())
            .credentials(config.accessKey(), config.secretKey())
            .httpClient(http, false)
            .build();
    this.bucket = config.bucket();
    this.endpoint = config.endpoint().toString();
    this.presignedTtl = ttl;
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
    } catch (MinioException | IllegalStateException e) {
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
      publish(incoming, sha, in.size());
      return new StoredBlob(sha, in.size());
    } catch (MinioException | IllegalStateException e) {
      throw failure("store an object", e);
    } finally {
      if (uploaded) {
        removeQuietly(incoming);
      }
    }
  }

  /** Server-side copies a complete, verified object to its final name, unless already there. */
  private void publish(String source, String sha, long size) throws IOException, MinioException {
    if (stat(sha).isPresent()) {
      return;
    }
    SourceObject from = SourceObject.builder().bucket(bucket).object(source).build();
    if (size <= SINGLE_COPY_LIMIT) {
      client.copyObject(
          CopyObjectArgs.builder().bucket(bucket).object(key(sha)).source(from).build());
    } else {
      client.composeObject(
          ComposeObjectArgs.builder()
              .bucket(bucket)
              .object(key(sha))
              .sources(List.of(from))
              .build());
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
    } catch (MinioException | IllegalStateException e) {
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
    } catch (MinioException | IllegalStateException e) {
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
    } catch (MinioException | IllegalStateException e) {
      throw failure("delete " + sha256, e);
    }
  }

  /**
   * A presigned GET for the whole object ({@link Delivery.Redirect}), with the hints as S3's {@code
   * response-content-type} and {@code response-content-disposition} parameters (signed, so the
   * holder cannot change them); the client sends its Range header to that URL. With a presigned TTL
   * of zero (a MinIO that browsers cannot reach) the bytes are streamed through this server instead
   * ({@link Delivery.Stream}). The URL is signed locally: no request but the stat.
   */
  @Override
  public Delivery deliver(String sha256, long offset, long length, DeliveryHints hints)
      throws IOException {
    Objects.requireNonNull(hints, "hints");
    StoredBlob blob = stat(sha256).orElseThrow(() -> new BlobNotFoundException(sha256));
    long n = BlobRules.clampRange(blob.size(), offset, length);
    if (presignedTtl.isZero()) {
      return new Delivery.Stream(openRange(sha256, offset, n), n);
    }
    // whole seconds, rounded up; computed before signing, so never later than the real expiry
    long seconds = Math.max(1, (presignedTtl.toMillis() + 999) / 1000);
    Instant expires = clock.instant().plusSeconds(seconds);
    try {
      String url =
          client.getPresignedObjectUrl(
              GetPresignedObjectUrlArgs.builder()
                  .method(Http.Method.GET)
                  .bucket(bucket)
                  .object(key(sha256))
                  .expiry((int) seconds, TimeUnit.SECONDS)
                  .extraQueryParams(
                      Map.of(
                          "response-content-type", hints.contentType(),
                          "response-content-disposition", hints.contentDisposition()))
                  .build());
      return new Delivery.Redirect(URI.create(url), expires);
    } catch (MinioException | IllegalStateException e) {
      throw failure("sign a download link for " + sha256, e);
    }
  }

  // ---- upload sessions ----

  /** What this instance knows of one session besides the bucket: a lock and the running hash. */
  private static final class Tracker {
    final ReentrantLock lock = new ReentrantLock();

    /** The S3 multipart upload id, from the marker; never changes for the session's life. */
    String s3UploadId;

    /** SHA-256 of parts 1..{@link #partsHashed} as this instance sent them, or null. */
    MessageDigest digest;

    int partsHashed;

    /** The ETag the server gave for each part this instance sent. */
    final Map<Integer, String> etags = new HashMap<>();
  }

  /** One pending object: bytes after the last part, at {@code offset} of the session. */
  private record Pending(String key, long offset, long size) {}

  /**
   * A session as stored.
   *
   * @param parts the multipart upload's parts by number, or null when it no longer exists
   * @param assembled the multipart upload was completed into {@code data} by a completion that did
   *     not finish; only {@link #completeUpload} can go on
   * @param pending the contiguous pending objects after the parts
   * @param stale pending objects a part already covers (a flush that stopped before cleaning up)
   */
  private record State(
      String s3UploadId,
      List<Part> parts,
      boolean assembled,
      long partBytes,
      List<Pending> pending,
      List<String> stale,
      long length) {

    long pendingBytes() {
      return length - partBytes;
    }

    /**
     * The last part is short: a completion sent it and stopped; appending would break S3's rule.
     */
    boolean sealed() {
      return assembled || (!parts.isEmpty() && parts.getLast().partSize() < PART_SIZE);
    }
  }

  private static String markerKey(String id) {
    return UPLOADS + id + "/session";
  }

  private static String dataKey(String id) {
    return UPLOADS + id + "/data";
  }

  private static String pendingPrefix(String id) {
    return UPLOADS + id + "/pending-";
  }

  private static String pendingKey(String id, long offset) {
    return pendingPrefix(id) + String.format("%019d", offset);
  }

  private Tracker tracker(String uploadId) {
    return trackers.computeIfAbsent(BlobStore.checkUploadId(uploadId), k -> new Tracker());
  }

  @Override
  public String beginUpload() throws IOException {
    String id = BlobRules.newUploadId();
    String s3UploadId;
    try {
      s3UploadId =
          join(multipart.createMultipartUpload(
                  CreateMultipartUploadArgs.builder()
                      .bucket(bucket)
                      .object(dataKey(id))
                      .headers(new Http.Headers("Content-Type", "application/octet-stream"))
                      .build()))
              .result()
              .uploadId();
    } catch (MinioException | IllegalStateException e) {
      throw failure("start an upload", e);
    }
    try {
      byte[] marker = s3UploadId.getBytes(StandardCharsets.UTF_8);
      client.putObject(
          PutObjectArgs.builder().bucket(bucket).object(markerKey(id)).stream(
                  new ByteArrayInputStream(marker), (long) marker.length, -1L)
              .build());
    } catch (MinioException | IllegalStateException e) {
      abortQuietly(id, s3UploadId); // else the sweep aborts it as an upload without a session
      throw failure("start an upload", e);
    }
    Tracker t = new Tracker();
    t.s3UploadId = s3UploadId;
    t.digest = sha256();
    trackers.put(id, t);
    return id;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Requests: two listings (the session's objects, its parts), then one PUT for the chunk's
   * pending bytes, or one UploadPart per filled part (after reading back the pending objects it
   * absorbs, and deleting them).
   */
  @Override
  public long append(String uploadId, long offset, InputStream chunk) throws IOException {
    if (offset < 0) {
      throw new IllegalArgumentException("offset >= 0");
    }
    Tracker t = tracker(uploadId);
    t.lock.lock();
    try {
      State st = load(uploadId, t);
      if (st.sealed()) {
        throw new IOException("the upload is being completed: only completeUpload can finish it");
      }
      if (offset != st.length()) {
        throw new UploadOffsetException(offset, st.length());
      }
      removeAllQuietly(st.stale());
      long total = st.length();
      long pendingBytes = st.pendingBytes();
      List<Pending> pending = st.pending();
      int nextPart = st.parts().size() + 1;
      // [pending bytes, read back only if a part fills up][bytes of this chunk]
      byte[] buf = new byte[(int) Math.min(PART_SIZE, pendingBytes + 64 * 1024)];
      while (true) {
        int start = (int) pendingBytes;
        Fill fill = fill(chunk, buf, start, (int) PART_SIZE);
        buf = fill.buf();
        if (start + fill.length() == PART_SIZE) {
          readPending(pending, buf);
          uploadPart(uploadId, st.s3UploadId(), nextPart, buf, (int) PART_SIZE, t);
          removeAllQuietly(pending.stream().map(Pending::key).toList());
          total += fill.length();
          pendingBytes = 0;
          pending = List.of();
          nextPart++;
          continue;
        }
        // the chunk ended (or broke) before a part filled up: keep its bytes as pending
        if (fill.length() > 0) {
          putPending(uploadId, total, buf, start, fill.length());
          total += fill.length();
        }
        if (fill.failure() != null) {
          throw fill.failure(); // what arrived is stored; the client resumes from uploadedBytes
        }
        return total;
      }
    } catch (MinioException | IllegalStateException e) {
      throw failure("append to an upload", e);
    } finally {
      t.lock.unlock();
    }
  }

  /** Bytes read into {@code buf} from {@code start}; the buffer, grown if needed. */
  private record Fill(byte[] buf, int length, IOException failure) {}

  /**
   * Reads {@code chunk} into {@code buf[start..limit)}, growing the buffer as bytes come (a 3-byte
   * chunk does not cost 16 MiB), until it is full or the chunk ends. A failing chunk keeps what
   * arrived before the failure.
   */
  private static Fill fill(InputStream chunk, byte[] buf, int start, int limit) {
    int pos = start;
    while (pos < limit) {
      if (pos == buf.length) {
        buf = Arrays.copyOf(buf, (int) Math.min(limit, 2L * buf.length));
      }
      int n;
      try {
        n = chunk.read(buf, pos, buf.length - pos);
      } catch (IOException e) {
        return new Fill(buf, pos - start, e);
      }
      if (n < 0) {
        break;
      }
      pos += n;
    }
    return new Fill(buf, pos - start, null);
  }

  /** Reads the pending objects back into the start of {@code buf}, in order. */
  private void readPending(List<Pending> pending, byte[] buf) throws IOException, MinioException {
    int pos = 0;
    for (Pending p : pending) {
      try (InputStream in =
          client.getObject(GetObjectArgs.builder().bucket(bucket).object(p.key()).build())) {
        int n = in.readNBytes(buf, pos, (int) p.size());
        if (n != p.size()) {
          throw new IOException("a pending chunk of an upload is shorter than listed: " + p.key());
        }
        pos += n;
      }
    }
  }

  private void putPending(String id, long offset, byte[] buf, int from, int length)
      throws IOException, MinioException {
    client.putObject(
        PutObjectArgs.builder().bucket(bucket).object(pendingKey(id, offset)).stream(
                new ByteArrayInputStream(buf, from, length), (long) length, -1L)
            .build());
  }

  /** Sends one part and extends this instance's running hash if it has every part before it. */
  private void uploadPart(
      String id, String s3UploadId, int number, byte[] buf, int length, Tracker t)
      throws IOException, MinioException {
    if (number > MAX_PARTS) {
      throw new IOException(
          "an upload holds at most " + MAX_PARTS + " parts of " + PART_SIZE + " bytes");
    }
    String etag =
        join(multipart.uploadPart(
                UploadPartArgs.builder()
                    .bucket(bucket)
                    .object(dataKey(id))
                    .uploadId(s3UploadId)
                    .partNumber(number)
                    .data(buf, length)
                    .headers(new Http.Headers())
                    .build()))
            .part()
            .etag();
    if (number == 1) {
      t.digest = sha256();
      t.partsHashed = 0;
      t.etags.clear();
    }
    if (t.digest != null && t.partsHashed == number - 1) {
      t.digest.update(buf, 0, length);
      t.partsHashed = number;
      t.etags.put(number, unquote(etag));
    } else {
      t.digest = null; // missed a part: completion re-reads the bytes
    }
  }

  @Override
  public long uploadedBytes(String uploadId) throws IOException {
    Tracker t = tracker(uploadId);
    try {
      return load(uploadId, t).length();
    } catch (MinioException | IllegalStateException e) {
      throw failure("read an upload's state", e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>On a hash mismatch the multipart upload is aborted (or the assembled object removed) and the
   * session's objects deleted before the exception is thrown: nothing stays under either name.
   */
  @Override
  public StoredBlob completeUpload(String uploadId, Optional<String> expectedSha256)
      throws IOException {
    expectedSha256.ifPresent(BlobStore::checkName);
    Tracker t = tracker(uploadId);
    t.lock.lock();
    try {
      State st = load(uploadId, t);
      if (!st.assembled() && st.parts().isEmpty()) {
        // under one part, all in pending objects: put() hashes, checks and publishes them
        StoredBlob stored;
        try (InputStream in = pendingStream(st.pending())) {
          stored = put(in, expectedSha256);
        } catch (BlobIntegrityException e) {
          dropSession(uploadId, st.s3UploadId());
          throw e;
        }
        dropSession(uploadId, st.s3UploadId());
        return stored;
      }
      String data = dataKey(uploadId);
      String sha = null;
      long size;
      if (!st.assembled()) {
        List<Part> parts = st.parts();
        if (st.pendingBytes() > 0) {
          byte[] last = new byte[(int) st.pendingBytes()];
          readPending(st.pending(), last);
          uploadPart(uploadId, st.s3UploadId(), parts.size() + 1, last, last.length, t);
          parts = listParts(uploadId, st.s3UploadId());
          if (parts == null) {
            throw new UploadNotFoundException(uploadId);
          }
        }
        boolean hashedHere = t.digest != null && t.partsHashed == parts.size();
        Part[] complete = new Part[parts.size()];
        size = 0;
        for (int i = 0; i < complete.length; i++) {
          Part p = parts.get(i);
          hashedHere &= unquote(p.etag()).equals(t.etags.get(p.partNumber()));
          complete[i] = new Part(p.partNumber(), p.etag());
          size += p.partSize();
        }
        if (hashedHere) {
          sha = HexFormat.of().formatHex(t.digest.digest());
        }
        t.digest = null;
        join(
            multipart.completeMultipartUpload(
                CompleteMultipartUploadArgs.builder()
                    .bucket(bucket)
                    .object(data)
                    .uploadId(st.s3UploadId())
                    .parts(complete)
                    .build()));
        removeAllQuietly(st.pending().stream().map(Pending::key).toList());
      } else {
        size = st.length();
      }
      if (sha == null) {
        sha = hashObject(data); // another node or an earlier run sent parts: read them back once
        rehashed.addAndGet(size);
      }
      if (expectedSha256.isPresent() && !expectedSha256.get().equals(sha)) {
        dropSession(uploadId, null);
        throw new BlobIntegrityException(expectedSha256.get(), sha);
      }
      publish(data, sha, size);
      dropSession(uploadId, null);
      return new StoredBlob(sha, size);
    } catch (MinioException | IllegalStateException e) {
      throw failure("complete an upload", e);
    } finally {
      t.lock.unlock();
    }
  }

  private InputStream pendingStream(List<Pending> pending) {
    List<InputStream> parts = new ArrayList<>();
    for (Pending p : pending) {
      parts.add(new LazyObjectStream(p.key()));
    }
    return new SequenceInputStream(Collections.enumeration(parts));
  }

  /** An object's bytes, requested on first read: one HTTP response open at a time. */
  private final class LazyObjectStream extends InputStream {
    private final String object;
    private InputStream in;

    LazyObjectStream(String object) {
      this.object = object;
    }

    private InputStream in() throws IOException {
      if (in == null) {
        try {
          in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(object).build());
        } catch (MinioException | IllegalStateException e) {
          throw failure("read a pending chunk of an upload", e);
        }
      }
      return in;
    }

    @Override
    public int read() throws IOException {
      return in().read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return in().read(b, off, len);
    }

    @Override
    public void close() throws IOException {
      if (in != null) {
        in.close();
      }
    }
  }

  /** Bytes completions of this instance read back to hash them (tests check the fast path). */
  long bytesRehashed() {
    return rehashed.get();
  }

  private String hashObject(String object) throws IOException, MinioException {
    try (InputStream in =
        client.getObject(GetObjectArgs.builder().bucket(bucket).object(object).build())) {
      DigestingStream d = new DigestingStream(in);
      d.transferTo(OutputStream.nullOutputStream());
      return d.sha256();
    }
  }

  @Override
  public void abortUpload(String uploadId) throws IOException {
    Tracker t = tracker(uploadId);
    t.lock.lock();
    try {
      dropSession(uploadId, s3UploadId(uploadId, t));
    } catch (MinioException | IllegalStateException e) {
      throw failure("abort an upload", e);
    } finally {
      t.lock.unlock();
      trackers.remove(uploadId);
    }
  }

  /**
   * Removes everything of a session: the multipart upload (when {@code s3UploadId} is given), its
   * objects, and the marker last, so that a removal cut short still has a marker for the sweep.
   */
  private void dropSession(String id, String s3UploadId) throws IOException, MinioException {
    if (s3UploadId != null) {
      abortQuietly(id, s3UploadId);
    }
    List<String> keys = new ArrayList<>();
    for (Result<Item> r :
        client.listObjects(
            ListObjectsArgs.builder()
                .bucket(bucket)
                .prefix(UPLOADS + id + "/")
                .recursive(true)
                .build())) {
      keys.add(r.get().objectName());
    }
    keys.remove(markerKey(id));
    for (String k : keys) {
      client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(k).build());
    }
    client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(markerKey(id)).build());
    trackers.remove(id);
  }

  private void abortQuietly(String id, String s3UploadId) {
    try {
      join(
          multipart.abortMultipartUpload(
              AbortMultipartUploadArgs.builder()
                  .bucket(bucket)
                  .object(dataKey(id))
                  .uploadId(s3UploadId)
                  .build()));
    } catch (MinioException | IOException e) {
      // already completed or aborted, or the server is away: the sweep aborts it later
    }
  }

  /** The S3 upload id from the marker (cached: it never changes); no marker, no session. */
  private String s3UploadId(String id, Tracker t) throws IOException, MinioException {
    if (t.s3UploadId == null) {
      try (InputStream in =
          client.getObject(GetObjectArgs.builder().bucket(bucket).object(markerKey(id)).build())) {
        t.s3UploadId = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      } catch (ErrorResponseException e) {
        if (isNotFound(e)) {
          trackers.remove(id);
          throw new UploadNotFoundException(id);
        }
        throw e;
      }
    }
    return t.s3UploadId;
  }

  /**
   * Reads a session's state from the bucket: nothing about it is trusted from memory. One listing
   * of {@code uploads/<id>/} shows the marker (no marker, no session), an assembled {@code data}
   * object and the pending chunks; then the parts are listed, unless assembled (S3 forgets a
   * completed multipart upload; S3Proxy lists it as empty).
   */
  private State load(String id, Tracker t) throws IOException, MinioException {
    String prefix = UPLOADS + id + "/";
    boolean marker = false;
    Long assembledSize = null;
    List<Pending> all = new ArrayList<>();
    for (Result<Item> r :
        client.listObjects(
            ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
      Item item = r.get();
      String name = item.objectName().substring(prefix.length());
      Matcher m = PENDING.matcher(name);
      if (name.equals("session")) {
        marker = true;
      } else if (name.equals("data")) {
        assembledSize = item.size();
      } else if (m.matches()) {
        all.add(new Pending(item.objectName(), Long.parseLong(m.group(1)), item.size()));
      }
    }
    if (!marker) {
      trackers.remove(id);
      throw new UploadNotFoundException(id);
    }
    String s3UploadId = s3UploadId(id, t);
    if (assembledSize != null) {
      // a completion assembled the parts and stopped before publishing
      return new State(
          s3UploadId, List.of(), true, assembledSize, List.of(), List.of(), assembledSize);
    }
    List<Part> parts = listParts(id, s3UploadId);
    if (parts == null) {
      trackers.remove(id); // aborted (by the sweep, or the bucket's lifecycle rules)
      throw new UploadNotFoundException(id);
    }
    long partBytes = 0;
    for (int i = 0; i < parts.size(); i++) {
      Part p = parts.get(i);
      boolean last = i == parts.size() - 1;
      if (p.partNumber() != i + 1 || (!last && p.partSize() != PART_SIZE)) {
        throw new IOException("upload state is inconsistent: parts are 1..n of " + PART_SIZE);
      }
      partBytes += p.partSize();
    }
    all.sort(Comparator.comparingLong(Pending::offset));
    List<Pending> pending = new ArrayList<>();
    List<String> stale = new ArrayList<>();
    long end = partBytes;
    for (Pending p : all) {
      if (p.offset() + p.size() <= partBytes) {
        stale.add(p.key());
      } else if (p.offset() == end) {
        pending.add(p);
        end += p.size();
      } else {
        throw new IOException(
            "upload state is inconsistent: pending bytes start at "
                + p.offset()
                + ", not "
                + end
                + " (were two appends of one upload run at once?)");
      }
    }
    return new State(s3UploadId, parts, false, partBytes, pending, stale, end);
  }

  /** The multipart upload's parts by number, or null when it no longer exists. */
  private List<Part> listParts(String id, String s3UploadId) throws IOException, MinioException {
    List<Part> parts = new ArrayList<>();
    Integer marker = null;
    try {
      while (true) {
        ListPartsArgs.Builder args =
            ListPartsArgs.builder()
                .bucket(bucket)
                .object(dataKey(id))
                .uploadId(s3UploadId)
                .maxParts(1000);
        if (marker != null) {
          args.partNumberMarker(marker);
        }
        ListPartsResult page = join(multipart.listParts(args.build())).result();
        parts.addAll(page.parts());
        if (!page.isTruncated() || page.nextPartNumberMarker() == null) {
          break;
        }
        marker = page.nextPartNumberMarker();
      }
    } catch (ErrorResponseException e) {
      if ("NoSuchUpload".equals(e.errorResponse().code()) || isNotFound(e)) {
        return null;
      }
      throw e;
    }
    parts.sort(Comparator.comparingInt(Part::partNumber));
    return parts;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Three kinds of leftovers: {@code incoming/} objects of a {@link #put} cut short; sessions
   * whose newest object and newest part are older than {@code age} (touched last, not started: a 4
   * GiB upload over a weak link may take days and stay alive); and incomplete S3 multipart uploads
   * without a session (a crash between creating one and writing the marker, or a {@link #put} whose
   * process died mid-upload) initiated before the cutoff. Each counts as one.
   */
  @Override
  public int sweepIncomplete(Duration age) throws IOException {
    Instant cutoff = clock.instant().minus(age);
    int removed = 0;
    Map<String, Instant> touched = new HashMap<>();
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
      for (Result<Item> r :
          client.listObjects(
              ListObjectsArgs.builder().bucket(bucket).prefix(UPLOADS).recursive(true).build())) {
        Item item = r.get();
        Matcher m = SESSION_KEY.matcher(item.objectName());
        if (m.matches()) {
          touched.merge(
              m.group(1), item.lastModified().toInstant(), (a, b) -> a.isAfter(b) ? a : b);
        }
      }
      for (Map.Entry<String, Instant> s : touched.entrySet()) {
        if (s.getValue().isBefore(cutoff) && sweepSession(s.getKey(), cutoff)) {
          removed++;
        }
      }
      removed += sweepMultipartUploads(cutoff);
    } catch (MinioException | IllegalStateException e) {
      throw failure("sweep incomplete uploads", e);
    }
    // forget sessions that are gone from the bucket (completed or aborted on another node)
    trackers
        .entrySet()
        .removeIf(e -> !touched.containsKey(e.getKey()) && !e.getValue().lock.isLocked());
    return removed;
  }

  /**
   * Removes one session if nothing of it (objects listed before, parts now) is newer than cutoff.
   */
  private boolean sweepSession(String id, Instant cutoff) throws IOException, MinioException {
    Tracker t = tracker(id);
    if (!t.lock.tryLock()) {
      return false; // an append or completion is running here right now
    }
    try {
      String s3UploadId;
      try {
        s3UploadId = s3UploadId(id, t);
      } catch (UploadNotFoundException noMarker) {
        s3UploadId = null; // objects of a removal cut short: remove the rest
      }
      if (s3UploadId != null) {
        List<Part> parts = listParts(id, s3UploadId);
        if (parts != null
            && parts.stream()
                .map(Part::lastModified)
                .anyMatch(at -> at != null && !at.toInstant().isBefore(cutoff))) {
          return false;
        }
      }
      dropSession(id, s3UploadId);
      return true;
    } finally {
      t.lock.unlock();
    }
  }

  /** Aborts multipart uploads of ours that no session owns, initiated before the cutoff. */
  private int sweepMultipartUploads(Instant cutoff) throws IOException, MinioException {
    int aborted = 0;
    String keyMarker = null;
    String uploadIdMarker = null;
    while (true) {
      ListMultipartUploadsArgs.Builder args =
          ListMultipartUploadsArgs.builder().bucket(bucket).maxUploads(1000);
      if (keyMarker != null) {
        args.keyMarker(keyMarker).uploadIdMarker(uploadIdMarker);
      }
      ListMultipartUploadsResult page = join(multipart.listMultipartUploads(args.build())).result();
      for (ListMultipartUploadsResult.Upload u : page.uploads()) {
        ZonedDateTime initiated = u.initiated();
        if (initiated != null && !initiated.toInstant().isBefore(cutoff)) {
          continue;
        }
        String object = u.objectName();
        Matcher m = SESSION_KEY.matcher(object);
        boolean ours =
            object.startsWith("incoming/")
                || (m.matches()
                    && m.group(2).equals("data")
                    && !ownedBySession(m.group(1), u.uploadId()));
        if (ours) {
          try {
            join(
                multipart.abortMultipartUpload(
                    AbortMultipartUploadArgs.builder()
                        .bucket(bucket)
                        .object(object)
                        .uploadId(u.uploadId())
                        .build()));
            aborted++;
          } catch (ErrorResponseException e) {
            if (!"NoSuchUpload".equals(e.errorResponse().code())) {
              throw e;
            }
          }
        }
      }
      if (!page.isTruncated() || page.nextKeyMarker() == null) {
        return aborted;
      }
      keyMarker = page.nextKeyMarker();
      uploadIdMarker = page.nextUploadIdMarker();
    }
  }

  private boolean ownedBySession(String id, String s3UploadId) throws IOException, MinioException {
    try {
      return s3UploadId.equals(s3UploadId(id, tracker(id)));
    } catch (UploadNotFoundException e) {
      return false;
    }
  }

  @Override
  public void ping() throws IOException {
    try {
      if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
        throw new IOException("bucket " + bucket + " does not exist");
      }
    } catch (MinioException | IllegalStateException e) {
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
    } catch (MinioException | IllegalStateException e) {
      // left for sweepIncomplete (an outage arrives as IllegalStateException: see failure)
    }
  }

  private void removeAllQuietly(List<String> objects) {
    objects.forEach(this::removeQuietly);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static String unquote(String etag) {
    return etag == null ? "" : etag.replace("\"", "");
  }

  /**
   * Blocks on an SDK future (call from a worker, like every method here) and unwraps its failure:
   * the server's answer as MinioException, a dropped connection as IOException.
   */
  private static <T> T join(CompletableFuture<T> future) throws IOException, MinioException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for MinIO");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      while (cause instanceof CompletionException && cause.getCause() != null) {
        cause = cause.getCause();
      }
      switch (cause) {
        case MinioException m -> throw m;
        case IOException io -> throw io;
        case RuntimeException r -> throw r;
        case Error err -> throw err;
        default -> throw new IOException(cause);
      }
    }
  }

  private static boolean isNotFound(ErrorResponseException e) {
    String code = e.errorResponse().code();
    return "NoSuchKey".equals(code)
        || "NoSuchObject".equals(code)
        || (e.response() != null && e.response().code() == 404);
  }

  /**
   * What a failed SDK call becomes: an outage ({@link StoreOutages}) as itself, anything else the
   * store said as an IOException naming the operation. MinIO SDK 9's blocking client rethrows a
   * call that failed below the SDK (our interceptor, OkHttp) as an IllegalStateException around it;
   * an IllegalStateException without an I/O cause is a bug, and is rethrown as one.
   */
  private IOException failure(String what, Exception e) {
    if (e instanceof IllegalStateException ise) {
      return switch (ise.getCause()) {
        case BlobStoreUnavailableException outage -> outage;
        case IOException io -> new IOException("MinIO could not " + what + " (" + io + ")", io);
        case null, default -> throw ise;
      };
    }
    return failure(what, (MinioException) e);
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
