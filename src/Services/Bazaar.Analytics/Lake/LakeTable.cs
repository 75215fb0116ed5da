using Parquet.Schema;

namespace Bazaar.Analytics.Lake;

/// <summary>The rows a batch of windows gives one lake table, as columns ready to be written to one Parquet file.</summary>
internal sealed record LakeTable(string Name, int RowCount, IReadOnlyList<ParquetColumn> Columns)
{
    public ParquetSchema Schema => new(Columns.Select(c => c.Field));
}
