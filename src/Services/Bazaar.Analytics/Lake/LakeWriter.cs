using Bazaar.Contracts.Analytics;
using Parquet;

namespace Bazaar.Analytics.Lake;

/// <summary>
/// Appends published window results to the lake as Parquet files, partitioned by the UTC date of the window's start:
/// <c>&lt;table&gt;/date=YYYY-MM-DD/part-&lt;first position&gt;.parquet</c>, one file per table and date for each batch.
/// </summary>
public sealed class LakeWriter(LakeOptions options)
{
    private readonly string _root = options.Root;

    /// <summary>
    /// Writes a batch of results; <paramref name="firstPosition"/> is the stream position the batch starts after. The
    /// files are named after it, so writing the same batch again (after a crash before its checkpoint was committed)
    /// replaces them rather than adding a second copy.
    /// </summary>
    public async Task AppendAsync(IReadOnlyList<WindowResult> results, long firstPosition, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstPosition);
        var fileName = $"part-{firstPosition:D20}.parquet";
        foreach (var day in results.GroupBy(r => DateOnly.FromDateTime(r.Start.UtcDateTime)))
        {
            foreach (var table in LakeTables.Of([.. day]))
            {
                var folder = Path.Combine(_root, table.Name, $"date={day.Key:yyyy-MM-dd}");
                var path = Path.Combine(folder, fileName);
                if (table.RowCount > 0)
                {
                    Directory.CreateDirectory(folder);
                    await WriteReplacingAsync(path, table, cancellationToken);
                }
                else if (File.Exists(path))
                {
                    // No empty files; and a batch written again keeps nothing of an earlier try that it does not repeat.
                    File.Delete(path);
                }
            }
        }
    }

    /// <remarks>
    /// The file is written beside its target and renamed over it, so a query sees the old file or the new one, never
    /// half of one; a crash leaves at most a hidden temporary file, which no query reads.
    /// </remarks>
    private static async Task WriteReplacingAsync(string path, LakeTable table, CancellationToken cancellationToken)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16, useAsync: true))
            {
                await using (var writer = await ParquetWriter.CreateAsync(table.Schema, file, cancellationToken: cancellationToken))
                {
                    using var rowGroup = writer.CreateRowGroup();
                    foreach (var column in table.Columns)
                    {
                        await column.WriteAsync(rowGroup, cancellationToken);
                    }
                    rowGroup.CompleteValidate();
                }
                // On the disk before the rename: the checkpoint committed next must never point past a file that a
                // power cut could still empty.
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
