package io.seedance.streams.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One scenario's results as a Markdown table, with the command that reproduces it. */
final class Table {

    private final String title;
    private final List<String> columns;
    private final List<List<String>> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Table(final String title, final String... columns) {
        this.title = title;
        this.columns = List.of(columns);
    }

    Table row(final Object... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException("expected " + columns.size() + " cells, got " + Arrays.toString(cells));
        }
        rows.add(Arrays.stream(cells).map(Table::format).toList());
        // Printed as measured too: a long scenario that fails later keeps what it had.
        System.out.println("| " + String.join(" | ", rows.get(rows.size() - 1)) + " |");
        return this;
    }

    Table note(final String note) {
        notes.add(note);
        return this;
    }

    String render(final String reproduce) {
        final StringBuilder out = new StringBuilder("\n### ").append(title).append("\n\n");
        out.append("| ").append(String.join(" | ", columns)).append(" |\n|");
        columns.forEach(c -> out.append("---|"));
        out.append('\n');
        for (final List<String> row : rows) {
            out.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        out.append('\n');
        notes.forEach(note -> out.append(note).append('\n'));
        out.append("Reproduce: `").append(reproduce).append("`\n");
        return out.toString();
    }

    private static String format(final Object cell) {
        if (cell instanceof Double d) {
            return Math.abs(d) >= 100
                    ? String.format("%.0f", d)
                    : Math.abs(d) >= 10 ? String.format("%.1f", d) : String.format("%.2f", d);
        }
        return String.valueOf(cell);
    }
}
