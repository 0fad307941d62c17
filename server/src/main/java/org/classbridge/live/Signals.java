package org.classbridge.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks one signalling message from a classroom and says what becomes of it (INTEROP.md A). Three
 * kinds of message arrive: Jingle-shaped {@code action}s between two endpoints, class control named
 * as Videobridge names its bridge-channel messages ({@code colibriClass}), and requests to the
 * server ({@code type}). Whatever the client wrote as {@code from} is replaced with the sender's
 * endpoint; unknown fields, actions or classes are {@code bad-request}.
 */
final class Signals {
  static final int VERSION = 1;

  static final Set<String> ACTIONS =
      Set.of(
          "session-initiate",
          "session-accept",
          "session-terminate",
          "transport-info",
          "source-add",
          "source-remove",
          "content-modify",
          "session-info");

  private static final Set<String> SENDERS = Set.of("both", "none", "initiator", "responder");
  private static final Pattern SID = Pattern.compile("[A-Za-z0-9._~-]{1,64}");
  private static final Pattern SOURCE = Pattern.compile("([mor]-[0-9a-f]{12})-([av])([0-9]{1,2})");
  private static final Pattern CONDITION = Pattern.compile("[a-z][a-z-]{0,39}");
  private static final Pattern PAYLOAD_TYPE = Pattern.compile("[a-z][a-z0-9-]{0,31}");
  private static final int MAX_CANDIDATES = 50;
  private static final int MAX_SOURCES = 64;
  private static final int MAX_PAYLOAD = 4096;

  private static final Set<String> JINGLE_FIELDS =
      Set.of(
          "v",
          "sid",
          "action",
          "initiator",
          "from",
          "to",
          "sdp",
          "candidates",
          "sources",
          "senders",
          "reason",
          "restart",
          "muted");

  private Signals() {}

  /** What becomes of a message. */
  sealed interface Verdict {}

  /** Deliver to one endpoint. */
  record Direct(String to, JsonObject body) implements Verdict {}

  /** Publish to the whole room. */
  record Everyone(JsonObject body) implements Verdict {}

  /** The sender asks for the roster. */
  record RosterRequest() implements Verdict {}

  /** Refused, with a Jingle-like error condition sent back to the sender. */
  record Refused(String condition, String text) implements Verdict {}

  /** The sender and what the server knows about the room at this moment. */
  record Context(
      UUID session,
      Seat sender,
      Function<String, Optional<Seat.Part>> present,
      JingleSessions jingle) {}

  static Verdict check(Object raw, Context ctx) {
    if (!(raw instanceof JsonObject body)) {
      return bad("a message is a JSON object");
    }
    Object v = body.getValue("v");
    if (!(v instanceof Number n) || n.doubleValue() != VERSION) {
      return bad("v must be " + VERSION);
    }
    int kinds =
        (body.containsKey("action") ? 1 : 0)
            + (body.containsKey("colibriClass") ? 1 : 0)
            + (body.containsKey("type") ? 1 : 0);
    if (kinds != 1) {
      return bad("a message has exactly one of action, colibriClass and type");
    }
    if (body.containsKey("action")) {
      return jingle(body, ctx);
    }
    if (body.containsKey("colibriClass")) {
      return control(body, ctx);
    }
    if ("roster".equals(body.getValue("type")) && body.size() == 2) {
      return new RosterRequest();
    }
    return bad("unknown request type");
  }

  // --- Jingle

  private static Verdict jingle(JsonObject in, Context ctx) {
    for (String k : in.fieldNames()) {
      if (!JINGLE_FIELDS.contains(k)) {
        return bad("unknown field " + k);
      }
    }
    String action = str(in, "action");
    if (action == null || !ACTIONS.contains(action)) {
      return bad("unknown action");
    }
    String sid = str(in, "sid");
    if (sid == null || !SID.matcher(sid).matches()) {
      return bad("sid: 1 to 64 letters, digits or ._~-");
    }
    String to = str(in, "to");
    if (to == null || !Seat.ENDPOINT.matcher(to).matches()) {
      return bad("to: an endpoint id");
    }
    String from = ctx.sender().endpointId();
    if (to.equals(from)) {
      return bad("an endpoint does not signal itself");
    }
    if (ctx.present().apply(to).isEmpty()) {
      return new Refused("item-not-found", "endpoint " + to + " is not in the room");
    }
    JsonObject out = new JsonObject().put("v", VERSION).put("sid", sid).put("action", action);
    out.put("from", from).put("to", to);
    Optional<JingleSessions.Peers> known = ctx.jingle().get(ctx.session(), sid);
    if (action.equals("session-initiate")) {
      // Jitsi's P2P rule: of two endpoints, the smaller id offers, so two pages never both offer
      if (from.compareTo(to) > 0) {
        return bad("the endpoint with the smaller id sends session-initiate (" + to + ")");
      }
      if (known.isPresent()) {
        return new Refused("service-unavailable", "session " + sid + " is already live");
      }
      out.put("initiator", from);
    } else {
      if (known.isEmpty() || !known.get().has(from) || !known.get().other(from).equals(to)) {
        return new Refused("unknown-session", "no session " + sid + " between you and " + to);
      }
      out.put("initiator", known.get().initiator());
    }
    Refused problem =
        switch (action) {
          case "session-initiate", "session-accept" -> {
            Refused r = sdp(in, out, true);
            yield r != null ? r : sources(in, out, ctx, false);
          }
          case "transport-info" -> transport(in, out);
          case "source-add", "source-remove" -> sources(in, out, ctx, true);
          case "content-modify" -> {
            String s = str(in, "senders");
            yield s != null && SENDERS.contains(s)
                ? put(out, "senders", s)
                : bad("senders: both, none, initiator or responder");
          }
          case "session-info" -> info(in, out);
          case "session-terminate" -> reason(in, out);
          default -> bad("unknown action");
        };
    if (problem != null) {
      return problem;
    }
    if (ctx.sender().part() == Seat.Part.OBSERVER
        && (action.equals("source-add")
            || !out.getJsonArray("sources", new JsonArray()).isEmpty())) {
      return new Refused("forbidden", "observers watch; they send no media");
    }
    return new Direct(to, out);
  }

  private static Refused sdp(JsonObject in, JsonObject out, boolean required) {
    Object sdp = in.getValue("sdp");
    if (sdp == null && !required) {
      return null;
    }
    if (!(sdp instanceof String s) || s.isEmpty() || !s.startsWith("v=0")) {
      return bad("sdp: a session description starting v=0");
    }
    out.put("sdp", s);
    return null;
  }

  private static Refused transport(JsonObject in, JsonObject out) {
    Object c = in.getValue("candidates");
    if (c == null && in.getValue("sdp") == null) {
      return bad("transport-info carries candidates[] or an sdp (ICE restart)");
    }
    if (c != null) {
      if (!(c instanceof JsonArray list) || list.size() > MAX_CANDIDATES) {
        return bad("candidates: an array of at most " + MAX_CANDIDATES);
      }
      JsonArray clean = new JsonArray();
      for (Object o : list) {
        if (!(o instanceof JsonObject cand)) {
          return bad("a candidate is an object");
        }
        for (String k : cand.fieldNames()) {
          if (!Set.of("candidate", "sdpMid", "sdpMLineIndex", "usernameFragment").contains(k)) {
            return bad("unknown candidate field " + k);
          }
        }
        Object line = cand.getValue("candidate");
        // an empty candidate is WebRTC's end-of-candidates
        if (!(line instanceof String l)
            || l.length() > 1024
            || !(l.isEmpty() || l.startsWith("candidate:"))) {
          return bad("candidate: an a=candidate line value");
        }
        Object mid = cand.getValue("sdpMid");
        Object index = cand.getValue("sdpMLineIndex");
        if ((mid != null && !(mid instanceof String m && m.length() <= 32))
            || (index != null && !(index instanceof Integer i && i >= 0 && i < 64))) {
          return bad("sdpMid: a short string; sdpMLineIndex: 0..63");
        }
        Object frag = cand.getValue("usernameFragment");
        if (frag != null && !(frag instanceof String f && f.length() <= 256)) {
          return bad("usernameFragment: a string");
        }
        clean.add(cand.copy());
      }
      out.put("candidates", clean);
    }
    return sdp(in, out, false);
  }

  private static Refused sources(JsonObject in, JsonObject out, Context ctx, boolean required) {
    Object s = in.getValue("sources");
    if (s == null) {
      return required ? bad("sources[] is required") : null;
    }
    if (!(s instanceof JsonArray list)
        || list.size() > MAX_SOURCES
        || (required && list.isEmpty())) {
      return bad("sources: an array of at most " + MAX_SOURCES);
    }
    JsonArray clean = new JsonArray();
    for (Object o : list) {
      if (!(o instanceof JsonObject src)) {
        return bad("a source is an object");
      }
      for (String k : src.fieldNames()) {
        if (!Set.of("name", "mediaType", "ssrc", "msid", "videoType").contains(k)) {
          return bad("unknown source field " + k);
        }
      }
      String name = str(src, "name");
      var m = name == null ? null : SOURCE.matcher(name);
      if (m == null || !m.matches()) {
        return bad("source names are <endpoint>-a<n> or <endpoint>-v<n>");
      }
      if (!m.group(1).equals(ctx.sender().endpointId())) {
        return new Refused("forbidden", "an endpoint announces only its own sources");
      }
      String type = str(src, "mediaType");
      if (!("audio".equals(type) && m.group(2).equals("a"))
          && !("video".equals(type) && m.group(2).equals("v"))) {
        return bad("mediaType audio for -a sources, video for -v sources");
      }
      Object ssrc = src.getValue("ssrc");
      if (ssrc != null
          && !(ssrc instanceof Number x && x.longValue() >= 0 && x.longValue() <= 0xffffffffL)) {
        return bad("ssrc: 0..2^32-1");
      }
      for (String k : new String[] {"msid", "videoType"}) {
        Object x = src.getValue(k);
        if (x != null && !(x instanceof String t && t.length() <= 128)) {
          return bad(k + ": a string");
        }
      }
      clean.add(src.copy());
    }
    out.put("sources", clean);
    return null;
  }

  private static Refused info(JsonObject in, JsonObject out) {
    for (String k : new String[] {"restart", "muted"}) {
      Object x = in.getValue(k);
      if (x != null) {
        if (!(x instanceof Boolean b)) {
          return bad(k + ": true or false");
        }
        out.put(k, b);
      }
    }
    return null;
  }

  private static Refused reason(JsonObject in, JsonObject out) {
    Object r = in.getValue("reason");
    if (r == null) {
      return null;
    }
    if (!(r instanceof JsonObject reason)) {
      return bad("reason: {condition, text}");
    }
    String condition = str(reason, "condition");
    Object text = reason.getValue("text");
    if (condition == null
        || !CONDITION.matcher(condition).matches()
        || (text != null && !(text instanceof String t && t.length() <= 200))
        || reason.size() > 2) {
      return bad("reason: {condition: a Jingle condition, text: at most 200 characters}");
    }
    out.put("reason", new JsonObject().put("condition", condition).put("text", text));
    return null;
  }

  // --- class control (Videobridge's bridge-channel message names)

  private static Verdict control(JsonObject in, Context ctx) {
    String kind = str(in, "colibriClass");
    Seat sender = ctx.sender();
    JsonObject out =
        new JsonObject()
            .put("v", VERSION)
            .put("colibriClass", kind)
            .put("from", sender.endpointId());
    if (kind == null) {
      return bad("colibriClass: a string");
    }
    return switch (kind) {
      case "ReceiverVideoConstraints" -> constraints(in, out, ctx);
      case "LastNChangedEvent" -> {
        if (sender.part() != Seat.Part.MAIN) {
          yield new Refused("forbidden", "the main classroom sets what others receive");
        }
        Refused r = only(in, Set.of("v", "colibriClass", "from", "lastN", "to"));
        if (r != null) {
          yield r;
        }
        Object n = in.getValue("lastN");
        if (!(n instanceof Integer x) || x < -1 || x > 20) {
          yield bad("lastN: -1 (all) to 20");
        }
        out.put("lastN", x);
        yield target(in, out, ctx);
      }
      case "DominantSpeakerEndpointChangeEvent" -> {
        if (sender.part() != Seat.Part.MAIN) {
          yield new Refused("forbidden", "the main classroom's teacher spotlights");
        }
        Refused r = only(in, Set.of("v", "colibriClass", "from", "dominantSpeakerEndpoint"));
        if (r != null) {
          yield r;
        }
        String who = str(in, "dominantSpeakerEndpoint");
        if (who == null || ctx.present().apply(who).isEmpty()) {
          yield new Refused("item-not-found", "dominantSpeakerEndpoint: an endpoint in the room");
        }
        yield new Everyone(out.put("dominantSpeakerEndpoint", who));
      }
      case "EndpointMessage" -> {
        Refused r = only(in, Set.of("v", "colibriClass", "from", "to", "payload"));
        if (r != null) {
          yield r;
        }
        Object p = in.getValue("payload");
        if (!(p instanceof JsonObject payload)
            || !(payload.getValue("type") instanceof String t)
            || !PAYLOAD_TYPE.matcher(t).matches()
            || payload.encode().length() > MAX_PAYLOAD) {
          yield bad("payload: an object with a type, at most " + MAX_PAYLOAD + " bytes");
        }
        if (t.equals("mute") && sender.part() != Seat.Part.MAIN) {
          yield new Refused("forbidden", "only the main classroom asks others to mute");
        }
        out.put("payload", payload.copy());
        yield target(in, out, ctx);
      }
      default -> bad("unknown colibriClass " + kind);
    };
  }

  private static Verdict constraints(JsonObject in, JsonObject out, Context ctx) {
    Refused r =
        only(
            in,
            Set.of(
                "v",
                "colibriClass",
                "from",
                "lastN",
                "selectedSources",
                "onStageSources",
                "defaultConstraints",
                "constraints"));
    if (r != null) {
      return r;
    }
    Object n = in.getValue("lastN");
    if (n != null) {
      if (!(n instanceof Integer x) || x < -1 || x > 20) {
        return bad("lastN: -1 (all) to 20");
      }
      out.put("lastN", x);
    }
    for (String k : new String[] {"selectedSources", "onStageSources"}) {
      Object s = in.getValue(k);
      if (s != null) {
        if (!(s instanceof JsonArray list) || list.size() > 20) {
          return bad(k + ": at most 20 source names");
        }
        for (Object name : list) {
          if (!(name instanceof String x) || !SOURCE.matcher(x).matches()) {
            return bad(k + ": source names like m-0123456789ab-v0");
          }
        }
        out.put(k, list.copy());
      }
    }
    Object d = in.getValue("defaultConstraints");
    if (d != null) {
      Refused bad = maxHeight(d, "defaultConstraints");
      if (bad != null) {
        return bad;
      }
      out.put("defaultConstraints", ((JsonObject) d).copy());
    }
    Object c = in.getValue("constraints");
    if (c != null) {
      if (!(c instanceof JsonObject map) || map.size() > 20) {
        return bad("constraints: {<source>: {maxHeight}} for at most 20 sources");
      }
      for (Map.Entry<String, Object> e : map) {
        if (!SOURCE.matcher(e.getKey()).matches()) {
          return bad("constraints: keyed by source names");
        }
        Refused bad = maxHeight(e.getValue(), "constraints." + e.getKey());
        if (bad != null) {
          return bad;
        }
      }
      out.put("constraints", map.copy());
    }
    // in a mesh the senders shape what they send to this receiver, so everyone hears it
    return new Everyone(out);
  }

  private static Refused maxHeight(Object o, String where) {
    if (!(o instanceof JsonObject c)
        || c.size() != 1
        || !(c.getValue("maxHeight") instanceof Integer h)
        || h < 0
        || h > 2160) {
      return bad(where + ": {maxHeight: 0..2160} (0 = do not send)");
    }
    return null;
  }

  private static Verdict target(JsonObject in, JsonObject out, Context ctx) {
    Object to = in.getValue("to");
    if (to == null || "".equals(to)) {
      out.put("to", "");
      return new Everyone(out);
    }
    if (!(to instanceof String t) || !Seat.ENDPOINT.matcher(t).matches()) {
      return bad("to: an endpoint id, or \"\" for everyone");
    }
    if (ctx.present().apply(t).isEmpty()) {
      return new Refused("item-not-found", "endpoint " + t + " is not in the room");
    }
    out.put("to", t);
    return new Direct(t, out);
  }

  private static Refused only(JsonObject in, Set<String> allowed) {
    for (String k : in.fieldNames()) {
      if (!allowed.contains(k)) {
        return bad("unknown field " + k);
      }
    }
    return null;
  }

  private static Refused put(JsonObject out, String k, Object v) {
    out.put(k, v);
    return null;
  }

  private static String str(JsonObject o, String k) {
    return o.getValue(k) instanceof String s ? s : null;
  }

  private static Refused bad(String why) {
    return new Refused("bad-request", why);
  }

  /** The error a sender gets back (Jingle's error conditions). */
  static JsonObject error(Refused r, Object about) {
    JsonObject e =
        new JsonObject().put("v", VERSION).put("type", "error").put("condition", r.condition());
    e.put("text", r.text());
    if (about instanceof JsonObject a) {
      JsonObject ref = new JsonObject();
      for (String k : new String[] {"action", "colibriClass", "sid", "type"}) {
        if (a.getValue(k) instanceof String s && s.length() <= 64) {
          ref.put(k, s);
        }
      }
      e.put("about", ref);
    }
    return e;
  }
}
