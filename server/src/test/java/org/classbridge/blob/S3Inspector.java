package org.classbridge.blob;

import io.minio.CompleteMultipartUploadArgs;
import io.minio.CreateMultipartUploadArgs;
import io.minio.GetObjectArgs;
import io.minio.Http;
import io.minio.ListMultipartUploadsArgs;
import io.minio.ListObjectsArgs;
import io.minio.ListPartsArgs;
import io.minio.MinioAsyncClient;
import io.minio.PutObjectAPIArgs;
import io.minio.Result;
import io.minio.UploadPartArgs;
import io.minio.messages.Item;
import io.minio.messages.ListMultipartUploadsResult;
import io.minio.messages.Part;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Looks into a bucket around the store under test, with a client of its own: what a test sees of
 * upload sessions does not depend on the code it checks.
 */
final class S3Inspector implements AutoCloseable {
  private final MinioAsyncClient client;
  private final String bucket;

  S3Inspector(URI endpoint, String accessKey, String secretKey, String bucket) {
    this.client =
        MinioAsyncClient.builder()
            .endpoint(endpoint.toString())
            .region("us-east-1")
            .credentials(accessKey, secretKey)
            .build();
    this.bucket = bucket;
  }

  /** Objects under {@code uploads/} and incomplete multipart uploads anywhere in the bucket. */
  List<String> uploadLeftovers() throws Exception {
    List<String> found = new ArrayList<>();
    for (Result<Item> r :
        client.listObjects(
            ListObjectsArgs.builder().bucket(bucket).prefix("uploads/").recursive(true).build())) {
      found.add(r.get().objectName());
    }
    ListMultipartUploadsResult uploads =
        client
            .listMultipartUploads(ListMultipartUploadsArgs.builder().bucket(bucket).build())
            .get()
            .result();
    for (ListMultipartUploadsResult.Upload u : uploads.uploads()) {
      found.add("multipart upload of " + u.objectName());
    }
    return found;
  }

  /** Starts a multipart upload nobody will finish, as a process killed at the wrong moment. */
  String startMultipartUpload(String object) throws Exception {
    return client
        .createMultipartUpload(
            CreateMultipartUploadArgs.builder().bucket(bucket).object(object).build())
        .get()
        .result()
        .uploadId();
  }

  byte[] read(String object) throws Exception {
    try (InputStream in =
        client.getObject(GetObjectArgs.builder().bucket(bucket).object(object).build()).get()) {
      return in.readAllBytes();
    }
  }

  void write(String object, byte[] data) throws Exception {
    client
        .putObject(
            PutObjectAPIArgs.builder()
                .bucket(bucket)
                .object(object)
                .data(data, data.length)
                .headers(new Http.Headers())
                .build())
        .get();
  }

  /** The S3 multipart upload id behind a session, from its marker object. */
  String s3UploadId(String uploadId) throws Exception {
    return new String(read("uploads/" + uploadId + "/session"), StandardCharsets.UTF_8);
  }

  /** Sends one part of a session's multipart upload, as another writer would. */
  void uploadPart(String uploadId, int number, byte[] data) throws Exception {
    client
        .uploadPart(
            UploadPartArgs.builder()
                .bucket(bucket)
                .object("uploads/" + uploadId + "/data")
                .uploadId(s3UploadId(uploadId))
                .partNumber(number)
                .data(data, data.length)
                .headers(new Http.Headers())
                .build())
        .get();
  }

  /** Completes a session's multipart upload with the parts it has, as a completion that stopped. */
  void completeMultipartUpload(String uploadId) throws Exception {
    String object = "uploads/" + uploadId + "/data";
    String s3UploadId = s3UploadId(uploadId);
    List<Part> parts =
        client
            .listParts(
                ListPartsArgs.builder().bucket(bucket).object(object).uploadId(s3UploadId).build())
            .get()
            .result()
            .parts();
    client
        .completeMultipartUpload(
            CompleteMultipartUploadArgs.builder()
                .bucket(bucket)
                .object(object)
                .uploadId(s3UploadId)
                .parts(
                    parts.stream()
                        .map(p -> new Part(p.partNumber(), p.etag()))
                        .toArray(Part[]::new))
                .build())
        .get();
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (Exception e) {
      throw new IllegalStateException("could not close the inspecting client", e);
    }
  }
}
