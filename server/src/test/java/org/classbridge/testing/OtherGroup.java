package org.classbridge.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;

/**
 * A second education group, made by the admin through the API, with one school: for tests that
 * prove one group's people cannot reach another's.
 */
public record OtherGroup(Api api, String admin, String groupId, String schoolId) {

  /** Creates the group and its school (region given as prefecture and county). */
  public static OtherGroup create(
      Api api,
      String admin,
      String groupName,
      String schoolName,
      String prefecture,
      String county,
      String setting) {
    Api.Response group = api.post("/api/v1/groups", admin, new JsonObject().put("name", groupName));
    assertThat(group.status()).as("%s", group).isEqualTo(201);
    String groupId = group.json().getString("id");
    Api.Response school =
        api.post(
            "/api/v1/schools",
            admin,
            new JsonObject()
                .put("groupId", groupId)
                .put("name", schoolName)
                .put("region", new JsonObject().put("prefecture", prefecture).put("county", county))
                .put("setting", setting));
    assertThat(school.status()).as("%s", school).isEqualTo(201);
    return new OtherGroup(api, admin, groupId, school.json().getString("id"));
  }

  /** An account of the school, password "classbridge"; returns its id. */
  public String account(String username, String displayName, String role) {
    Api.Response created =
        api.post(
            "/api/v1/users",
            admin,
            new JsonObject()
                .put("username", username)
                .put("displayName", displayName)
                .put("role", role)
                .put("schoolId", schoolId)
                .put("password", "classbridge"));
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    return created.json().getString("id");
  }
}
