package org.classbridge.seed;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.classbridge.auth.AccountService;
import org.classbridge.common.Futures;
import org.classbridge.identity.Principal;
import org.classbridge.studio.StudioFeature;

/**
 * The demo's famous-teacher studio ({@code studios} in the demo file): the Xining maths teacher
 * leads it, the pastoral schools' teachers are members, and a lesson plan is being co-prepared in
 * Chinese and Tibetan with comments, so a teacher who opens "名师工作室" finds work in progress. Made
 * through the studio's own rules; a studio already there is left alone.
 */
public final class StudioSeeds {
  private final AccountService accounts;
  private final StudioFeature studios;
  private final JsonObject seed;

  public StudioSeeds(AccountService accounts, StudioFeature studios) {
    this.accounts = accounts;
    this.studios = studios;
    this.seed = DemoSeeds.readResource();
  }

  /** How many studios were made. */
  public Future<Integer> load() {
    JsonArray list = seed.getJsonArray("studios", new JsonArray());
    int[] made = {0};
    return Futures.inOrder(
            list.stream().map(o -> (JsonObject) o).toList(), s -> one(s).map(n -> made[0] += n))
        .map(v -> made[0]);
  }

  private Future<Integer> one(JsonObject s) {
    Set<String> names = new HashSet<>();
    names.add("coordinator");
    names.add(s.getString("lead"));
    for (Object p : s.getJsonArray("plans", new JsonArray())) {
      for (Object c : ((JsonObject) p).getJsonArray("comments", new JsonArray())) {
        names.add(((JsonObject) c).getString("author"));
      }
    }
    return accounts
        .findByUsernames(List.copyOf(names))
        .compose(
            found -> {
              Map<String, Principal> who = new HashMap<>();
              Future<Void> done = Future.succeededFuture();
              for (var e : found.entrySet()) {
                done =
                    done.compose(
                        v ->
                            accounts
                                .principalOf(e.getValue())
                                .map(
                                    p -> {
                                      who.put(e.getKey(), p);
                                      return null;
                                    }));
              }
              return done.compose(
                  v -> studios.seed(who.get("coordinator"), who.get(s.getString("lead")), who, s));
            });
  }
}
