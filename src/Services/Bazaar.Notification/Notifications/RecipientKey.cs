using System.Security.Cryptography;
using System.Text;

namespace Bazaar.Notification.Notifications;

/// <summary>
/// What an e-mail sent to several people, one each, records as its <see cref="Notification.EventId"/>: the event's id
/// and a fingerprint of the address, so that each recipient's message is unique by event and template (as every
/// notification is) and a redelivered event queues none of them twice. <c>{event id}/{16 hex digits}</c>.
/// </summary>
public static class RecipientKey
{
    private const int FingerprintLength = 16;

    /// <summary>What is left of the column for the event's id, after the slash and the fingerprint.</summary>
    private const int MaxEventPart = 64 - 1 - FingerprintLength;

    public static string For(string eventId, string recipient) =>
        PrefixFor(eventId) + Hex(recipient.Trim().ToLowerInvariant())[..FingerprintLength];

    /// <summary>What the keys of the e-mails <paramref name="eventId"/> gave start with.</summary>
    public static string PrefixFor(string eventId) =>
        // Bazaar's event ids are GUIDs; a longer one is replaced by its hash rather than cut, so two cannot meet.
        (eventId.Length <= MaxEventPart ? eventId : Hex(eventId)[..MaxEventPart]) + "/";

    private static string Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
