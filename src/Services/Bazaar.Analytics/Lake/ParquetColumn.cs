using Parquet;
using Parquet.Schema;

namespace Bazaar.Analytics.Lake;

/// <summary>
/// One column of a lake table: its Parquet field, the DuckDB type it reads back as (for the empty stand-in of a table
/// with no files yet), and how a batch's values are written as one array.
/// </summary>
internal sealed record ParquetColumn(DataField Field, string SqlType, Func<ParquetRowGroupWriter, CancellationToken, Task> WriteAsync)
{
    /// <summary>Money is written exactly, as decimals of this scale: more than any currency's minor unit or a rounded average needs.</summary>
    private const int MoneyScale = 6;

    private const int MoneyPrecision = 28;

    public static ParquetColumn Text<TRow>(string name, IReadOnlyList<TRow> rows, Func<TRow, string?> value, bool nullable = false)
    {
        var field = new DataField<string>(name, nullable);
        return new(field, "VARCHAR", (writer, _) => writer.WriteAsync(field, Values(rows, value)!));
    }

    public static ParquetColumn Int32<TRow>(string name, IReadOnlyList<TRow> rows, Func<TRow, int> value)
    {
        var field = new DataField<int>(name, nullable: false);
        return new(field, "INTEGER", (writer, ct) => writer.WriteAsync<int>(field, Values(rows, value), cancellationToken: ct));
    }

    public static ParquetColumn Int64<TRow>(string name, IReadOnlyList<TRow> rows, Func<TRow, long> value)
    {
        var field = new DataField<long>(name, nullable: false);
        return new(field, "BIGINT", (writer, ct) => writer.WriteAsync<long>(field, Values(rows, value), cancellationToken: ct));
    }

    public static ParquetColumn Money<TRow>(string name, IReadOnlyList<TRow> rows, Func<TRow, decimal> value)
    {
        var field = new DecimalDataField(name, MoneyPrecision, MoneyScale, isNullable: false);
        return new(field, $"DECIMAL({MoneyPrecision},{MoneyScale})", (writer, ct) => writer.WriteAsync<decimal>(field, Values(rows, value), cancellationToken: ct));
    }

    public static ParquetColumn NullableMoney<TRow>(string name, IReadOnlyList<TRow> rows, Func<TRow, decimal?> value)
    {
        var field = new DecimalDataField(name, MoneyPrecision, MoneyScale, isNullable: true);
        return new(field, $"DECIMAL({MoneyPrecision},{MoneyScale})", (writer, ct) => writer.WriteAsync<decimal>(field, Values(rows, value), cancellationToken: ct));
    }

    /// <summary>A UTC instant, which DuckDB reads as <c>TIMESTAMPTZ</c>.</summary>
    /// <remarks>
    /// To the millisecond, which window bounds never go below: Parquet.Net 6 writes the statistics of a microsecond
    /// column in milliseconds (aloneguid/parquet-dotnet#769), and DuckDB trusts them to skip data and fold comparisons,
    /// so <c>start = TIMESTAMPTZ '…'</c> would find nothing.
    /// </remarks>
    public static ParquetColumn Timestamp<TRow>(string name, IReadOnlyList<TRow> rows, Func<TRow, DateTimeOffset> value)
    {
        var field = new DateTimeDataField(name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Millis, isNullable: false);
        return new(field, "TIMESTAMPTZ", (writer, ct) => writer.WriteAsync<DateTime>(field, Values(rows, r => value(r).UtcDateTime), cancellationToken: ct));
    }

    private static T[] Values<TRow, T>(IReadOnlyList<TRow> rows, Func<TRow, T> value)
    {
        var values = new T[rows.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = value(rows[i]);
        }
        return values;
    }
}
