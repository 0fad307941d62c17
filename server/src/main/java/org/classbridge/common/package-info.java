/**
 * Shared values and helpers every package may use: {@code Problem} (refusals with stable codes),
 * {@code Validation}, {@code Language}, the {@code Wire} convention for enum ids, the HS256 {@code
 * Jws} codec, {@code Futures}.
 *
 * <p>May import: nothing of Classbridge.
 */
package org.classbridge.common;
