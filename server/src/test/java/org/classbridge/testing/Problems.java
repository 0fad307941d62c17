package org.classbridge.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;

/** What every refusal must look like on the wire, checked the same way by every API test. */
public final class Problems {
  private Problems() {}

  /** A problem+json answer with this status and stable code, naming the request it answers. */
  public static void assertProblem(Api.Response r, int status, String code) {
    assertThat(r.status()).as("%s", r).isEqualTo(status);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    JsonObject p = r.json();
    assertThat(p.getString("code")).as("%s", r).isEqualTo(code);
    assertThat(p.getInteger("status")).isEqualTo(status);
    assertThat(p.getString("type")).isEqualTo("urn:classbridge:problem:" + code);
    assertThat(p.getString("title")).isNotBlank();
    assertThat(p.getString("requestId")).isEqualTo(r.header("X-Request-Id"));
  }
}
