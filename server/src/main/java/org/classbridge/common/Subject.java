package org.classbridge.common;

import io.vertx.core.json.JsonObject;

/**
 * The subjects of the compulsory-education curriculum (义务教育课程方案 2022) plus Tibetan language, which
 * Tibetan-medium schools add: one vocabulary for the timetable, the repository and coverage. Wire
 * ids are stable; labels are for people.
 */
public enum Subject {
  CHINESE("语文", "རྒྱ་ཡིག", "Chinese"),
  MATHS("数学", "རྩིས་རིག", "Mathematics"),
  ENGLISH("英语", "དབྱིན་ཡིག", "English"),
  TIBETAN("藏语文", "བོད་ཡིག", "Tibetan"),
  MORALITY_LAW("道德与法治", "ཀུན་སྤྱོད་དང་ཁྲིམས་ལུགས།", "Morality and law"),
  HISTORY("历史", "ལོ་རྒྱུས།", "History"),
  GEOGRAPHY("地理", "ས་ཁམས་རིག་པ།", "Geography"),
  SCIENCE("科学", "ཚན་རིག", "Science"),
  PHYSICS("物理", "དངོས་ལུགས་རིག་པ།", "Physics"),
  CHEMISTRY("化学", "རྫས་འགྱུར་རིག་པ།", "Chemistry"),
  BIOLOGY("生物学", "སྐྱེ་དངོས་རིག་པ།", "Biology"),
  INFORMATION_TECHNOLOGY("信息科技", "ཆ་འཕྲིན་ལག་རྩལ།", "Information technology"),
  PHYSICAL_EDUCATION("体育与健康", "ལུས་རྩལ་དང་འཕྲོད་བསྟེན།", "Physical education"),
  MUSIC("音乐", "རོལ་དབྱངས།", "Music"),
  ART("美术", "རི་མོ།", "Art"),
  LABOUR("劳动", "ལས་ཀ", "Labour"),
  COMPREHENSIVE_PRACTICE("综合实践活动", "ཕྱོགས་བསྡུས་ལག་ལེན།", "Comprehensive practice");

  private final String zh;
  private final String bo;
  private final String en;

  Subject(String zh, String bo, String en) {
    this.zh = zh;
    this.bo = bo;
    this.en = en;
  }

  public String zh() {
    return zh;
  }

  /** The label in the caller's language: Chinese, Tibetan or English. */
  public String label(Language language) {
    return switch (language) {
      case BO -> bo;
      case EN -> en;
      default -> zh;
    };
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", Wire.id(this)).put("zh", zh).put("bo", bo).put("en", en);
  }
}
