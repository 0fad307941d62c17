/**
 * The composition root: read configuration, wire the features, start, stop; the CLI ({@code
 * create-admin}, {@code settings}). {@code AppConfig} only composes the configuration records that
 * each package owns.
 *
 * <p>May import: everything. Nothing imports {@code app}.
 */
package org.classbridge.app;
