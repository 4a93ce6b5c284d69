package io.hermod.tck;

import io.hermod.api.Capability;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The scenario catalogue of {@code tck/README.md}, generated from the kit itself: the groups are
 * the {@code @Nested} classes of {@link MessagingCompatibilityKit}, the scenarios their
 * {@code @Test} methods; id and title come from each {@code @DisplayName}, the capability and the
 * counts from its {@link Scenario}. The README's section between {@link #START} and {@link #END} is
 * this class's {@link #markdown()}; a test in the module fails when the two differ.
 *
 * <p>To regenerate the section, run {@code ./mvnw -pl tck -am verify -Dtest=ScenarioCatalogueTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dio.hermod.tck.catalogue=update}, or call {@link
 * #main(String[])} with the README's path.
 *
 * @since 0.1
 */
public final class ScenarioCatalogue {

  /** The line that opens the generated section. */
  public static final String START = "<!-- scenario-catalogue:start -->";

  /** The line that closes the generated section. */
  public static final String END = "<!-- scenario-catalogue:end -->";

  private static final Pattern DISPLAY = Pattern.compile("([A-Z])(\\d{2}) (.+)", Pattern.DOTALL);
  private static final Pattern GROUP = Pattern.compile("([A-Z])\\. (.+)");

  private ScenarioCatalogue() {}

  /** One scenario of the catalogue. */
  record Row(String group, String id, String title, Method method, Scenario scenario) {}

  /**
   * Every scenario of the kit, by id.
   *
   * @return the rows, never empty
   * @throws IllegalStateException if a scenario lacks {@link Scenario}, a display name does not
   *     start with an id of its group's letter, or two scenarios share an id
   */
  static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    for (Class<?> group : MessagingCompatibilityKit.class.getDeclaredClasses()) {
      if (!group.isAnnotationPresent(Nested.class)) {
        continue;
      }
      String groupName = displayName(group.getAnnotation(DisplayName.class), group.toString());
      Matcher g = GROUP.matcher(groupName);
      if (!g.matches()) {
        throw new IllegalStateException(
            group + ": a group's display name is a letter, a dot and a title, was: " + groupName);
      }
      List<Class<?>> sources = new ArrayList<>(List.of(group.getInterfaces()));
      sources.add(group);
      for (Class<?> source : sources) {
        for (Method method : source.getDeclaredMethods()) {
          if (!method.isAnnotationPresent(Test.class)) {
            continue;
          }
          String where = source.getSimpleName() + "." + method.getName();
          String display = displayName(method.getAnnotation(DisplayName.class), where);
          Matcher m = DISPLAY.matcher(display);
          if (!m.matches() || !m.group(1).equals(g.group(1))) {
            throw new IllegalStateException(
                where
                    + ": a scenario's display name starts with its id, a letter of its group ("
                    + g.group(1)
                    + ") and two digits, then a space, was: "
                    + display);
          }
          @Nullable Scenario scenario = method.getAnnotation(Scenario.class);
          if (scenario == null || scenario.counts().length == 0) {
            throw new IllegalStateException(
                where + ": a scenario carries @Scenario with what it counts (counts = ...)");
          }
          rows.add(new Row(groupName, m.group(1) + m.group(2), m.group(3), method, scenario));
        }
      }
    }
    rows.sort(Comparator.comparing(Row::id));
    Set<String> ids = new HashSet<>();
    for (Row row : rows) {
      if (!ids.add(row.id())) {
        throw new IllegalStateException("two scenarios have the id " + row.id());
      }
    }
    if (rows.isEmpty()) {
      throw new IllegalStateException("no scenarios found in " + MessagingCompatibilityKit.class);
    }
    return rows;
  }

  private static String displayName(@Nullable DisplayName name, String where) {
    if (name == null) {
      throw new IllegalStateException(where + " has no @DisplayName");
    }
    return name.value();
  }

  /**
   * The catalogue in Markdown: one table per group, one row per scenario (id, title, the capability
   * it requires, what it counts, the counts it reports). No trailing blank line.
   *
   * @return the section's text, lines ending in {@code \n}
   */
  public static String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("<!-- generated by io.hermod.tck.ScenarioCatalogue from the kit's @DisplayName and")
        .append(" @Scenario annotations: do not edit by hand -->\n");
    String group = null;
    for (Row row : rows()) {
      if (!row.group().equals(group)) {
        group = row.group();
        md.append('\n')
            .append("### ")
            .append(group)
            .append("\n\n")
            .append("| id | scenario | requires | counts | reports |\n")
            .append("|---|---|---|---|---|\n");
      }
      Scenario s = row.scenario();
      md.append("| ")
          .append(row.id())
          .append(" | ")
          .append(cell(row.title()))
          .append(" | ")
          .append(requirement(s))
          .append(" | ")
          .append(cell(String.join("; ", s.counts())))
          .append(" | ")
          .append(
              s.measures().length == 0
                  ? "—"
                  : Arrays.stream(s.measures())
                      .map(n -> "`measured." + n + "`")
                      .collect(Collectors.joining(", ")))
          .append(" |\n");
    }
    return md.toString();
  }

  private static String requirement(Scenario s) {
    List<String> parts = new ArrayList<>();
    for (Capability c : s.requires()) {
      parts.add("`" + c.name() + "`");
    }
    for (Capability c : s.without()) {
      parts.add("without `" + c.name() + "`");
    }
    return parts.isEmpty() ? "—" : String.join(", ", parts);
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }

  /**
   * {@code readme} with its catalogue section (the lines between {@link #START} and {@link #END})
   * replaced by {@link #markdown()} and a blank line.
   *
   * @param readme the README's text
   * @return the text with a fresh section
   * @throws IllegalArgumentException if the markers are missing or out of order
   */
  public static String withFreshSection(String readme) {
    int start = readme.indexOf(START);
    int end = readme.indexOf(END);
    if (start < 0 || end < start) {
      throw new IllegalArgumentException(
          "the README has no catalogue section: a line " + START + " and, after it, " + END);
    }
    return readme.substring(0, start + START.length())
        + "\n"
        + markdown()
        + "\n"
        + readme.substring(end);
  }

  /**
   * The section currently in {@code readme}, between the markers, without the line break after the
   * start marker and the blank line before the end marker (as {@link #markdown()} returns it).
   *
   * @param readme the README's text
   * @return the section's text
   * @throws IllegalArgumentException if the markers are missing or out of order
   */
  public static String section(String readme) {
    int start = readme.indexOf(START);
    int end = readme.indexOf(END);
    if (start < 0 || end < start) {
      throw new IllegalArgumentException(
          "the README has no catalogue section: a line " + START + " and, after it, " + END);
    }
    String inside = readme.substring(start + START.length(), end);
    inside = inside.startsWith("\n") ? inside.substring(1) : inside;
    // The blank line before the end marker ends the last table.
    return inside.endsWith("\n\n") ? inside.substring(0, inside.length() - 1) : inside;
  }

  /**
   * Prints the catalogue, or with a path rewrites that README's section.
   *
   * @param args nothing, or the path of {@code tck/README.md}
   * @throws IOException if the README cannot be read or written
   */
  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      System.out.print(markdown());
      return;
    }
    Path readme = Path.of(args[0]);
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    Files.writeString(readme, withFreshSection(text), StandardCharsets.UTF_8);
    System.out.println("rewrote the scenario catalogue of " + readme);
  }
}
