using System.Collections.Concurrent;
using System.Text;

namespace Bazaar.BuildingBlocks.Messaging;

/// <summary>
/// Names events by convention from their contract type: <c>Bazaar.Contracts.Ordering.OrderPlaced</c>
/// becomes <c>bazaar.ordering.order-placed</c>, which is also the NATS subject.
/// </summary>
public static class EventTypeName
{
    private static readonly ConcurrentDictionary<Type, string> Names = new();

    public static string For(Type eventType) => Names.GetOrAdd(eventType, static t => $"bazaar.{ServiceOf(t)}.{Kebab(t.Name)}");

    public static string ServiceOf(Type eventType)
    {
        var ns = eventType.Namespace ?? throw new ArgumentException($"{eventType} has no namespace.", nameof(eventType));
        return ns[(ns.LastIndexOf('.') + 1)..].ToLowerInvariant();
    }

    private static string Kebab(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                sb.Append('-');
            }
            sb.Append(char.ToLowerInvariant(name[i]));
        }
        return sb.ToString();
    }
}
