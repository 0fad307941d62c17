/**
 * 名师课堂 as a research community: studios (名师工作室) of a lead teacher and members from the group's
 * schools, and co-preparation (集体备课) of lesson plans: a structured plan in Chinese and Tibetan,
 * versioned, with comments threaded by paragraph, and a final version published to the repository
 * as a lesson plan.
 *
 * <p>May import {@code http}, {@code sql}, {@code identity} and {@code common}. People and the
 * repository come through {@link org.classbridge.studio.StudioSources}, which {@code app}
 * implements over the accounts and the catalogue.
 */
package org.classbridge.studio;
