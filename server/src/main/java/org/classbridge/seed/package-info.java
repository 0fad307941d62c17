/**
 * The demo education group, loaded through the same services the API uses, idempotently.
 *
 * <p>May import: {@code auth}, {@code directory}, {@code identity}, {@code common}.
 */
package org.classbridge.seed;
