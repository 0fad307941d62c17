package org.classbridge.testing;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The demo timetable's classes the live-classroom tests stand in: teacher.xining's maths on Tuesday
 * 2026-12-01 (10:00 in Xining, receiving classrooms in Yushu and Guoluo) and physics on Monday
 * 2026-11-30 (to Haixi). A server whose clock stands at {@link #MATHS_10_05} has the maths class
 * on.
 */
public final class DemoClasses {
  /** Five minutes into the demo maths class. */
  public static final Instant MATHS_10_05 = Instant.parse("2026-12-01T02:05:00Z");

  private DemoClasses() {}

  /** The Tuesday maths session's id. */
  public static String maths(Api api) {
    return startingAt(api, "2026-12-01T02:00:00Z");
  }

  /** The Monday physics session's id. */
  public static String physics(Api api) {
    return startingAt(api, "2026-11-30T00:55:00Z");
  }

  private static String startingAt(Api api, String startsAt) {
    String teacher = api.login("teacher.xining", "classbridge");
    for (Object o :
        api.get("/api/v1/me/timetable?from=2026-11-30&to=2026-12-06", teacher).items()) {
      JsonObject s = (JsonObject) o;
      if (s.getString("startsAt").equals(startsAt)) {
        return s.getString("id");
      }
    }
    throw new AssertionError("no demo class starts at " + startsAt);
  }
}
