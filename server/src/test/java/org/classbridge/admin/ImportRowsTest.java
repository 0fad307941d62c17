package org.classbridge.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.classbridge.common.Problem;
import org.classbridge.identity.Role;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The import's row rules on their own: no server, no database. */
class ImportRowsTest {
  private static final UUID YUSHU = UUID.randomUUID();
  private static final UUID CLASS_7_2 = UUID.randomUUID();
  private static final ImportRows.Directory DIRECTORY =
      new ImportRows.Directory(
          Map.of("玉树州第一民族中学", YUSHU), Map.of(new ImportRows.ClassKey(YUSHU, "七年级（2）班"), CLASS_7_2));

  private static List<ImportRows.Checked> check(String csv) {
    CsvTable table = CsvTable.parse(csv.getBytes(StandardCharsets.UTF_8));
    ImportRows.Columns columns = ImportRows.columns(table.header());
    return ImportRows.check(table.rows(), columns, DIRECTORY, new SecureRandom());
  }

  private static List<String> codes(ImportRows.Checked row) {
    return row.errors().stream().map(Problem.FieldError::code).toList();
  }

  @Test
  @DisplayName(
      "Chinese headers map to the same columns; a good row becomes an account in its class")
  void goodRow() {
    List<ImportRows.Checked> rows =
        check("用户名,姓名,角色,学校,班级\ntashi.d,扎西 བཀྲ་ཤིས,学生,玉树州第一民族中学,七年级（2）班\n");
    ImportRows.Checked r = rows.get(0);
    assertThat(r.ok()).as("%s", r.errors()).isTrue();
    assertThat(r.account().role()).isEqualTo(Role.STUDENT);
    assertThat(r.account().schoolId()).isEqualTo(YUSHU);
    assertThat(r.classId()).isEqualTo(CLASS_7_2);
    assertThat(r.generatedPassword()).hasSize(10).matches("[a-hj-km-np-z2-9]+");
    assertThat(r.account().password()).isEqualTo(r.generatedPassword());
  }

  @Test
  @DisplayName("each broken rule is reported on its row, with every error at once")
  void brokenRows() {
    List<ImportRows.Checked> rows =
        check(
            "username,display_name,role,school,class\n"
                + "a,,headmaster,无名学校,一班\n"
                + "coord.w,王,coordinator,玉树州第一民族中学,七年级（2）班\n"
                + "tashi.d,扎西,student,玉树州第一民族中学,八年级\n"
                + "tashi.d,扎西,student,玉树州第一民族中学,\n");
    assertThat(codes(rows.get(0)))
        .contains("bad-username", "required", "not-importable", "unknown-school");
    assertThat(rows.get(0).account()).isNull();
    assertThat(codes(rows.get(1))).containsExactly("class-not-for-role");
    assertThat(codes(rows.get(2))).containsExactly("unknown-class");
    // the username was on an earlier line already, even though that line failed for its class
    assertThat(codes(rows.get(3))).containsExactly("duplicate-in-file");
    // a later line with the same username as an earlier good one
    List<ImportRows.Checked> twice =
        check(
            "username,display_name,role,school\n"
                + "tashi.d,扎西,student,玉树州第一民族中学\n"
                + "TASHI.D,扎西,student,玉树州第一民族中学\n");
    assertThat(codes(twice.get(1))).containsExactly("duplicate-in-file");
  }

  @Test
  @DisplayName("columns of personal data, unknown columns and missing ones refuse the whole file")
  void refusedHeaders() {
    assertThatThrownBy(() -> ImportRows.columns(List.of("username", "身份证号")))
        .isInstanceOf(Problem.class)
        .extracting(p -> ((Problem) p).code())
        .isEqualTo("csv-forbidden-column");
    assertThatThrownBy(() -> ImportRows.columns(List.of("username", "shoe_size")))
        .extracting(p -> ((Problem) p).code())
        .isEqualTo("csv-unknown-column");
    assertThatThrownBy(() -> ImportRows.columns(List.of("username", "role")))
        .extracting(p -> ((Problem) p).code())
        .isEqualTo("csv-missing-column");
  }
}
