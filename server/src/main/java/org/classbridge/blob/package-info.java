/**
 * Content-addressed object storage (local files or MinIO): objects named by their SHA-256,
 * resumable upload sessions, and delivery as a zero-copy file range or a presigned redirect. It
 * stores bytes; what they are is the caller's business.
 *
 * <p>May import: {@code common} (the {@code Unavailable} mark its outage exception carries), and
 * otherwise the MinIO SDK and the JDK only.
 */
package org.classbridge.blob;
