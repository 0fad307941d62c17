package org.classbridge.admin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.classbridge.common.CsvWriter;
import org.classbridge.common.Language;

/**
 * What a finished import's report becomes for people: a CSV table to keep, and a printable page of
 * login slips, one per new account (name, class, username, one-time password), in Chinese or
 * Tibetan, for a teacher to cut out and hand to each pupil.
 */
final class ImportSlips {
  private ImportSlips() {}

  private static final Map<Language, Map<String, String>> WORDS =
      Map.of(
          Language.ZH,
          Map.of(
              "title", "课桥登录条",
              "name", "姓名",
              "class", "班级",
              "username", "用户名",
              "password", "一次性密码",
              "note", "首次登录后请设置自己的密码。",
              "none", "本次导入没有新账号。"),
          Language.BO,
          Map.of(
              "title", "སློབ་ཟམ་ནང་འཛུལ་ཤོག་བུ།",
              "name", "མིང་།",
              "class", "འཛིན་གྲྭ།",
              "username", "སྤྱོད་མཁན་མིང་།",
              "password", "ཐེངས་གཅིག་གི་གསང་ཨང་།",
              "note", "ཐེངས་དང་པོ་ནང་འཛུལ་རྗེས་རང་གི་གསང་ཨང་འཇོག་རོགས།",
              "none", "ནང་འདྲེན་འདིར་ཐོ་ཁོངས་གསར་པ་མེད།"),
          Language.EN,
          Map.of(
              "title", "Classbridge login slips",
              "name", "Name",
              "class", "Class",
              "username", "Username",
              "password", "One-time password",
              "note", "Set your own password after the first login.",
              "none", "This import created no new accounts."));

  /** The report as CSV: one row per line of the file, every cell formula-safe. */
  static String csv(JsonObject report) {
    CsvWriter out = new CsvWriter();
    out.row(
        List.of(
            "line", "username", "display_name", "class", "status", "initial_password", "errors"));
    for (Object o : report.getJsonArray("results", new JsonArray())) {
      JsonObject r = (JsonObject) o;
      StringBuilder errors = new StringBuilder();
      for (Object e : r.getJsonArray("errors", new JsonArray())) {
        JsonObject err = (JsonObject) e;
        if (!errors.isEmpty()) {
          errors.append("; ");
        }
        errors.append(err.getString("field")).append(": ").append(err.getString("code"));
      }
      out.row(
          List.of(
              String.valueOf(r.getInteger("line")),
              text(r, "username"),
              text(r, "displayName"),
              text(r, "className"),
              text(r, "status"),
              text(r, "initialPassword"),
              errors.toString()));
    }
    return out.toString();
  }

  /** The slips as a page to print; every value is escaped. */
  static String html(JsonObject report, Language language) {
    Map<String, String> w = WORDS.get(language);
    StringBuilder slips = new StringBuilder();
    for (Object o : report.getJsonArray("results", new JsonArray())) {
      JsonObject r = (JsonObject) o;
      if (!"created".equals(r.getString("status")) || !r.containsKey("initialPassword")) {
        continue;
      }
      slips
          .append("<section class=\"slip\">")
          .append("<h2>")
          .append(escape(w.get("title")))
          .append("</h2><dl>")
          .append(row(w.get("name"), text(r, "displayName")))
          .append(row(w.get("class"), text(r, "className")))
          .append(row(w.get("username"), text(r, "username")))
          .append(row(w.get("password"), text(r, "initialPassword")))
          .append("</dl><p>")
          .append(escape(w.get("note")))
          .append("</p></section>");
    }
    if (slips.isEmpty()) {
      slips.append("<p>").append(escape(w.get("none"))).append("</p>");
    }
    return "<!doctype html><html lang=\""
        + language.tag()
        + "\"><head><meta charset=\"utf-8\"><title>"
        + escape(w.get("title"))
        + "</title><link rel=\"stylesheet\" href=\"/slips.css\"></head><body>"
        + slips
        + "</body></html>";
  }

  /** A report field as text; absent or null is empty. */
  private static String text(JsonObject r, String field) {
    Object v = r.getValue(field);
    return v == null ? "" : v.toString();
  }

  private static String row(String label, String value) {
    return "<dt>" + escape(label) + "</dt><dd>" + escape(value) + "</dd>";
  }

  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
