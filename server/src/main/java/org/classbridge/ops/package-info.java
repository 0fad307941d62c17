/**
 * What operators and tools call: liveness, readiness, Prometheus metrics, the OpenAPI document;
 * logging set-up and the Vert.x metrics workaround.
 *
 * <p>May import: {@code http}, {@code sql}, {@code blob}, {@code common}.
 */
package org.classbridge.ops;
