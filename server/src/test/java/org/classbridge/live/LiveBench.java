package org.classbridge.live;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.classbridge.http.ApiRouter;
import org.classbridge.http.Authenticator;
import org.classbridge.http.Feature;
import org.classbridge.http.HttpOptions;
import org.classbridge.http.WebAssets;
import org.classbridge.identity.Principal;
import org.classbridge.identity.Role;

/**
 * Signalling at scale (BENCHMARKS.md, live classroom): 2,000 classrooms in 500 sessions relay
 * messages through the bridge, against a raw Vert.x WebSocket relay (the floor: a map from id to
 * socket, no checks) in the same run and process; then a join storm of 20 classrooms within one
 * second through the join route and the bridge.
 *
 * <p>The timetable and the token check are in memory here (sessions that are live now, tokens that
 * name their teacher): the benchmark measures the bridge, the checks and the relay, not the
 * database, whose reads happen once per REGISTER and are measured elsewhere.
 */
public final class LiveBench {
  static final int PER_SESSION = 4;
  static final Duration RUN = Duration.ofSeconds(20);
  static final Duration WARM = Duration.ofSeconds(5);
  static final long EVERY_MS = 500;

  private LiveBench() {}

  /** One simulated classroom: where it sends and how it is named. */
  record Seat(
      UUID session, String endpoint, String token, String inbox, String room, String send) {}

  public static void main(String[] args) throws Exception {
    int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    Vertx server = Vertx.vertx();
    Map<String, Principal> tokens = new ConcurrentHashMap<>();
    Map<UUID, SessionAccess.LiveSession> booked = new ConcurrentHashMap<>();
    List<List<Seat>> rooms = new ArrayList<>();
    Instant now = Instant.now();
    for (int i = 0; i < sessions + 5; i++) {
      rooms.add(session(now, tokens, booked));
    }
    SessionAccess access = new InMemoryAccess(booked);
    Authenticator auth =
        token -> {
          Principal p = tokens.get(token);
          return p == null
              ? Future.failedFuture(new IllegalStateException("bad token"))
              : Future.succeededFuture(p);
        };
    LiveFeature live =
        new LiveFeature(
            server, auth, access, LiveConfig.defaults(), Clock.systemUTC(), Optional.empty());
    for (Feature.VerticleSpec v : live.verticles()) {
      server.deployVerticle(v.verticle(), new io.vertx.core.DeploymentOptions()).await();
    }
    HttpOptions http =
        new HttpOptions(
            "127.0.0.1", 0, 1 << 20, 1 << 20, false, Duration.ofSeconds(5), 2, Optional.empty());
    int ours =
        listen(
            server,
            () ->
                ApiRouter.withMounts(
                    server,
                    ApiRouter.create(
                        server, http, auth, live.routes(), WebAssets.load("webroot"), List.of()),
                    live.mounts()));
    int floor = floorRelay(server);
    System.out.printf(
        "machine: %d cores; server: 2 event loops; %d sessions x %d classrooms = %d clients, each sending one message every %d ms%n",
        Runtime.getRuntime().availableProcessors(),
        sessions,
        PER_SESSION,
        sessions * PER_SESSION,
        EVERY_MS);
    List<List<Seat>> load = rooms.subList(0, sessions);
    Result f = relay(floor, load, true);
    Result o = relay(ours, load, false);
    System.out.println();
    System.out.println(
        "| relay | clients | messages | p50 ms | p99 ms | max ms | CPU (cores, whole process) | heap per connection |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    System.out.println(f.row("raw Vert.x WebSocket relay (floor)"));
    System.out.println(o.row("Classbridge bridge (checks, stamping, rosters)"));
    System.out.printf("%nratio to the floor: p50 %.2f, p99 %.2f%n", o.p50 / f.p50, o.p99 / f.p99);
    storm(ours, rooms.subList(sessions, sessions + 5));
    server.close().await();
  }

  /** A session live now with a teacher and three receiving classrooms, each with a token. */
  static List<Seat> session(
      Instant now, Map<String, Principal> tokens, Map<UUID, SessionAccess.LiveSession> booked) {
    UUID id = UUID.randomUUID();
    UUID group = UUID.randomUUID();
    UUID school = UUID.randomUUID();
    UUID teacher = UUID.randomUUID();
    SessionAccess.Room main =
        new SessionAccess.Room(UUID.randomUUID(), "A201", "西宁", false, Optional.empty(), false);
    List<SessionAccess.ReceivingRoom> receivers = new ArrayList<>();
    List<UUID> assistants = new ArrayList<>();
    for (int r = 0; r < PER_SESSION - 1; r++) {
      UUID assistant = UUID.randomUUID();
      assistants.add(assistant);
      receivers.add(
          new SessionAccess.ReceivingRoom(
              new SessionAccess.Room(
                  UUID.randomUUID(), "R" + r, "玉树", false, Optional.of(2000), false),
              UUID.randomUUID(),
              Optional.of(assistant)));
    }
    SessionAccess.LiveSession s =
        new SessionAccess.LiveSession(
            id,
            group,
            now.minusSeconds(60),
            now.plusSeconds(3600),
            true,
            org.classbridge.schedule.ClassSession.roomNameFor(id),
            "maths",
            Optional.empty(),
            teacher,
            "王明",
            main,
            receivers,
            List.of(),
            List.of());
    booked.put(id, s);
    List<Seat> seats = new ArrayList<>();
    List<UUID> people = new ArrayList<>();
    people.add(teacher);
    people.addAll(assistants);
    List<org.classbridge.live.Seat> expected = LiveRules.expected(s);
    for (int i = 0; i < PER_SESSION; i++) {
      String token = "t-" + UUID.randomUUID();
      tokens.put(
          token,
          new Principal(
              people.get(i), "u" + i, Role.TEACHER, Optional.of(school), Optional.of(group)));
      String ep = expected.get(i).endpointId();
      seats.add(
          new Seat(
              id, ep, token, Addresses.inbox(id, ep), Addresses.room(id), Addresses.inbound(id)));
    }
    return seats;
  }

  static int listen(
      Vertx vertx,
      java.util.function.Supplier<io.vertx.core.Handler<io.vertx.core.http.HttpServerRequest>>
          router)
      throws Exception {
    return serve(vertx, server -> server.requestHandler(router.get()));
  }

  /** The floor: first text message names the socket; later ones go to the socket they name. */
  static int floorRelay(Vertx vertx) throws Exception {
    Map<String, ServerWebSocket> byId = new ConcurrentHashMap<>();
    return serve(
        vertx,
        server ->
            server.webSocketHandler(
                ws -> {
                  String[] me = new String[1];
                  ws.textMessageHandler(
                      text -> {
                        JsonObject m = new JsonObject(text);
                        if (me[0] == null) {
                          me[0] = m.getString("id");
                          byId.put(me[0], ws);
                          ws.writeTextMessage("{\"ok\":true}");
                          return;
                        }
                        ServerWebSocket to = byId.get(m.getString("to"));
                        if (to != null) {
                          to.writeTextMessage(text);
                        }
                      });
                  ws.closeHandler(
                      v -> {
                        if (me[0] != null) {
                          byId.remove(me[0]);
                        }
                      });
                }));
  }

  /** An HTTP server on two event loops, as the real one runs, on a free port; its port. */
  static int serve(Vertx vertx, java.util.function.Consumer<io.vertx.core.http.HttpServer> setup)
      throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    vertx
        .deployVerticle(
            () ->
                new VerticleBase() {
                  @Override
                  public Future<?> start() {
                    io.vertx.core.http.HttpServer server = vertx.createHttpServer();
                    setup.accept(server);
                    return server.listen(port, "127.0.0.1");
                  }
                },
            new io.vertx.core.DeploymentOptions().setInstances(2))
        .await();
    return port;
  }

  record Result(
      int clients,
      long messages,
      double p50,
      double p99,
      double max,
      double cores,
      long heapPerConnection) {
    String row(String name) {
      return String.format(
          "| %s | %d | %d | %.2f | %.2f | %.1f | %.2f | %,d B |",
          name, clients, messages, p50, p99, max, cores, heapPerConnection);
    }
  }

  static long heapUsed() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }

  static Result relay(int port, List<List<Seat>> load, boolean floor) throws Exception {
    Vertx vertx = Vertx.vertx();
    WebSocketClient client =
        vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(10_000));
    long before = heapUsed();
    Map<String, WebSocket> sockets = new ConcurrentHashMap<>();
    long[] latencies = new long[4_000_000];
    AtomicInteger count = new AtomicInteger();
    AtomicInteger ready = new AtomicInteger();
    boolean[] measuring = {false};
    List<Seat> all = load.stream().flatMap(List::stream).toList();
    // connect in waves, as a district's classrooms come online over a minute, not in one packet
    for (int from = 0; from < all.size(); from += 100) {
      List<Future<Void>> wave = new ArrayList<>();
      for (Seat seat : all.subList(from, Math.min(all.size(), from + 100))) {
        Promise<Void> entered = Promise.promise();
        wave.add(entered.future());
        client
            .connect(port, "127.0.0.1", floor ? "/" : "/eventbus/websocket")
            .onSuccess(
                ws -> {
                  sockets.put(seat.endpoint() + seat.session(), ws);
                  Runnable onReady =
                      () -> {
                        ready.incrementAndGet();
                        entered.tryComplete();
                      };
                  java.util.function.Consumer<String> onText =
                      text -> {
                        if (text.indexOf("\"bench\"") < 0) {
                          if (floor ? text.contains("\"ok\"") : text.contains("\"roster\"")) {
                            onReady.run();
                          }
                          return;
                        }
                        int at = text.indexOf("\"t\":");
                        long t =
                            Long.parseLong(text.substring(at + 4, text.indexOf('}', at)).trim());
                        if (measuring[0]) {
                          int i = count.getAndIncrement();
                          if (i < latencies.length) {
                            latencies[i] = System.nanoTime() - t;
                          }
                        }
                      };
                  ws.textMessageHandler(onText::accept);
                  ws.binaryMessageHandler(b -> onText.accept(b.toString()));
                  if (floor) {
                    ws.writeTextMessage(
                        new JsonObject().put("id", seat.endpoint() + seat.session()).encode());
                  } else {
                    JsonObject headers =
                        new JsonObject().put("authorization", "Bearer " + seat.token());
                    ws.writeTextMessage(
                        new JsonObject()
                            .put("type", "register")
                            .put("address", seat.room())
                            .put("headers", headers)
                            .encode());
                    ws.writeTextMessage(
                        new JsonObject()
                            .put("type", "register")
                            .put("address", seat.inbox())
                            .put("headers", headers)
                            .encode());
                    vertx.setPeriodic(5000, x -> ws.writeTextMessage("{\"type\":\"ping\"}"));
                  }
                })
            .onFailure(entered::tryFail);
      }
      Future.all(wave).await(60, TimeUnit.SECONDS);
    }
    long after = heapUsed();
    // every classroom sends to another of its session, each on its own jittered timer
    for (List<Seat> session : load) {
      for (Seat seat : session) {
        WebSocket ws = sockets.get(seat.endpoint() + seat.session());
        vertx.setTimer(
            1 + ThreadLocalRandom.current().nextLong(EVERY_MS),
            first ->
                vertx.setPeriodic(
                    EVERY_MS,
                    tick -> {
                      Seat to = session.get(ThreadLocalRandom.current().nextInt(session.size()));
                      if (to == seat) {
                        return;
                      }
                      long t = System.nanoTime();
                      String text =
                          floor
                              ? "{\"to\":\""
                                  + to.endpoint()
                                  + to.session()
                                  + "\",\"payload\":{\"type\":\"bench\",\"t\":"
                                  + t
                                  + "}}"
                              : "{\"type\":\"send\",\"address\":\""
                                  + seat.send()
                                  + "\",\"body\":{\"v\":1,\"colibriClass\":\"EndpointMessage\",\"to\":\""
                                  + to.endpoint()
                                  + "\",\"payload\":{\"type\":\"bench\",\"t\":"
                                  + t
                                  + "}}}";
                      ws.writeTextMessage(text);
                    }));
      }
    }
    Thread.sleep(WARM.toMillis());
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    long wall0 = System.nanoTime();
    measuring[0] = true;
    Thread.sleep(RUN.toMillis());
    measuring[0] = false;
    long cpu = os.getProcessCpuTime() - cpu0;
    long wall = System.nanoTime() - wall0;
    int n = Math.min(count.get(), latencies.length);
    long[] sorted = Arrays.copyOf(latencies, n);
    Arrays.sort(sorted);
    sockets.values().forEach(WebSocket::close);
    vertx.close().await(30, TimeUnit.SECONDS);
    Thread.sleep(2000);
    if (ready.get() != load.size() * PER_SESSION) {
      System.out.println("warning: only " + ready.get() + " clients entered");
    }
    return new Result(
        ready.get(),
        n,
        sorted[n / 2] / 1e6,
        sorted[(int) (n * 0.99)] / 1e6,
        sorted[n - 1] / 1e6,
        (double) cpu / wall,
        (after - before) / Math.max(1, ready.get()));
  }

  /**
   * 20 classrooms (5 sessions x 4) join within one second: join route, socket, registers, roster.
   */
  static void storm(int port, List<List<Seat>> sessions) throws Exception {
    Vertx vertx = Vertx.vertx();
    HttpClient http =
        vertx.createHttpClient(
            new HttpClientOptions(), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(50));
    WebSocketClient ws = vertx.createWebSocketClient();
    List<Seat> all = sessions.stream().flatMap(List::stream).toList();
    List<Future<Long>> joins = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < all.size(); i++) {
      Seat seat = all.get(i);
      Promise<Long> done = Promise.promise();
      joins.add(done.future());
      long at = 1 + (1000L * i) / all.size();
      vertx.setTimer(
          at,
          t -> {
            long t0 = System.nanoTime();
            http.request(
                    HttpMethod.GET,
                    port,
                    "127.0.0.1",
                    "/api/v1/sessions/" + seat.session() + "/join")
                .compose(r -> r.putHeader("Authorization", "Bearer " + seat.token()).send())
                .compose(
                    r ->
                        r.statusCode() == 200
                            ? r.body()
                            : Future.failedFuture("join " + r.statusCode()))
                .compose(b -> ws.connect(port, "127.0.0.1", "/eventbus/websocket"))
                .onSuccess(
                    sock -> {
                      java.util.function.Consumer<String> onText =
                          text -> {
                            if (text.contains("\"roster\"")) {
                              done.tryComplete(System.nanoTime() - t0);
                            }
                          };
                      sock.textMessageHandler(onText::accept);
                      sock.binaryMessageHandler(b -> onText.accept(b.toString()));
                      JsonObject headers =
                          new JsonObject().put("authorization", "Bearer " + seat.token());
                      sock.writeTextMessage(
                          new JsonObject()
                              .put("type", "register")
                              .put("address", seat.room())
                              .put("headers", headers)
                              .encode());
                      sock.writeTextMessage(
                          new JsonObject()
                              .put("type", "register")
                              .put("address", seat.inbox())
                              .put("headers", headers)
                              .encode());
                    })
                .onFailure(done::tryFail);
          });
    }
    Future.all(joins).await(30, TimeUnit.SECONDS);
    long[] ms = joins.stream().mapToLong(f -> f.result()).sorted().toArray();
    System.out.printf(
        "%njoin storm: %d classrooms within 1 s, all in their room after %.0f ms; per classroom (join route + WebSocket + 2 REGISTERs + roster): p50 %.1f ms, p95 %.1f ms, max %.1f ms%n",
        ms.length,
        (System.nanoTime() - start) / 1e6,
        ms[ms.length / 2] / 1e6,
        ms[(int) Math.ceil(ms.length * 0.95) - 1] / 1e6,
        ms[ms.length - 1] / 1e6);
    vertx.close().await();
  }

  /** The timetable in memory: the sessions above, all live now; no connection log. */
  record InMemoryAccess(Map<UUID, SessionAccess.LiveSession> sessions) implements SessionAccess {
    @Override
    public Future<Optional<LiveSession>> session(UUID sessionId) {
      return Future.succeededFuture(Optional.ofNullable(sessions.get(sessionId)));
    }

    @Override
    public Future<java.util.Set<UUID>> observes(UUID userId) {
      return Future.succeededFuture(java.util.Set.of());
    }

    @Override
    public Future<List<UUID>> classesOf(UUID userId) {
      return Future.succeededFuture(List.of());
    }

    @Override
    public Future<UUID> joined(
        UUID sessionId, String endpointId, UUID userId, Optional<UUID> classroomId, Instant at) {
      return Future.succeededFuture(UUID.randomUUID());
    }

    @Override
    public Future<Void> left(UUID connectionId, Instant at) {
      return Future.succeededFuture();
    }
  }
}
