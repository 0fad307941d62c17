package org.classbridge.search;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One search as the library asks it.
 *
 * @param q what was typed; blank browses everything the viewer may see
 * @param filters selected values per flat facet dimension (values of one dimension are
 *     alternatives)
 * @param curriculum a path down the curriculum tree (subject, grade, edition, volume, chapter, ...)
 * @param page 1-based
 */
record SearchRequest(
    String q,
    Map<String, List<String>> filters,
    List<String> curriculum,
    Order order,
    int page,
    int size) {

  /** Longest query accepted, in characters. */
  static final int MAX_QUERY = 1000;

  static final int MAX_SIZE = 50;

  /** Deepest hit a page may reach: past it, narrow the search instead. */
  static final int MAX_DEPTH = 10_000;

  /** How hits are ordered. */
  enum Order {
    RELEVANCE,
    NEWEST,
    MOST_VIEWED
  }

  SearchRequest {
    Objects.requireNonNull(q, "q");
    filters = Map.copyOf(filters);
    curriculum = List.copyOf(curriculum);
    Objects.requireNonNull(order, "order");
  }
}
