package org.classbridge.common;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A refusal with a stable machine-readable {@code code}, raised by services and rendered by the
 * HTTP layer as RFC 9457 problem+json. Services never pick HTTP statuses directly; they pick a
 * {@link Kind}, and the kind fixes the status so the same refusal answers the same everywhere.
 */
public final class Problem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public enum Kind {
    INVALID(400, "Invalid request"),
    UNAUTHENTICATED(401, "Authentication required"),
    FORBIDDEN(403, "Forbidden"),
    NOT_FOUND(404, "Not found"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    REQUEST_TIMEOUT(408, "Request timeout"),
    CONFLICT(409, "Conflict"),
    PRECONDITION_FAILED(412, "Precondition failed"),
    TOO_LARGE(413, "Request too large"),
    URI_TOO_LONG(414, "URI too long"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    RANGE_NOT_SATISFIABLE(416, "Range not satisfiable"),
    PRECONDITION_REQUIRED(428, "Precondition required"),
    THROTTLED(429, "Too many requests"),
    HEADERS_TOO_LARGE(431, "Request header fields too large"),
    INTERNAL(500, "Internal error"),
    UNAVAILABLE(503, "Service unavailable");

    private final int status;
    private final String title;

    Kind(int status, String title) {
      this.status = status;
      this.title = title;
    }

    public int status() {
      return status;
    }

    public String title() {
      return title;
    }
  }

  /** One rejected field of a request body: where, which rule, and a sentence for people. */
  public record FieldError(String field, String code, String message) {
    public FieldError {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(message, "message");
    }

    /** As problem+json and import reports write it: {@code {field, code, message}}. */
    public JsonObject toJson() {
      return new JsonObject().put("field", field).put("code", code).put("message", message);
    }
  }

  private final Kind kind;
  private final String code;
  private final List<FieldError> errors;
  private final Duration retryAfter;
  private final JsonObject members;

  private Problem(Kind kind, String code, String detail, List<FieldError> errors, Duration retry) {
    this(kind, code, detail, errors, retry, new JsonObject());
  }

  private Problem(
      Kind kind,
      String code,
      String detail,
      List<FieldError> errors,
      Duration retry,
      JsonObject members) {
    super(detail, null, false, false);
    if (code == null || !code.matches("[a-z][a-z0-9-]*")) {
      throw new IllegalArgumentException("problem codes are lower-case-kebab: " + code);
    }
    this.kind = Objects.requireNonNull(kind, "kind");
    this.code = code;
    this.errors = List.copyOf(errors);
    this.retryAfter = retry;
    this.members = members;
  }

  /**
   * The same problem with one more extension member (RFC 9457 section 3.2), for details a client
   * acts on, such as the list of dates a timetable booking collides on. Standard member names are
   * refused.
   */
  public Problem with(String name, Object value) {
    if (STANDARD_MEMBERS.contains(name)) {
      throw new IllegalArgumentException(name + " is a standard problem member");
    }
    JsonObject more = members.copy().put(name, value);
    return new Problem(kind, code, getMessage(), errors, retryAfter, more);
  }

  private static final java.util.Set<String> STANDARD_MEMBERS =
      java.util.Set.of(
          "type", "title", "status", "code", "detail", "instance", "requestId", "errors");

  /** Extension members, written beside the standard ones. */
  public JsonObject members() {
    return members.copy();
  }

  public static Problem of(Kind kind, String code, String detail) {
    return new Problem(kind, code, detail, List.of(), null);
  }

  public static Problem invalid(String code, String detail) {
    return of(Kind.INVALID, code, detail);
  }

  public static Problem validation(List<FieldError> errors) {
    String detail =
        errors.size() == 1
            ? errors.get(0).field() + ": " + errors.get(0).message()
            : errors.size() + " fields are invalid";
    return new Problem(Kind.INVALID, "validation-failed", detail, errors, null);
  }

  public static Problem notFound(String code, String detail) {
    return of(Kind.NOT_FOUND, code, detail);
  }

  public static Problem conflict(String code, String detail) {
    return of(Kind.CONFLICT, code, detail);
  }

  public static Problem forbidden(String code, String detail) {
    return of(Kind.FORBIDDEN, code, detail);
  }

  public static Problem throttled(String code, String detail, Duration retryAfter) {
    return new Problem(Kind.THROTTLED, code, detail, List.of(), retryAfter);
  }

  public static Problem unavailable(String code, String detail, Duration retryAfter) {
    return new Problem(Kind.UNAVAILABLE, code, detail, List.of(), retryAfter);
  }

  public Kind kind() {
    return kind;
  }

  public String code() {
    return code;
  }

  public String detail() {
    return getMessage();
  }

  public List<FieldError> errors() {
    return errors;
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
