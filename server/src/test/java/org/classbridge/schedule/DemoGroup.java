package org.classbridge.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import org.classbridge.testing.Api;

/**
 * The demo group's ids as a coordinator finds them through the API: tokens per demo user, user ids,
 * schools, classrooms and classes by name, and the demo term.
 */
final class DemoGroup {
  final Api api;
  final Map<String, String> tokens = new HashMap<>();
  final Map<String, String> users = new HashMap<>();
  final Map<String, String> schools = new HashMap<>();
  final Map<String, String> rooms = new HashMap<>();
  final Map<String, String> classes = new HashMap<>();
  final String groupId;
  final String termId;

  static final String XINING = "西宁市课桥实验中学";
  static final String YUSHU = "玉树州通天河寄宿学校";
  static final String GUOLUO = "果洛州雪莲牧区学校";
  static final String HAIXI = "海西州柴达木乡村学校";

  DemoGroup(Api api) {
    this.api = api;
    for (String u :
        new String[] {
          "admin", "coordinator", "teacher.xining", "teacher.yushu", "teacher.guoluo",
          "teacher.haixi", "student.yushu", "student.yushu2", "student.guoluo", "student.haixi"
        }) {
      String t = api.login(u, "classbridge");
      tokens.put(u, t);
      users.put(u, api.get("/api/v1/me", t).json().getJsonObject("user").getString("id"));
    }
    JsonObject dash = api.get("/api/v1/me/dashboard", token("coordinator")).json();
    String group = null;
    for (Object o : dash.getJsonArray("schools")) {
      JsonObject s = (JsonObject) o;
      group = s.getString("groupId");
      schools.put(s.getString("name"), s.getString("id"));
      for (Object r : s.getJsonArray("classrooms")) {
        JsonObject room = (JsonObject) r;
        rooms.put(s.getString("name") + "/" + room.getString("name"), room.getString("id"));
      }
      JsonArray ks =
          api.get("/api/v1/schools/" + s.getString("id") + "/classes", token("coordinator"))
              .items();
      for (Object k : ks) {
        JsonObject klass = (JsonObject) k;
        classes.put(s.getString("name") + "/" + klass.getString("name"), klass.getString("id"));
      }
    }
    this.groupId = group;
    JsonArray terms = api.get("/api/v1/terms", token("coordinator")).items();
    assertThat(terms).as("the demo term").hasSize(1);
    this.termId = terms.getJsonObject(0).getString("id");
  }

  String token(String user) {
    return tokens.get(user);
  }

  String room(String school, String name) {
    return rooms.get(school + "/" + name);
  }

  String klass(String school, String name) {
    return classes.get(school + "/" + name);
  }

  /**
   * teacher.xining in A202 teaching Haixi's class 8-2: free of the demo series except Mon/Wed P2.
   */
  JsonObject physicsToHaixi() {
    return new JsonObject()
        .put("termId", termId)
        .put("subject", "physics")
        .put("teacherId", users.get("teacher.xining"))
        .put("mainClassroomId", room(XINING, "主讲教室 A202"))
        .put(
            "receivers",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("classroomId", room(HAIXI, "录播接收教室"))
                        .put("classId", klass(HAIXI, "八年级（2）班"))
                        .put("assistantId", users.get("teacher.haixi"))));
  }

  /** A booking body: {@link #physicsToHaixi} on a day and period of Xining's grid. */
  JsonObject onPeriod(String day, int period) {
    return physicsToHaixi().put("day", day).put("period", period);
  }
}
