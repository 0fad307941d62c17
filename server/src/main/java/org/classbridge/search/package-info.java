/**
 * Search over the lesson repository: Chinese (bigram recall and SmartChinese precision), Tibetan
 * syllables, pinyin (full, initials, unfinished) and English, with facets, highlighting, suggest
 * and related resources. Each node keeps its own Lucene index, fed only by the catalogue's change
 * log and its {@link org.classbridge.catalogue.IndexRecord} contract.
 *
 * <p>May import: {@code catalogue} (its record contract and change topic only: {@code Catalogue},
 * {@code IndexRecord}, {@code Resource}, {@code CurriculumNode}, {@code ResourceKind}, {@code
 * Stage}), {@code http}, {@code sql} ({@code ChangeLog}), {@code identity}, {@code common}.
 */
package org.classbridge.search;
