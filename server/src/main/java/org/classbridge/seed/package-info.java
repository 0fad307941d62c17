/**
 * The demo education group, loaded through the same services the API uses, idempotently.
 *
 * <p>May import: {@code auth}, {@code directory}, {@code schedule}, {@code coverage}, {@code
 * catalogue}, {@code identity}, {@code common}.
 */
package org.classbridge.seed;
