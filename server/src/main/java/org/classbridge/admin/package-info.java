/**
 * Account administration and the CSV roll import: a use case above accounts and the school
 * directory. {@code ImportRows} holds the import's rules without I/O; {@code AccountImport} runs
 * them against the database in one transaction.
 *
 * <p>May import: {@code auth}, {@code directory}, {@code identity}, {@code http}, {@code sql},
 * {@code common}.
 */
package org.classbridge.admin;
