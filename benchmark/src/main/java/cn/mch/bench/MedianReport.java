package cn.mch.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Several runs' reports as one: every figure of a table row is the median of that figure over the
 * runs (the middle one, or the mean of the two middle ones for an even count). Rows are matched by
 * their text with the numbers taken out, so a row reads the same in every run; a row whose text
 * differs between runs (the thread pools, largest first, come in another order) is the first
 * run's, marked so. Ratios are medians of each run's own ratio (both sides measured in the same
 * run). A table of the runs' own headline figures follows, so the spread stays visible.
 */
final class MedianReport {

  /** A number in the text: not part of a word or a name such as {@code p95} or {@code G#}. */
  private static final Pattern NUMBER = Pattern.compile("(?<![\\w#$.])-?\\d[\\d,]*(\\.\\d+)?(?![\\w#])");

  /** The two figures of a run's {@link Report#MACHINE_SPEED} line. */
  private static final Pattern SPEEDS = Pattern.compile("\\): (\\S+) at the start, (\\S+) at the end$");

  private MedianReport() {}

  /** The reports of {@code runs} combined; the first run's text around the tables. */
  static String combine(List<String> runs) {
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("no runs to combine");
    }
    List<List<String>> lines = runs.stream().map(r -> List.of(r.split("\n", -1))).toList();
    List<String> out = new ArrayList<>();
    java.util.Map<String, Integer> seen = new java.util.HashMap<>();
    for (String line : lines.get(0)) {
      if (line.startsWith("Written by ")) {
        out.add(line.replace("; one run.", "; figures are medians of " + runs.size()
            + " runs, each in a fresh JVM on a fresh database (the runs' own headline figures at the end)."));
      } else if (line.startsWith("- Date: ")) {
        out.add("- Dates: " + String.join(", ", lines.stream().map(MedianReport::date).toList()));
      } else if (line.startsWith(Report.MACHINE_SPEED)) {
        Matcher speeds = SPEEDS.matcher(line);
        String label = speeds.find() ? line.substring(0, speeds.start() + 3) : Report.MACHINE_SPEED + ": ";
        out.add(label + "at the start / at the end, by run: "
            + String.join(", ", lines.stream().map(MedianReport::machineSpeed).toList()));
      } else if (isDataRow(line)) {
        out.add(median(line, seen.merge(template(line), 1, Integer::sum) - 1, lines));
      } else {
        out.add(line);
      }
    }
    String text = String.join("\n", out);
    return (text.endsWith("\n") ? text : text + "\n") + runsTable(lines);
  }

  /** The row of the first run with each number the median of the same row's numbers over the runs. */
  private static String median(String row, int occurrence, List<List<String>> runs) {
    String template = template(row);
    List<double[]> values = new ArrayList<>();
    for (List<String> run : runs) {
      String same = find(run, template, occurrence);
      if (same == null) {
        String byItem = medianByItem(row, runs);
        return byItem != null ? byItem : row.substring(0, row.length() - 1) + "*(first run only: the runs differ here)* |";
      }
      values.add(numbers(same));
    }
    return withMedians(row, values);
  }

  /**
   * A row ending in a list whose items come in another order in each run (thread pools, largest
   * first): each item the median of the same item over the runs, in the first run's order; null
   * unless every run lists the same items.
   */
  private static String medianByItem(String row, List<List<String>> runs) {
    int listAt = row.lastIndexOf(" | ", row.length() - 3);
    if (listAt < 0) {
      return null;
    }
    String head = row.substring(0, listAt + 3);
    String headTemplate = template(head);
    List<String> items = List.of(row.substring(listAt + 3, row.length() - 2).split(", "));
    java.util.Map<String, List<double[]>> byItem = new java.util.LinkedHashMap<>();
    List<double[]> heads = new ArrayList<>();
    for (List<String> run : runs) {
      String same = run.stream().filter(l -> isDataRow(l) && template(l).startsWith(headTemplate))
          .findFirst().orElse(null);
      if (same == null) {
        return null;
      }
      // Their list starts where theirs does: the cells before it may hold numbers of another width.
      int theirsAt = same.lastIndexOf(" | ", same.length() - 3) + 3;
      heads.add(numbers(same.substring(0, theirsAt)));
      List<String> theirs = List.of(same.substring(theirsAt, same.length() - 2).split(", "));
      if (theirs.size() != items.size()) {
        return null;
      }
      for (String item : theirs) {
        byItem.computeIfAbsent(template(item), k -> new ArrayList<>()).add(numbers(item));
      }
    }
    List<String> medians = new ArrayList<>();
    for (String item : items) {
      List<double[]> values = byItem.get(template(item));
      if (values == null || values.size() != runs.size()) {
        return null;
      }
      medians.add(withMedians(item, values));
    }
    return withMedians(head, heads) + String.join(", ", medians) + " |";
  }

  /** The text with its i-th number replaced by the median of the i-th numbers of {@code values}. */
  private static String withMedians(String row, List<double[]> values) {
    Matcher m = NUMBER.matcher(row);
    StringBuilder b = new StringBuilder();
    int i = 0;
    while (m.find()) {
      double[] column = new double[values.size()];
      for (int r = 0; r < values.size(); r++) {
        column[r] = values.get(r)[i];
      }
      m.appendReplacement(b, Matcher.quoteReplacement(formatLike(m.group(), median(column))));
      i++;
    }
    m.appendTail(b);
    return b.toString();
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** A value written as the run's figure was (its decimals), thousands grouped as {@link Report#format} does. */
  static String formatLike(String original, double value) {
    int dot = original.indexOf('.');
    int decimals = dot < 0 ? 0 : original.length() - dot - 1;
    boolean grouped = original.contains(",") || Math.abs(value) >= 1000;
    if (decimals == 0 && Math.abs(value - Math.rint(value)) > 1e-9 && Math.abs(value) < 100) {
      decimals = 1; // the mean of two middle whole numbers, e.g. 2.5 %
    }
    return String.format(Locale.ROOT, "%" + (grouped ? "," : "") + "." + decimals + "f", value);
  }

  private static double[] numbers(String row) {
    Matcher m = NUMBER.matcher(row);
    List<Double> found = new ArrayList<>();
    while (m.find()) {
      found.add(Double.parseDouble(m.group().replace(",", "")));
    }
    return found.stream().mapToDouble(Double::doubleValue).toArray();
  }

  static String template(String row) {
    return NUMBER.matcher(row).replaceAll("#");
  }

  private static String find(List<String> run, String template, int occurrence) {
    int n = 0;
    for (String line : run) {
      if (isDataRow(line) && template(line).equals(template) && n++ == occurrence) {
        return line;
      }
    }
    return null;
  }

  /** A table row holding figures: not a header (no numbers) and not the separator under it. */
  private static boolean isDataRow(String line) {
    return line.startsWith("|") && !line.startsWith("|---") && NUMBER.matcher(line).find();
  }

  private static String date(List<String> run) {
    return run.stream().filter(l -> l.startsWith("- Date: ")).map(l -> l.substring(8).strip()).findFirst().orElse("?");
  }

  /** A run's machine speed at its start and end, as {@code 0.412 / 0.430}. */
  private static String machineSpeed(List<String> run) {
    return run.stream().filter(l -> l.startsWith(Report.MACHINE_SPEED)).findFirst()
        .map(l -> {
          Matcher m = SPEEDS.matcher(l);
          return m.find() ? m.group(1) + " / " + m.group(2) : "?";
        })
        .orElse("?");
  }

  /** Each run's first pass, its rate and the ratios to the baselines, as the run wrote them. */
  private static String runsTable(List<List<String>> runs) {
    StringBuilder b = new StringBuilder("\n## The runs\n\n| Run | Date | First pass, all committed | Platform resources/s"
        + " | Platform ÷ one PUT at a time | Platform ÷ Bundles | Second pass | New resources, versions in it |\n"
        + "|---|---|---:|---:|---:|---:|---:|---:|\n");
    for (int r = 0; r < runs.size(); r++) {
      List<String> run = runs.get(r);
      String[] platform = cells(row(run, "| Platform: "));
      String[] singles = cells(row(run, "| Default HAPI, one PUT"));
      String[] bundles = cells(row(run, "| Default HAPI, transaction Bundles"));
      String[] first = cells(row(run, "| First pass"));
      String[] second = cells(row(run, "| Second pass"));
      b.append("| ").append(r + 1).append(" | ").append(date(run)).append(" | ").append(cell(first, 3)).append(" | ")
          .append(cell(platform, 3)).append(" | ").append(cell(singles, 4)).append(" | ").append(cell(bundles, 4))
          .append(" | ").append(cell(second, 3)).append(" | ").append(cell(second, 6)).append(", ")
          .append(cell(second, 7)).append(" |\n");
    }
    return b.toString();
  }

  private static String row(List<String> run, String prefix) {
    return run.stream().filter(l -> l.startsWith(prefix)).findFirst().orElse(null);
  }

  private static String[] cells(String row) {
    if (row == null) {
      return new String[0];
    }
    String[] cells = row.split("\\|", -1);
    return Arrays.copyOfRange(cells, 1, Math.max(1, cells.length - 1));
  }

  private static String cell(String[] cells, int index) {
    return index < cells.length ? cells[index].strip() : "–";
  }
}
