package org.classbridge.common;

import java.util.List;

/**
 * CSV for people to open in a spreadsheet (RFC 4180, UTF-8 with a byte-order mark so Excel reads
 * Chinese and Tibetan right). Every exported cell that holds user text is neutralised: a cell that
 * starts with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return is taken by
 * spreadsheets as a formula (CSV injection), so it gets a leading apostrophe and stays text.
 */
public final class CsvWriter {
  private final StringBuilder out = new StringBuilder("\uFEFF");

  /** Appends one row. */
  public CsvWriter row(List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(quote(safe(cells.get(i))));
    }
    out.append("\r\n");
    return this;
  }

  /** The text of a cell as a spreadsheet will show it, never as a formula. */
  public static String safe(String cell) {
    if (cell == null || cell.isEmpty()) {
      return "";
    }
    char first = cell.charAt(0);
    return first == '='
            || first == '+'
            || first == '-'
            || first == '@'
            || first == '\t'
            || first == '\r'
        ? "'" + cell
        : cell;
  }

  private static String quote(String cell) {
    if (cell.indexOf(',') < 0
        && cell.indexOf('"') < 0
        && cell.indexOf('\n') < 0
        && cell.indexOf('\r') < 0) {
      return cell;
    }
    return '"' + cell.replace("\"", "\"\"") + '"';
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
