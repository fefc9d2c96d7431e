package dev.polling.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The numbers of one sitting: JMH's CSV result files and the C reference's output lines, read
 * from one directory, for {@link Report}.
 */
final class Results {
    private static final String PACKAGE = Results.class.getPackageName() + ".";

    /** One JMH result row: benchmark (short name, with a {@code :secondary} suffix), score, error, params. */
    record Row(String benchmark, double score, double error, Map<String, String> params) {
        String param(String name) {
            return params.getOrDefault(name, "");
        }
    }

    /** One C reference line as its {@code key=value} fields. */
    record CLine(Map<String, String> fields) {
        String get(String key) {
            return fields.getOrDefault(key, "");
        }

        double number(String key) {
            return Double.parseDouble(fields.get(key));
        }
    }

    final List<Row> rows = new ArrayList<>();
    final List<CLine> cLines = new ArrayList<>();

    /** Reads every {@code *.csv} (JMH) and {@code c-*.txt} (C reference output) in {@code dir}. */
    static Results read(Path dir) throws IOException {
        Results results = new Results();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".csv")) {
                    results.readCsv(file);
                } else if (name.startsWith("c-") && name.endsWith(".txt")) {
                    results.readC(file);
                }
            }
        }
        return results;
    }

    private void readCsv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty()) {
            return;
        }
        List<String> header = splitCsv(lines.get(0));
        int bench = header.indexOf("Benchmark");
        int score = header.indexOf("Score");
        int error = header.indexOf("Score Error (99.9%)");
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            List<String> cells = splitCsv(line);
            Map<String, String> params = new HashMap<>();
            for (int i = 0; i < header.size() && i < cells.size(); i++) {
                if (header.get(i).startsWith("Param: ") && !cells.get(i).isEmpty()) {
                    params.put(header.get(i).substring("Param: ".length()), cells.get(i));
                }
            }
            String name = cells.get(bench);
            if (name.startsWith(PACKAGE)) {
                name = name.substring(PACKAGE.length());
            }
            // JMH before 1.33 prefixed profiler results with a middle dot
            name = name.replace(":\u00b7", ":");
            rows.add(new Row(name, parse(cells.get(score)), parse(cells.get(error)), params));
        }
    }

    private void readC(Path file) throws IOException {
        for (String line : Files.readAllLines(file)) {
            if (!line.contains("impl=c-")) {
                continue;
            }
            Map<String, String> fields = new HashMap<>();
            for (String token : line.trim().split("\\s+")) {
                int eq = token.indexOf('=');
                if (eq > 0) {
                    fields.put(token.substring(0, eq), token.substring(eq + 1));
                }
            }
            cLines.add(new CLine(fields));
        }
    }

    /** The score of {@code benchmark} with every given param, or NaN. */
    double score(String benchmark, String... paramPairs) {
        Row row = find(benchmark, paramPairs);
        return row == null ? Double.NaN : row.score();
    }

    /** The row of {@code benchmark} with every given param ({@code name, value, name, value...}), or null. */
    Row find(String benchmark, String... paramPairs) {
        outer:
        for (Row row : rows) {
            if (!row.benchmark().equals(benchmark)) {
                continue;
            }
            for (int i = 0; i + 1 < paramPairs.length; i += 2) {
                if (!row.param(paramPairs[i]).equals(paramPairs[i + 1])) {
                    continue outer;
                }
            }
            return row;
        }
        return null;
    }

    /** Every value of the C field {@code key} over the lines matching {@code fieldPairs}. */
    List<Double> cValues(String key, String... fieldPairs) {
        List<Double> values = new ArrayList<>();
        outer:
        for (CLine line : cLines) {
            for (int i = 0; i + 1 < fieldPairs.length; i += 2) {
                if (!line.get(fieldPairs[i]).equals(fieldPairs[i + 1])) {
                    continue outer;
                }
            }
            if (line.fields().containsKey(key)) {
                values.add(line.number(key));
            }
        }
        return values;
    }

    private static double parse(String cell) {
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Splits one CSV line, honouring double quotes. */
    static List<String> splitCsv(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
