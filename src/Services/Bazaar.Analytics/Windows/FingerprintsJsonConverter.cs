using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bazaar.Analytics.Windows;

/// <summary>
/// Writes a window's event fingerprints as one base64 string of their 16-byte little-endian values, in order. A busy
/// hour holds tens of thousands of them; as JSON numbers they were most of a checkpoint's size and time.
/// </summary>
internal sealed class FingerprintsJsonConverter : JsonConverter<IReadOnlyList<UInt128>>
{
    private const int Size = 16;

    public override IReadOnlyList<UInt128> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var bytes = reader.GetBytesFromBase64();
        if (bytes.Length % Size != 0)
        {
            throw new JsonException("Event fingerprints must be whole 16-byte values.");
        }
        var fingerprints = new UInt128[bytes.Length / Size];
        for (var i = 0; i < fingerprints.Length; i++)
        {
            fingerprints[i] = BinaryPrimitives.ReadUInt128LittleEndian(bytes.AsSpan(i * Size, Size));
        }
        return fingerprints;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<UInt128> value, JsonSerializerOptions options)
    {
        var bytes = new byte[value.Count * Size];
        for (var i = 0; i < value.Count; i++)
        {
            BinaryPrimitives.WriteUInt128LittleEndian(bytes.AsSpan(i * Size, Size), value[i]);
        }
        writer.WriteBase64StringValue(bytes);
    }
}
