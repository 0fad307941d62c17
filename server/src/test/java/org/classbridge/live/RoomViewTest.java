package org.classbridge.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RoomViewTest {
  private static JsonObject entry(String id, String state) {
    return new JsonObject().put("endpointId", id).put("state", state);
  }

  @Test
  @DisplayName("a roster snapshot read before a classroom joined does not take it out again")
  void snapshotOlderThanJoin() {
    RoomView view = new RoomView();
    view.put("t-1", entry("t-1", "present"));
    long mark = view.mark();
    // the snapshot is on its way when the receiving classroom's "joined" event arrives
    view.put("r-2", entry("r-2", "present"));
    view.merge(mark, Map.of("t-1", entry("t-1", "present")));
    assertThat(view.get("r-2")).as("joined after the snapshot was asked for").isNotNull();
    assertThat(view.get("t-1")).isNotNull();
  }

  @Test
  @DisplayName("a snapshot read before a classroom left does not bring it back")
  void snapshotOlderThanLeave() {
    RoomView view = new RoomView();
    view.put("r-2", entry("r-2", "present"));
    long mark = view.mark();
    view.remove("r-2");
    view.merge(mark, Map.of("r-2", entry("r-2", "present")));
    assertThat(view.get("r-2")).isNull();
  }

  @Test
  @DisplayName("a snapshot newer than every event wins: a node that died fades out")
  void snapshotNewerThanEvents() {
    RoomView view = new RoomView();
    view.put("r-2", entry("r-2", "present"));
    view.put("r-3", entry("r-3", "present"));
    long mark = view.mark();
    view.merge(mark, Map.of("r-3", entry("r-3", "away"), "r-4", entry("r-4", "present")));
    assertThat(view.get("r-2")).as("its node stopped refreshing it").isNull();
    assertThat(view.get("r-3").getString("state")).isEqualTo("away");
    assertThat(view.get("r-4")).as("in the room before this node followed it").isNotNull();
    // the next event about r-2 after the snapshot is trusted again
    view.put("r-2", entry("r-2", "present"));
    view.merge(mark, Map.of());
    assertThat(view.get("r-2")).isNotNull();
  }

  @Test
  @DisplayName(
      "one endpoint learned from the cluster roster fills a view that has not seen its event yet, and never overrides a newer event")
  void learnOneEndpoint() {
    RoomView view = new RoomView();
    long mark = view.mark();
    // a page saw r-2 join and talks to it before this node's view applied the event
    view.learn(mark, "r-2", entry("r-2", "present"));
    assertThat(view.get("r-2")).isNotNull();
    // an entry gone from the roster changes nothing
    view.learn(view.mark(), "r-9", null);
    assertThat(view.get("r-9")).isNull();
    // a roster read asked for before r-3 left does not bring it back
    view.put("r-3", entry("r-3", "present"));
    long before = view.mark();
    view.remove("r-3");
    view.learn(before, "r-3", entry("r-3", "present"));
    assertThat(view.get("r-3")).isNull();
  }
}
