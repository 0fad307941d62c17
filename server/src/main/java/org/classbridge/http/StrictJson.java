package org.classbridge.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.classbridge.common.Problem;

/**
 * JSON request bodies decoded strictly (RFC 8259 and RFC 3629), because lenient decoding changed
 * what a request meant: {@code \xc1\xa1dmin} logged in as {@code admin} (an overlong encoding read
 * as a letter), a lone {@code \ud800} escape became {@code ?} and slipped past a uniqueness check,
 * and with duplicate keys the last silently won.
 *
 * <ul>
 *   <li>Bytes must be well-formed UTF-8: no overlong forms, no encoded surrogates, nothing above
 *       U+10FFFF (the JDK's decoder in REPORT mode refuses all three).
 *   <li>No comments, no trailing commas, no single quotes, no content after the value.
 *   <li>A key appears once per object.
 *   <li>Escaped surrogates come in pairs: a lone {@code \ud800} is not text.
 * </ul>
 *
 * Each refusal is {@code bad-json} (400) with what was wrong.
 */
public final class StrictJson {
  private static final JsonFactory FACTORY =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  /** Deepest nesting accepted: far beyond any form, far below a stack overflow. */
  static final int MAX_DEPTH = 64;

  private StrictJson() {}

  /** The body as a JSON object, or {@code bad-json}. */
  public static JsonObject object(Buffer body) {
    if (body == null || body.length() == 0) {
      throw bad("the request body must be a JSON object");
    }
    String text = utf8(body);
    try (JsonParser p = FACTORY.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw bad("the request body must be a JSON object");
      }
      JsonObject value = new JsonObject(object(p, 1));
      if (p.nextToken() != null) {
        throw bad("there is more after the JSON object");
      }
      return value;
    } catch (JsonParseException e) {
      throw bad(e.getOriginalMessage());
    } catch (IOException e) {
      throw bad("the request body is not valid JSON");
    }
  }

  private static String utf8(Buffer body) {
    try {
      CharBuffer chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body.getBytes()));
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw bad("the request body is not well-formed UTF-8");
    }
  }

  private static Map<String, Object> object(JsonParser p, int depth) throws IOException {
    checkDepth(depth);
    Map<String, Object> out = new LinkedHashMap<>();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
      String key = text(p.currentName());
      p.nextToken();
      out.put(key, value(p, depth));
    }
    return out;
  }

  private static List<Object> array(JsonParser p, int depth) throws IOException {
    checkDepth(depth);
    List<Object> out = new ArrayList<>();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      out.add(value(p, depth));
    }
    return out;
  }

  private static Object value(JsonParser p, int depth) throws IOException {
    return switch (p.currentToken()) {
      case START_OBJECT -> new JsonObject(object(p, depth + 1));
      case START_ARRAY -> new JsonArray(array(p, depth + 1));
      case VALUE_STRING -> text(p.getText());
      case VALUE_NUMBER_INT -> p.getNumberValue();
      case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      default -> throw bad("unexpected " + p.currentToken());
    };
  }

  /** The text, unless it holds a surrogate that is not half of a pair. */
  private static String text(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw bad("a string holds an unpaired surrogate (\\\\u" + Integer.toHexString(c) + ")");
      }
    }
    return s;
  }

  private static void checkDepth(int depth) {
    if (depth > MAX_DEPTH) {
      throw bad("nested deeper than " + MAX_DEPTH + " levels");
    }
  }

  private static Problem bad(String why) {
    return Problem.invalid("bad-json", "the request body is not valid JSON: " + why);
  }
}
