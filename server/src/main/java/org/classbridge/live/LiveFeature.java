package org.classbridge.live;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.classbridge.common.SecretFile;
import org.classbridge.http.Authenticator;
import org.classbridge.http.Feature;
import org.classbridge.http.RouteSpec;

/**
 * The live classroom: the join route, the EventBus bridge at {@code /eventbus} and the presence
 * that rosters are made of. The root gives it the token check and the timetable (through {@link
 * SessionAccess}); it gives back a route, a mount and one verticle.
 */
public final class LiveFeature implements Feature {
  private final Vertx vertx;
  private final Authenticator authenticator;
  private final SessionAccess access;
  private final LiveConfig config;
  private final Clock clock;
  private final JingleSessions jingle = new JingleSessions();
  private final String node = UUID.randomUUID().toString();
  private final Presence presence;
  private final Map<SockJSSocket, Conn> conns = new ConcurrentHashMap<>();

  /** Classroom device links; empty where no key is configured (production without one). */
  private final Optional<DeviceLinks> devices;

  /** Re-checks the connections of every HTTP instance (they share {@link #conns}). */
  private final LiveBridge checks;

  public LiveFeature(
      Vertx vertx,
      Authenticator authenticator,
      SessionAccess access,
      LiveConfig config,
      Clock clock,
      Optional<Path> secretsDir) {
    this.vertx = vertx;
    this.authenticator = authenticator;
    this.access = access;
    this.config = config;
    this.clock = clock;
    this.presence = new Presence(vertx, clock, config, access, jingle, node);
    this.devices = deviceLinks(config, secretsDir);
    this.checks =
        new LiveBridge(
            vertx, authenticator, access, presence, jingle, config, clock, conns, devices, node);
  }

  /**
   * The device links' key: configured (the same on every node), or in embedded mode kept in the
   * data directory's secrets, made on first start.
   */
  private static Optional<DeviceLinks> deviceLinks(LiveConfig config, Optional<Path> secretsDir) {
    if (config.deviceKey().isPresent()) {
      return Optional.of(new DeviceLinks(config.deviceKey().get()));
    }
    if (secretsDir.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new DeviceLinks(SecretFile.readOrCreate(secretsDir.get(), "live-device.key", 32)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the device link key in " + secretsDir.get(), e);
    }
  }

  @Override
  public List<RouteSpec> routes() {
    return new LiveRoutes(access, config, clock, devices).routes();
  }

  @Override
  public List<Mount> mounts() {
    return List.of(
        new Mount(
            "/eventbus",
            "SockJS EventBus bridge: every REGISTER and SEND is checked against the caller's"
                + " token, the session's booking and window, and the caller's seat",
            v ->
                LiveBridge.router(
                    v,
                    new LiveBridge(
                        v,
                        authenticator,
                        access,
                        presence,
                        jingle,
                        config,
                        clock,
                        conns,
                        devices,
                        node),
                    config)));
  }

  @Override
  public List<VerticleSpec> verticles() {
    return List.of(new VerticleSpec("live-presence", PresenceKeeper::new, 1));
  }

  /** Live connections on this node (metrics, tests). */
  public int connections() {
    return conns.size();
  }

  /** Rooms with a classroom connected to this node (metrics). */
  public int rooms() {
    return presence.rooms();
  }

  /**
   * The sink the bridge hands messages it answered itself to, and the timer that keeps this node's
   * classrooms in the rosters and checks each connection's token, seat and session again.
   */
  private final class PresenceKeeper extends VerticleBase {
    @Override
    public Future<?> start() {
      long every = Math.max(1000, config.presenceTimeout().toMillis() / 3);
      vertx.setPeriodic(
          every,
          t -> {
            presence.refresh();
            checks.recheck();
          });
      // messages for this node's classrooms from other nodes: delivered to the inbox here only
      Future<Void> relay =
          vertx
              .eventBus()
              .<JsonObject>consumer(
                  Addresses.node(node),
                  m ->
                      vertx
                          .eventBus()
                          .publish(
                              m.body().getString("inbox"),
                              m.body().getJsonObject("body"),
                              new DeliveryOptions().setLocalOnly(true)))
              .completion();
      Future<Void> sink = vertx.eventBus().<Object>consumer(Addresses.SINK, m -> {}).completion();
      return Future.all(relay, sink);
    }
  }
}
