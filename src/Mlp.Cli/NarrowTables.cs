using Spectre.Console;
using Spectre.Console.Rendering;

namespace Mlp.Cli;

/// <summary>
/// Tables that fit the terminal without splitting a word. Spectre shrinks a table too wide for
/// the terminal by narrowing its widest columns, down past their longest word, so on 60 columns
/// a confusion matrix's <c>178</c> became <c>17</c> over <c>8</c>. Here each column keeps at least
/// its longest word (a number is one word); when even that is too wide, the table is cut into
/// parts, each with the first column (the row labels) and as many of the others as fit, as
/// pandas prints a wide frame.
/// </summary>
public static class NarrowTables
{
    /// <summary>
    /// The parts to write for <paramref name="table"/> in <paramref name="width"/> columns: the table
    /// itself when it fits, else copies whose column widths are set so that no column is narrower
    /// than its longest word, split by columns when they cannot all fit.
    /// </summary>
    public static IReadOnlyList<Table> Fit(Table table, RenderOptions options, int width)
    {
        var n = table.Columns.Count;
        if (n == 0) return [table];
        var sizes = Enumerable.Range(0, n).Select(j => Measure(table, j, options, width)).ToArray();
        var frame = Enumerable.Range(0, n).Select(j => (table.Columns[j].Padding?.GetWidth() ?? 0) + (table.Border.Visible ? 1 : 0)).ToArray();
        var edge = table.Border.Visible ? 1 : 0;
        int Room(IEnumerable<int> columns) => width - edge - columns.Sum(j => frame[j]);
        if (sizes.Sum(s => s.Max) <= Room(Enumerable.Range(0, n))) return [table];

        var parts = new List<List<int>>();
        var part = new List<int> { 0 };
        for (var j = 1; j < n; j++)
        {
            if (part.Count > 1 && part.Append(j).Sum(c => sizes[c].Min) > Room(part.Append(j)))
            {
                parts.Add(part);
                part = [0];
            }
            part.Add(j);
        }
        parts.Add(part);
        return [.. parts.Select((columns, i) => Copy(table, columns, Widths(columns, sizes, Room(columns)),
            parts.Count == 1 ? null : $"part {i + 1} of {parts.Count}"))];
    }

    // Each column its longest word, and what room is left shared in proportion to how much more the column would take.
    private static int[] Widths(List<int> columns, Measurement[] sizes, int room)
    {
        var min = columns.Sum(j => sizes[j].Min);
        var wish = columns.Sum(j => sizes[j].Max - sizes[j].Min);
        var spare = Math.Max(0, room - min);
        return [.. columns.Select(j => wish == 0 ? sizes[j].Min
            : sizes[j].Min + (int)Math.Min(sizes[j].Max - sizes[j].Min, (long)spare * (sizes[j].Max - sizes[j].Min) / wish))];
    }

    private static Table Copy(Table table, List<int> columns, int[] widths, string? part)
    {
        var copy = new Table { Border = table.Border, BorderStyle = table.BorderStyle, ShowHeaders = table.ShowHeaders };
        if (table.Title is { } title)
            copy.Title = new TableTitle(part is null ? title.Text : $"{title.Text} ({part})", title.Style);
        for (var i = 0; i < columns.Count; i++)
        {
            var c = table.Columns[columns[i]];
            copy.AddColumn(new TableColumn(c.Header) { Alignment = c.Alignment, Padding = c.Padding, NoWrap = c.NoWrap, Width = widths[i] });
        }
        foreach (var row in table.Rows) copy.AddRow(columns.Select(j => row[j]));
        return copy;
    }

    // The narrowest a column can be without splitting a word, and the width it would like.
    private static Measurement Measure(Table table, int column, RenderOptions options, int width)
    {
        var header = table.Columns[column].Header.Measure(options, width);
        int min = header.Min, max = header.Max;
        foreach (var row in table.Rows)
        {
            var cell = row[column].Measure(options, width);
            (min, max) = (Math.Max(min, cell.Min), Math.Max(max, cell.Max));
        }
        return new Measurement(min, max);
    }
}

/// <summary>A console that writes every table as <see cref="NarrowTables.Fit"/> cuts it to the terminal's width.</summary>
internal sealed class NarrowConsole(IAnsiConsole inner) : IAnsiConsole
{
    public Profile Profile => inner.Profile;
    public IAnsiConsoleCursor Cursor => inner.Cursor;
    public IAnsiConsoleInput Input => inner.Input;
    public IExclusivityMode ExclusivityMode => inner.ExclusivityMode;
    public RenderPipeline Pipeline => inner.Pipeline;
    public void Clear(bool home) => inner.Clear(home);
    public void WriteAnsi(Action<AnsiWriter> action) => inner.WriteAnsi(action);

    public void Write(IRenderable renderable)
    {
        if (renderable is not Table table)
        {
            inner.Write(renderable);
            return;
        }
        foreach (var part in NarrowTables.Fit(table, RenderOptions.Create(inner, inner.Profile.Capabilities), Profile.Width))
            inner.Write(part);
    }
}
