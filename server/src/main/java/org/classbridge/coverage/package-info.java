/**
 * Curriculum coverage (开齐开足): the curriculum plan each class should receive per term (seeded from
 * the national compulsory-education plan, edited by the group), what a school's own teachers cover,
 * and the coverage matrix that sets both against what synchronous sessions delivered, with the gap.
 *
 * <p>May import {@code http}, {@code sql}, {@code identity} and {@code common}. Terms, schools,
 * classes and delivered sessions come through {@link org.classbridge.coverage.CoverageSources},
 * which {@code app} implements over the directory and the timetable.
 */
package org.classbridge.coverage;
