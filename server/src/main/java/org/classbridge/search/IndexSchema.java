package org.classbridge.search;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetField;
import org.apache.lucene.index.IndexOptions;
import org.classbridge.catalogue.CurriculumNode;
import org.classbridge.catalogue.IndexRecord;
import org.classbridge.catalogue.Resource;
import org.classbridge.common.Language;
import org.classbridge.common.Wire;

/**
 * The fields of one resource's index entry. Text goes into a title group and a body group, each in
 * several analyses (see {@link TextAnalysis}); permissions are plain terms so that the viewer's
 * filter is part of the query; facets are sorted-set doc values; the result card is one stored JSON
 * so a hit needs no database read.
 */
final class IndexSchema {
  /** Bumped whenever fields or analysis change: an index of another version is rebuilt. */
  static final int VERSION = 4;

  /**
   * The "newest" sort key: microseconds since the epoch, as the database keeps the time. Two
   * resources published in the same millisecond (two coordinators at once) still sort in order.
   */
  static long publishedKey(java.time.Instant at) {
    return at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
  }

  static final String ID = "id";
  static final String GROUP = "group";
  static final String SCHOOL = "school";
  static final String STATUS = "status";
  static final String VISIBILITY = "visibility";
  static final String CARD = "card";
  static final String PUBLISHED = "published";
  static final String VIEWS = "views";

  static final String TITLE_ZH = "title.zh";
  static final String TITLE_ZH1 = "title.zh1";
  static final String TITLE_WORDS = "title.zhw";
  static final String TITLE_BO = "title.bo";
  static final String TITLE_PY = "title.py";
  static final String TITLE_PYI = "title.pyi";
  static final String TITLE_EN = "title.en";
  static final String BODY_ZH = "body.zh";
  static final String BODY_WORDS = "body.zhw";
  static final String BODY_BO = "body.bo";
  static final String BODY_EN = "body.en";

  static final List<String> TEXT_FIELDS =
      List.of(
          TITLE_ZH,
          TITLE_ZH1,
          TITLE_WORDS,
          TITLE_BO,
          TITLE_PY,
          TITLE_PYI,
          TITLE_EN,
          BODY_ZH,
          BODY_WORDS,
          BODY_BO,
          BODY_EN);

  /** Facet dimensions, flat ones first; {@link #CURRICULUM} is the hierarchical tree. */
  static final String STAGE = "stage";

  static final String GRADE = "grade";
  static final String SUBJECT = "subject";
  static final String EDITION = "edition";
  static final String VOLUME = "volume";
  static final String TYPE = "type";
  static final String LANG = "lang";
  static final String CURRICULUM = "curriculum";
  static final List<String> FLAT_DIMENSIONS =
      List.of(STAGE, GRADE, SUBJECT, EDITION, VOLUME, TYPE, LANG);

  /** Text indexed with offsets in the postings (for highlighting) and stored. */
  private static final FieldType SHOWN = textType(true, true);

  /** Text indexed with offsets (it lends them to a shown field's highlighting), not stored. */
  private static final FieldType LENT = textType(false, true);

  /** Text for matching only. */
  private static final FieldType MATCHED = textType(false, false);

  private static FieldType textType(boolean stored, boolean offsets) {
    FieldType t = new FieldType();
    t.setTokenized(true);
    t.setStored(stored);
    t.setIndexOptions(
        offsets
            ? IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS
            : IndexOptions.DOCS_AND_FREQS_AND_POSITIONS);
    t.freeze();
    return t;
  }

  static FacetsConfig facets() {
    FacetsConfig config = new FacetsConfig();
    config.setMultiValued(LANG, true);
    config.setHierarchical(CURRICULUM, true);
    return config;
  }

  private IndexSchema() {}

  /** How people name stages and grades in Chinese, so "八年级 密度" or "初中 物理" find by them. */
  private static final java.util.Map<org.classbridge.catalogue.Stage, String> STAGE_ZH =
      java.util.Map.of(
          org.classbridge.catalogue.Stage.PRIMARY, "小学",
          org.classbridge.catalogue.Stage.JUNIOR, "初中",
          org.classbridge.catalogue.Stage.SENIOR, "高中");

  private static final List<String> GRADE_ZH =
      List.of(
          "一年级", "二年级", "三年级", "四年级", "五年级", "六年级", "七年级 初一", "八年级 初二", "九年级 初三", "高一", "高二", "高三");

  /**
   * The curriculum facet path: subject, grade, edition, volume, chapter, section, as far as known.
   */
  static List<String> curriculumPath(IndexRecord record) {
    Resource r = record.resource();
    List<String> path = new ArrayList<>();
    path.add(Wire.id(r.subject()));
    if (r.grade().isEmpty()) {
      return path;
    }
    path.add(Integer.toString(r.grade().get()));
    Optional<String> edition =
        r.edition().or(() -> record.path().stream().findFirst().map(CurriculumNode::edition));
    Optional<String> volume =
        r.volume().or(() -> record.path().stream().findFirst().map(CurriculumNode::volume));
    if (edition.isEmpty()) {
      return path;
    }
    path.add(edition.get());
    if (volume.isEmpty()) {
      return path;
    }
    path.add(volume.get());
    record.path().forEach(n -> path.add(n.title()));
    return path;
  }

  static Document document(IndexRecord record) {
    Resource r = record.resource();
    Document d = new Document();
    d.add(new StringField(ID, r.id().toString(), Field.Store.YES));
    d.add(new StringField(GROUP, r.groupId().toString(), Field.Store.NO));
    d.add(new StringField(SCHOOL, r.schoolId().toString(), Field.Store.NO));
    d.add(new StringField(STATUS, Wire.id(r.status()), Field.Store.NO));
    d.add(new StringField(VISIBILITY, Wire.id(r.visibility()), Field.Store.NO));
    long published = publishedKey(record.publishedAt().orElse(r.createdAt()));
    d.add(new NumericDocValuesField(PUBLISHED, published));
    d.add(new NumericDocValuesField(VIEWS, record.views()));

    // title: the Chinese title in every Chinese analysis, pinyin and English; Tibetan title apart
    String title = r.title();
    d.add(new Field(TITLE_ZH, title, SHOWN));
    d.add(new Field(TITLE_ZH1, title, LENT));
    d.add(new Field(TITLE_WORDS, TextAnalysis.withoutTibetan(title), LENT));
    d.add(new Field(TITLE_PY, title, LENT));
    d.add(new Field(TITLE_PYI, title, MATCHED));
    d.add(new Field(TITLE_EN, title, LENT));
    d.add(new Field(TITLE_BO, r.titleBo().orElse(""), SHOWN));

    // body: the description first (the snippet comes from it), then where it sits and who made it;
    // words (SmartChinese, the costly analysis) only of the running text, labels are matched by
    // their bigrams
    List<String> prose = new ArrayList<>();
    r.description().ifPresent(prose::add);
    r.chapter().ifPresent(prose::add);
    record.path().forEach(n -> prose.add(n.title()));
    List<String> body = new ArrayList<>(prose);
    body.add(r.subject().label(Language.ZH));
    body.add(STAGE_ZH.get(r.stage()));
    r.grade().ifPresent(g -> body.add(GRADE_ZH.get(g - 1)));
    r.edition().ifPresent(body::add);
    r.volume().ifPresent(body::add);
    body.add(record.teacherName());
    body.add(record.schoolName());
    for (String value : body) {
      d.add(new Field(BODY_ZH, value, SHOWN));
    }
    // same values in the same order up to where prose ends: offsets line up with body.zh's
    for (String value : prose) {
      d.add(new Field(BODY_WORDS, TextAnalysis.withoutTibetan(value), LENT));
    }
    List<String> bodyBo = new ArrayList<>();
    r.descriptionBo().ifPresent(bodyBo::add);
    record.path().forEach(n -> n.titleBo().ifPresent(bodyBo::add));
    bodyBo.add(r.subject().label(Language.BO));
    for (String value : bodyBo) {
      d.add(new Field(BODY_BO, value, SHOWN));
    }
    List<String> bodyEn = new ArrayList<>();
    r.description().ifPresent(bodyEn::add);
    r.chapter().ifPresent(bodyEn::add);
    bodyEn.add(r.subject().label(Language.EN));
    bodyEn.add(Wire.id(r.subject()).replace('-', ' '));
    bodyEn.add(Wire.id(r.kind()).replace('-', ' '));
    bodyEn.add(Wire.id(r.stage()));
    r.grade().ifPresent(g -> bodyEn.add("grade " + g));
    for (String value : bodyEn) {
      d.add(new Field(BODY_EN, value, MATCHED));
    }

    // facets
    d.add(new SortedSetDocValuesFacetField(STAGE, Wire.id(r.stage())));
    r.grade().ifPresent(g -> d.add(new SortedSetDocValuesFacetField(GRADE, Integer.toString(g))));
    d.add(new SortedSetDocValuesFacetField(SUBJECT, Wire.id(r.subject())));
    r.edition().ifPresent(e -> d.add(new SortedSetDocValuesFacetField(EDITION, e)));
    r.volume().ifPresent(v -> d.add(new SortedSetDocValuesFacetField(VOLUME, v)));
    d.add(new SortedSetDocValuesFacetField(TYPE, Wire.id(r.kind())));
    for (String lang : r.languages()) {
      d.add(new SortedSetDocValuesFacetField(LANG, lang.toLowerCase(Locale.ROOT)));
    }
    d.add(
        new SortedSetDocValuesFacetField(
            CURRICULUM, curriculumPath(record).toArray(String[]::new)));

    d.add(new StoredField(CARD, card(record).encode()));
    return d;
  }

  /** What a hit shows: the resource's public metadata and who made it. */
  static JsonObject card(IndexRecord record) {
    JsonObject card = record.resource().toJson();
    card.remove("groupId");
    card.remove("schoolId");
    card.remove("teacherId");
    card.remove("version");
    return card.put("teacherName", record.teacherName())
        .put("schoolName", record.schoolName())
        .put("publishedAt", record.publishedAt().map(Object::toString).orElse(null));
  }
}
