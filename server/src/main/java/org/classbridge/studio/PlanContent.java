package org.classbridge.studio;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.classbridge.common.Problem;

/**
 * The body of a lesson plan (教案): the six parts a Chinese lesson plan has, each in Chinese and
 * Tibetan. A part is a list of paragraphs (its lines), which is what comments point at.
 */
record PlanContent(Map<Section, Map<Lang, String>> parts) {
  /** Longest text of one part in one language. */
  static final int MAX_TEXT = 8000;

  /** The parts of a plan, in the order it is read. */
  enum Section {
    GOALS("goals", "教学目标", "སློབ་ཁྲིད་དམིགས་ཡུལ།"),
    KEY_POINTS("keyPoints", "教学重点", "སློབ་ཁྲིད་གནད་འགག"),
    DIFFICULTIES("difficulties", "教学难点", "སློབ་ཁྲིད་དཀའ་གནད།"),
    STEPS("steps", "教学过程", "སློབ་ཁྲིད་བརྒྱུད་རིམ།"),
    BOARD_PLAN("boardPlan", "板书设计", "སྡེབ་བྱང་འཆར་འགོད།"),
    HOMEWORK("homework", "作业布置", "ཁྱིམ་ལས།");

    final String id;
    final String zh;
    final String bo;

    Section(String id, String zh, String bo) {
      this.id = id;
      this.zh = zh;
      this.bo = bo;
    }

    static Section of(String id) {
      for (Section s : values()) {
        if (s.id.equals(id)) {
          return s;
        }
      }
      return null;
    }
  }

  enum Lang {
    ZH("zh"),
    BO("bo");

    final String id;

    Lang(String id) {
      this.id = id;
    }

    static Lang of(String id) {
      for (Lang l : values()) {
        if (l.id.equals(id)) {
          return l;
        }
      }
      return null;
    }
  }

  static PlanContent empty() {
    return new PlanContent(Map.of());
  }

  String text(Section s, Lang l) {
    return parts.getOrDefault(s, Map.of()).getOrDefault(l, "");
  }

  /** The paragraphs of a part: its non-blank lines. */
  List<String> paragraphs(Section s, Lang l) {
    List<String> out = new ArrayList<>();
    for (String line : text(s, l).split("\n")) {
      if (!line.isBlank()) {
        out.add(line.strip());
      }
    }
    return out;
  }

  /** Reads {goals: {zh, bo}, ...}; an unknown part or language, or a text too long, is refused. */
  static PlanContent parse(Object raw) {
    if (!(raw instanceof JsonObject body)) {
      throw Problem.invalid("bad-content", "content: {part: {zh: text, bo: text}}");
    }
    Map<Section, Map<Lang, String>> parts = new LinkedHashMap<>();
    for (String f : body.fieldNames()) {
      Section s = Section.of(f);
      if (s == null || !(body.getValue(f) instanceof JsonObject texts)) {
        throw Problem.invalid(
            "bad-content",
            "no part "
                + f
                + " (goals, keyPoints, difficulties, steps, boardPlan, homework: {zh, bo})");
      }
      Map<Lang, String> byLang = new LinkedHashMap<>();
      for (String k : texts.fieldNames()) {
        Lang l = Lang.of(k);
        if (l == null || !(texts.getValue(k) instanceof String text)) {
          throw Problem.invalid("bad-content", f + "." + k + ": zh or bo, as text");
        }
        if (text.length() > MAX_TEXT) {
          throw Problem.invalid(
              "bad-content", f + "." + k + ": at most " + MAX_TEXT + " characters");
        }
        if (text.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\t')) {
          throw Problem.invalid("bad-content", f + "." + k + ": no control characters");
        }
        byLang.put(l, text.replace("\r", ""));
      }
      parts.put(s, byLang);
    }
    return new PlanContent(parts);
  }

  JsonObject toJson() {
    JsonObject out = new JsonObject();
    for (Section s : Section.values()) {
      JsonObject texts = new JsonObject();
      for (Lang l : Lang.values()) {
        texts.put(l.id, text(s, l));
      }
      out.put(s.id, texts);
    }
    return out;
  }

  static PlanContent fromJson(String stored) {
    return parse(new JsonObject(stored));
  }

  /** The plan as the text file the repository keeps: a heading per part, Chinese then Tibetan. */
  String render(String title) {
    StringBuilder b = new StringBuilder();
    b.append(title).append("\n\n");
    for (Section s : Section.values()) {
      String zh = text(s, Lang.ZH).strip();
      String bo = text(s, Lang.BO).strip();
      if (zh.isEmpty() && bo.isEmpty()) {
        continue;
      }
      b.append("【").append(s.zh).append(" · ").append(s.bo).append("】\n");
      if (!zh.isEmpty()) {
        b.append(zh).append("\n");
      }
      if (!bo.isEmpty()) {
        b.append(bo).append("\n");
      }
      b.append("\n");
    }
    return b.toString();
  }
}
