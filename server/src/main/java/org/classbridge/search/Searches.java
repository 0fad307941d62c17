package org.classbridge.search;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.text.BreakIterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.facet.DrillDownQuery;
import org.apache.lucene.facet.DrillSideways;
import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.Facets;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.LabelAndValue;
import org.apache.lucene.index.Term;
import org.apache.lucene.queries.mlt.MoreLikeThis;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.search.uhighlight.WholeBreakIterator;
import org.classbridge.common.Problem;
import org.classbridge.identity.Principal;
import org.classbridge.identity.Role;

/**
 * Runs searches, suggestions and "related" on the live index. Blocking (Lucene): callers run it off
 * the event loop. What a viewer may see is a filter inside every query, so hits and facet counts
 * alike leave out drafts of other schools and private resources of other groups; archived resources
 * are never found.
 */
final class Searches {
  /** Where searchers come from: the live index, or (benchmarks) a reader opened aside. */
  interface SearcherSource {
    /** A searcher whose reader has been incRef'd for the caller; {@link #release} decRefs it. */
    SearchIndex.FacetedSearcher acquire() throws IOException;
  }

  private final SearcherSource source;
  private final java.util.function.Supplier<Analyzer> analyzers;
  private final FacetsConfig facets;
  private volatile QueryPlanner planner;

  Searches(SearchIndex index) {
    this(index::analyzer, index.facets(), () -> live(index));
  }

  Searches(Analyzer analyzer, FacetsConfig facets, SearcherSource source) {
    this(() -> analyzer, facets, source);
  }

  private Searches(
      java.util.function.Supplier<Analyzer> analyzers, FacetsConfig facets, SearcherSource source) {
    this.source = source;
    this.analyzers = analyzers;
    this.facets = facets;
  }

  /** The planner, made with the analyzer on first use (not on start-up's path). */
  private QueryPlanner planner() {
    QueryPlanner p = planner;
    if (p == null) {
      p = new QueryPlanner(analyzers.get());
      planner = p;
    }
    return p;
  }

  /** What {@code viewer} may find: the catalogue's visibility rules, minus archived resources. */
  static Query visibleTo(Principal viewer) {
    BooleanQuery.Builder published =
        new BooleanQuery.Builder().add(term(IndexSchema.STATUS, "published"), Occur.FILTER);
    if (viewer.role() != Role.ADMIN) {
      BooleanQuery.Builder reach =
          new BooleanQuery.Builder().add(term(IndexSchema.VISIBILITY, "public"), Occur.SHOULD);
      viewer
          .groupId()
          .ifPresent(g -> reach.add(term(IndexSchema.GROUP, g.toString()), Occur.SHOULD));
      published.add(reach.build(), Occur.FILTER);
    }
    BooleanQuery.Builder any = new BooleanQuery.Builder().add(published.build(), Occur.SHOULD);
    Optional<Query> drafts =
        switch (viewer.role()) {
          case ADMIN -> Optional.of(term(IndexSchema.STATUS, "draft"));
          case COORDINATOR ->
              viewer
                  .groupId()
                  .map(
                      g ->
                          both(
                              term(IndexSchema.STATUS, "draft"),
                              term(IndexSchema.GROUP, g.toString())));
          case TEACHER ->
              viewer
                  .schoolId()
                  .map(
                      s ->
                          both(
                              term(IndexSchema.STATUS, "draft"),
                              term(IndexSchema.SCHOOL, s.toString())));
          case STUDENT -> Optional.empty();
        };
    drafts.ifPresent(d -> any.add(d, Occur.SHOULD));
    return any.build();
  }

  private static Query term(String field, String value) {
    return new TermQuery(new Term(field, value));
  }

  private static Query both(Query a, Query b) {
    return new BooleanQuery.Builder().add(a, Occur.FILTER).add(b, Occur.FILTER).build();
  }

  private static Query filtered(Query q, Query filter) {
    return new BooleanQuery.Builder().add(q, Occur.MUST).add(filter, Occur.FILTER).build();
  }

  private SearchIndex.FacetedSearcher acquire() throws IOException {
    return source.acquire();
  }

  private static SearchIndex.FacetedSearcher live(SearchIndex index) throws IOException {
    // a rebuild may swap generations between reading the live one and acquiring from it: the old
    // one's manager is then closed, and the new one is asked instead
    for (int attempt = 0; attempt < 3; attempt++) {
      SearchIndex.Generation live =
          index
              .live()
              .orElseThrow(
                  () ->
                      Problem.unavailable(
                          "search-starting",
                          "the search index is being built; try again shortly",
                          java.time.Duration.ofSeconds(5)));
      try {
        return (SearchIndex.FacetedSearcher) live.searchers.acquire();
      } catch (org.apache.lucene.store.AlreadyClosedException swapped) {
        if (index.live().orElse(null) == live) {
          break;
        }
      }
    }
    throw Problem.unavailable(
        "search-unavailable",
        "the search index is closing or rebuilding",
        java.time.Duration.ofSeconds(5));
  }

  private static void release(SearchIndex.FacetedSearcher s) throws IOException {
    // what SearcherManager.release does; the generation may have been swapped since acquire
    s.getIndexReader().decRef();
  }

  /** A page of hits with highlights and facet counts. */
  JsonObject search(Principal viewer, SearchRequest req) throws IOException {
    boolean browsing = req.q().isBlank();
    Query text = browsing ? new MatchAllDocsQuery() : planner().search(req.q());
    Query base = filtered(text, visibleTo(viewer));
    DrillDownQuery ddq = new DrillDownQuery(facets, base);
    for (Map.Entry<String, List<String>> f : req.filters().entrySet()) {
      for (String value : f.getValue()) {
        ddq.add(f.getKey(), value);
      }
    }
    if (!req.curriculum().isEmpty()) {
      ddq.add(IndexSchema.CURRICULUM, req.curriculum().toArray(String[]::new));
    }
    SearchRequest.Order order =
        browsing && req.order() == SearchRequest.Order.RELEVANCE
            ? SearchRequest.Order.NEWEST
            : req.order();
    Sort sort =
        switch (order) {
          case RELEVANCE -> null;
          case NEWEST -> new Sort(new SortField(IndexSchema.PUBLISHED, SortField.Type.LONG, true));
          case MOST_VIEWED ->
              new Sort(
                  new SortField(IndexSchema.VIEWS, SortField.Type.LONG, true),
                  new SortField(IndexSchema.PUBLISHED, SortField.Type.LONG, true));
        };
    int topN = req.page() * req.size();
    SearchIndex.FacetedSearcher s = acquire();
    try {
      TopDocs hits;
      Optional<Facets> counts = Optional.empty();
      if (s.facetState.isPresent()) {
        DrillSideways ds = new DrillSideways(s, facets, s.facetState.get());
        DrillSideways.DrillSidewaysResult r =
            sort == null ? ds.search(ddq, topN) : ds.search(ddq, null, null, topN, sort, false);
        hits = r.hits;
        counts = Optional.ofNullable(r.facets);
      } else {
        hits = sort == null ? s.search(ddq, topN) : s.search(ddq, topN, sort);
      }
      ScoreDoc[] page = slice(hits.scoreDocs, (req.page() - 1) * req.size(), req.size());
      JsonArray items = cards(s, page, browsing ? null : text, true);
      JsonObject out =
          new JsonObject()
              .put("q", req.q())
              .put("total", hits.totalHits.value())
              .put(
                  "totalIsExact",
                  hits.totalHits.relation() == org.apache.lucene.search.TotalHits.Relation.EQUAL_TO)
              .put("page", req.page())
              .put("size", req.size())
              .put("order", order.name().toLowerCase(Locale.ROOT).replace('_', '-'))
              .put("items", items)
              .put("facets", facetJson(counts, req));
      return out;
    } finally {
      release(s);
    }
  }

  private static ScoreDoc[] slice(ScoreDoc[] all, int from, int size) {
    if (from >= all.length) {
      return new ScoreDoc[0];
    }
    ScoreDoc[] out = new ScoreDoc[Math.min(size, all.length - from)];
    System.arraycopy(all, from, out, 0, out.length);
    return out;
  }

  private JsonObject facetJson(Optional<Facets> counts, SearchRequest req) throws IOException {
    JsonObject out = new JsonObject();
    for (String dim : IndexSchema.FLAT_DIMENSIONS) {
      JsonArray values = new JsonArray();
      if (counts.isPresent()) {
        FacetResult r = counts.get().getTopChildren(100, dim);
        if (r != null) {
          for (LabelAndValue lv : r.labelValues) {
            values.add(
                new JsonObject()
                    .put("value", lv.label)
                    .put("count", lv.value.longValue())
                    .put(
                        "selected", req.filters().getOrDefault(dim, List.of()).contains(lv.label)));
          }
        }
      }
      out.put(dim, values);
    }
    // the curriculum tree: the children of the root and of every node on the selected path
    JsonArray levels = new JsonArray();
    for (int depth = 0; depth <= req.curriculum().size(); depth++) {
      String[] path = req.curriculum().subList(0, depth).toArray(String[]::new);
      JsonArray children = new JsonArray();
      if (counts.isPresent()) {
        FacetResult r;
        try {
          r = counts.get().getTopChildren(200, IndexSchema.CURRICULUM, path);
        } catch (IllegalArgumentException noSuchPath) {
          r = null;
        }
        if (r != null) {
          for (LabelAndValue lv : r.labelValues) {
            children.add(
                new JsonObject().put("value", lv.label).put("count", lv.value.longValue()));
          }
        }
      }
      levels.add(
          new JsonObject().put("path", new JsonArray(List.of(path))).put("children", children));
      if (children.isEmpty()) {
        break;
      }
    }
    out.put(IndexSchema.CURRICULUM, levels);
    return out;
  }

  /** The result cards of these hits, with highlighted title, Tibetan title and snippet. */
  private JsonArray cards(
      SearchIndex.FacetedSearcher s, ScoreDoc[] docs, Query text, boolean snippets)
      throws IOException {
    JsonArray items = new JsonArray();
    if (docs.length == 0) {
      return items;
    }
    int[] ids = new int[docs.length];
    for (int i = 0; i < docs.length; i++) {
      ids[i] = docs[i].doc;
    }
    Map<String, String[]> titles = Map.of();
    Map<String, String[]> bodies = Map.of();
    if (text != null) {
      // mark only the shown fields whose analyses the query searched (a Chinese query does not
      // look through Tibetan titles): highlighting is the largest part of a query's cost
      Set<String> searched = new java.util.HashSet<>();
      text.visit(
          new org.apache.lucene.search.QueryVisitor() {
            @Override
            public boolean acceptField(String field) {
              searched.add(field);
              return true;
            }
          });
      String[] titleFields = shown(searched, IndexSchema.TITLE_ZH, IndexSchema.TITLE_BO);
      if (titleFields.length > 0) {
        UnifiedHighlighter whole =
            highlighter(s).withBreakIterator(WholeBreakIterator::new).build();
        titles = whole.highlightFields(titleFields, text, ids, ones(titleFields.length));
      }
      String[] bodyFields =
          snippets ? shown(searched, IndexSchema.BODY_ZH, IndexSchema.BODY_BO) : new String[0];
      if (bodyFields.length > 0) {
        UnifiedHighlighter sentences =
            highlighter(s)
                .withBreakIterator(() -> BreakIterator.getSentenceInstance(Locale.ROOT))
                .withMaxLength(4000)
                .build();
        bodies = sentences.highlightFields(bodyFields, text, ids, ones(bodyFields.length));
      }
    }
    var stored = s.storedFields();
    for (int i = 0; i < docs.length; i++) {
      JsonObject card = new JsonObject(stored.document(docs[i].doc).get(IndexSchema.CARD));
      JsonObject marks = new JsonObject();
      putIfMarked(marks, "title", titles.get(IndexSchema.TITLE_ZH), i);
      putIfMarked(marks, "titleBo", titles.get(IndexSchema.TITLE_BO), i);
      putIfMarked(marks, "snippet", bodies.get(IndexSchema.BODY_ZH), i);
      putIfMarked(marks, "snippetBo", bodies.get(IndexSchema.BODY_BO), i);
      card.put("highlight", marks);
      items.add(card);
    }
    return items;
  }

  /** Of these shown fields, those a query on {@code searched} fields can mark. */
  private static String[] shown(Set<String> searched, String... candidates) {
    return java.util.Arrays.stream(candidates)
        .filter(f -> LENT.get(f).stream().anyMatch(searched::contains))
        .toArray(String[]::new);
  }

  private static int[] ones(int n) {
    int[] out = new int[n];
    java.util.Arrays.fill(out, 1);
    return out;
  }

  private static void putIfMarked(JsonObject marks, String key, String[] values, int i) {
    if (values != null && values[i] != null && values[i].contains("<mark>")) {
      // terms are marked one by one: 勾 and 股 of "gougu" become one mark
      marks.put(key, values[i].replace("</mark><mark>", ""));
    }
  }

  /** Each shown field is marked with the matches of the fields that analyse the same text. */
  private static final Map<String, Set<String>> LENT =
      Map.of(
          IndexSchema.TITLE_ZH,
          Set.of(
              IndexSchema.TITLE_ZH,
              IndexSchema.TITLE_ZH1,
              IndexSchema.TITLE_WORDS,
              IndexSchema.TITLE_PY,
              IndexSchema.TITLE_EN),
          IndexSchema.TITLE_BO,
          Set.of(IndexSchema.TITLE_BO),
          IndexSchema.BODY_ZH,
          Set.of(IndexSchema.BODY_ZH, IndexSchema.BODY_WORDS),
          IndexSchema.BODY_BO,
          Set.of(IndexSchema.BODY_BO));

  private UnifiedHighlighter.Builder highlighter(SearchIndex.FacetedSearcher s) {
    return UnifiedHighlighter.builder(s, analyzers.get())
        .withFormatter(new DefaultPassageFormatter("<mark>", "</mark>", " … ", true))
        .withMaskedFieldsFunc(f -> LENT.getOrDefault(f, Set.of(f)))
        // term-by-term marking (phrases still strictly): half the cost of weight matches
        .withWeightMatches(false)
        .withMaxNoHighlightPassages(0);
  }

  /** Titles completing what is being typed, best first, among what the viewer may see. */
  JsonObject suggest(Principal viewer, String q, Map<String, List<String>> filters, int size)
      throws IOException {
    JsonArray items = new JsonArray();
    if (q.isBlank()) {
      return new JsonObject().put("q", q).put("items", items);
    }
    Query text = planner().suggest(q);
    DrillDownQuery ddq = new DrillDownQuery(facets, filtered(text, visibleTo(viewer)));
    for (Map.Entry<String, List<String>> f : filters.entrySet()) {
      for (String value : f.getValue()) {
        ddq.add(f.getKey(), value);
      }
    }
    SearchIndex.FacetedSearcher s = acquire();
    try {
      TopDocs hits = s.search(ddq, size * 2);
      JsonArray cards = cards(s, hits.scoreDocs, text, false);
      Set<String> seen = new LinkedHashSet<>();
      for (int i = 0; i < cards.size() && items.size() < size; i++) {
        JsonObject c = cards.getJsonObject(i);
        if (seen.add(c.getString("title"))) {
          items.add(
              new JsonObject()
                  .put("id", c.getString("id"))
                  .put("title", c.getString("title"))
                  .put("titleBo", c.getString("titleBo"))
                  .put("kind", c.getString("kind"))
                  .put("subject", c.getString("subject"))
                  .put("grade", c.getInteger("grade"))
                  .put("highlight", c.getJsonObject("highlight")));
        }
      }
      return new JsonObject().put("q", q).put("items", items);
    } finally {
      release(s);
    }
  }

  /**
   * Resources like this one, for its page: similar words in title and description, same subject,
   * grade and textbook volume weigh more. Not found when the viewer may not see the resource.
   */
  JsonObject related(Principal viewer, UUID id, int size) throws IOException {
    SearchIndex.FacetedSearcher s = acquire();
    try {
      Query visible = visibleTo(viewer);
      TopDocs self = s.search(filtered(term(IndexSchema.ID, id.toString()), visible), 1);
      if (self.scoreDocs.length == 0) {
        throw Problem.notFound("resource-not-found", "no resource " + id);
      }
      JsonObject card =
          new JsonObject(s.storedFields().document(self.scoreDocs[0].doc).get(IndexSchema.CARD));
      MoreLikeThis mlt = new MoreLikeThis(s.getIndexReader());
      mlt.setAnalyzer(analyzers.get());
      mlt.setMinTermFreq(1);
      mlt.setMinDocFreq(1);
      mlt.setMinWordLen(1);
      mlt.setMaxQueryTerms(25);
      BooleanQuery.Builder like = new BooleanQuery.Builder();
      addLike(like, mlt, IndexSchema.TITLE_WORDS, card.getString("title"), 2f);
      addLike(like, mlt, IndexSchema.TITLE_ZH, card.getString("title"), 1f);
      addLike(like, mlt, IndexSchema.TITLE_BO, card.getString("titleBo"), 1f);
      addLike(like, mlt, IndexSchema.BODY_WORDS, card.getString("description"), 0.5f);
      addLike(like, mlt, IndexSchema.BODY_WORDS, card.getString("chapter"), 1f);
      like.add(
          new BoostQuery(
              term(facetTermField(), facetTerm(IndexSchema.SUBJECT, card.getString("subject"))),
              2f),
          Occur.SHOULD);
      if (card.getInteger("grade") != null) {
        like.add(
            new BoostQuery(
                term(
                    facetTermField(),
                    facetTerm(IndexSchema.GRADE, card.getInteger("grade").toString())),
                1f),
            Occur.SHOULD);
      }
      Query q =
          new BooleanQuery.Builder()
              .add(like.build(), Occur.MUST)
              .add(visible, Occur.FILTER)
              .add(term(IndexSchema.ID, id.toString()), Occur.MUST_NOT)
              .build();
      TopDocs hits = s.search(q, size);
      return new JsonObject()
          .put("id", id.toString())
          .put("items", cards(s, hits.scoreDocs, null, false));
    } finally {
      release(s);
    }
  }

  private String facetTermField() {
    return facets.getDimConfig(IndexSchema.SUBJECT).indexFieldName;
  }

  private String facetTerm(String dim, String value) {
    return DrillDownQuery.term(facetTermField(), dim, value).text();
  }

  private static void addLike(
      BooleanQuery.Builder b, MoreLikeThis mlt, String field, String text, float boost)
      throws IOException {
    if (text == null || text.isBlank()) {
      return;
    }
    Query q = mlt.like(field, new StringReader(text));
    b.add(new BoostQuery(q, boost), Occur.SHOULD);
  }

  /** How many resources the index holds; 0 while the first one is being built. */
  int documents() throws IOException {
    SearchIndex.FacetedSearcher s;
    try {
      s = acquire();
    } catch (Problem starting) {
      return 0;
    }
    try {
      return s.getIndexReader().numDocs();
    } finally {
      release(s);
    }
  }
}
