using System.Diagnostics;

namespace Bazaar.BuildingBlocks.Messaging;

/// <summary>The spans of messaging, the relay's publish and the consumers' handling alike, under one source.</summary>
public static class MessagingActivities
{
    public static readonly ActivitySource Source = new("Bazaar.Messaging");
}
