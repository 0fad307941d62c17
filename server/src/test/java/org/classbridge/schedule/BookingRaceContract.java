package org.classbridge.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.classbridge.app.Classbridge;
import org.classbridge.testing.Api;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * No double booking under contention, on one database: 30 rounds of 16 concurrent requests that all
 * want the same teacher at the same time, each naming its rooms and classes in a different order
 * (so careless locking would deadlock). Exactly one wins each round, the others are told about the
 * conflict, nobody sees a 5xx or a lock timeout, and the timetable afterwards has no overlap for
 * any resource.
 */
abstract class BookingRaceContract {
  static final int ROUNDS = 30;
  static final int CONTENDERS = 16;

  static Classbridge app;
  static Api api;
  static DemoGroup demo;

  /** Starts {@link #app} on the database under test, with the demo data. */
  static void open(Classbridge started) {
    app = started;
    api = new Api(app.port());
    demo = new DemoGroup(api);
  }

  @AfterAll
  static void close() {
    if (app != null) {
      app.close();
      app = null;
    }
  }

  /** A request for teacher.xining with receivers drawn (and ordered) at random. */
  static JsonObject contender(Random random, String day, int period) {
    List<JsonObject> receivers =
        new ArrayList<>(
            List.of(
                new JsonObject()
                    .put("classroomId", demo.room(DemoGroup.YUSHU, "专递课堂接收室"))
                    .put("classId", demo.klass(DemoGroup.YUSHU, "八年级（1）班")),
                new JsonObject()
                    .put("classroomId", demo.room(DemoGroup.GUOLUO, "同步课堂教室"))
                    .put("classId", demo.klass(DemoGroup.GUOLUO, "八年级（1）班")),
                new JsonObject()
                    .put("classroomId", demo.room(DemoGroup.HAIXI, "录播接收教室"))
                    .put("classId", demo.klass(DemoGroup.HAIXI, "八年级（2）班"))));
    java.util.Collections.shuffle(receivers, random);
    JsonArray chosen = new JsonArray();
    receivers.subList(0, 1 + random.nextInt(3)).forEach(chosen::add);
    String room = random.nextBoolean() ? "主讲教室 A201" : "主讲教室 A202";
    return new JsonObject()
        .put("termId", demo.termId)
        .put("subject", "maths")
        .put("teacherId", demo.users.get("teacher.xining"))
        .put("mainClassroomId", demo.room(DemoGroup.XINING, room))
        .put("receivers", chosen)
        .put("day", day)
        .put("period", period);
  }

  @Test
  @DisplayName(
      "30 rounds x 16 concurrent conflicting bookings: one winner each, no 5xx, no overlap")
  void race() throws Exception {
    Random random = new Random(20261129);
    List<String[]> slots = new ArrayList<>();
    for (LocalDate d = LocalDate.parse("2027-01-04"); slots.size() < ROUNDS; d = d.plusDays(1)) {
      if (d.getDayOfWeek().getValue() > 5 || d.equals(LocalDate.parse("2027-01-01"))) {
        continue;
      }
      for (int period : new int[] {1, 4, 7}) {
        if (slots.size() < ROUNDS) {
          slots.add(new String[] {d.toString(), Integer.toString(period)});
        }
      }
    }
    String token = demo.token("coordinator");
    ExecutorService pool = Executors.newFixedThreadPool(CONTENDERS);
    Map<Integer, Integer> statuses = new HashMap<>();
    try {
      for (String[] slot : slots) {
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Api.Response>> answers = new ArrayList<>();
        for (int i = 0; i < CONTENDERS; i++) {
          JsonObject body = contender(random, slot[0], Integer.parseInt(slot[1]));
          answers.add(
              CompletableFuture.supplyAsync(
                  () -> {
                    try {
                      go.await();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    return api.send(
                        api.builder("/api/v1/sessions", token)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
                  },
                  pool));
        }
        go.countDown();
        int won = 0;
        for (CompletableFuture<Api.Response> a : answers) {
          Api.Response r = a.get();
          statuses.merge(r.status(), 1, Integer::sum);
          if (r.status() == 201) {
            won++;
          } else {
            assertThat(r.status()).as("%s", r).isEqualTo(409);
            assertThat(r.code()).isEqualTo("booking-conflict");
          }
        }
        assertThat(won).as("winners on %s period %s", slot[0], slot[1]).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(statuses).containsOnlyKeys(201, 409);
    assertThat(statuses.get(201)).isEqualTo(ROUNDS);

    // and the timetable agrees: no resource is in two overlapping sessions
    JsonArray all =
        api.get(
                "/api/v1/timetable?scope=group&id="
                    + demo.groupId
                    + "&from=2027-01-04&to=2027-01-22",
                token)
            .items();
    Map<String, List<Instant[]>> held = new HashMap<>();
    for (Object o : all) {
      JsonObject s = (JsonObject) o;
      Instant[] span = {
        Instant.parse(s.getString("startsAt")), Instant.parse(s.getString("endsAt"))
      };
      List<String> ids = new ArrayList<>();
      ids.add(s.getJsonObject("teacher").getString("id"));
      ids.add(s.getJsonObject("mainClassroom").getString("id"));
      for (Object r : s.getJsonArray("receivers")) {
        ids.add(((JsonObject) r).getJsonObject("classroom").getString("id"));
        ids.add(((JsonObject) r).getJsonObject("class").getString("id"));
      }
      for (String id : ids) {
        for (Instant[] other : held.computeIfAbsent(id, k -> new ArrayList<>())) {
          assertThat(span[0].isBefore(other[1]) && other[0].isBefore(span[1]))
              .as("%s double booked at %s", id, span[0])
              .isFalse();
        }
        held.get(id).add(span);
      }
    }
  }
}
