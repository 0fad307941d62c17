package org.classbridge.admin;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.classbridge.common.Problem;

/**
 * An RFC 4180 CSV file as rows of fields: quoted fields may hold commas, quotes ({@code ""}) and
 * line breaks; CRLF or LF ends a record; a UTF-8 byte order mark (Excel writes one) is dropped.
 * Bytes that are not UTF-8 are refused outright rather than guessed at: a GBK file read as UTF-8
 * would turn every Chinese name into mojibake that then looks like valid data.
 */
record CsvTable(List<String> header, List<Row> rows) {

  /** A data row and the line of the file it started on (1-based, header is line 1). */
  record Row(int line, List<String> fields) {}

  static CsvTable parse(byte[] bytes) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw Problem.invalid(
          "csv-not-utf8", "the file is not UTF-8; save it as \"CSV UTF-8\" and send it again");
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    List<List<String>> records = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    List<String> current = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean fieldStarted = false;
    int line = 1;
    int recordLine = 1;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (quoted) {
        if (ch == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          if (ch == '\n') {
            line++;
          }
          field.append(ch);
        }
        continue;
      }
      switch (ch) {
        case '"' -> {
          if (field.length() > 0) {
            throw Problem.invalid(
                "csv-malformed", "line " + line + ": a quote in the middle of an unquoted field");
          }
          quoted = true;
          fieldStarted = true;
        }
        case ',' -> {
          current.add(field.toString());
          field.setLength(0);
          fieldStarted = true;
        }
        case '\r' -> {
          if (i + 1 < text.length() && text.charAt(i + 1) == '\n') {
            continue;
          }
          throw Problem.invalid("csv-malformed", "line " + line + ": a bare carriage return");
        }
        case '\n' -> {
          if (fieldStarted || field.length() > 0 || !current.isEmpty()) {
            current.add(field.toString());
            records.add(current);
            lines.add(recordLine);
          }
          current = new ArrayList<>();
          field.setLength(0);
          fieldStarted = false;
          line++;
          recordLine = line;
        }
        default -> {
          field.append(ch);
          fieldStarted = true;
        }
      }
    }
    if (quoted) {
      throw Problem.invalid("csv-malformed", "line " + recordLine + ": a quoted field never ends");
    }
    if (fieldStarted || field.length() > 0 || !current.isEmpty()) {
      current.add(field.toString());
      records.add(current);
      lines.add(recordLine);
    }
    if (records.isEmpty()) {
      throw Problem.invalid("csv-empty", "the file has no header line");
    }
    List<String> header = records.get(0).stream().map(String::strip).toList();
    List<Row> rows = new ArrayList<>();
    for (int r = 1; r < records.size(); r++) {
      List<String> fields = records.get(r);
      if (fields.stream().allMatch(String::isBlank)) {
        continue; // spreadsheet programs leave empty rows at the end
      }
      rows.add(new Row(lines.get(r), fields));
    }
    return new CsvTable(header, rows);
  }
}
