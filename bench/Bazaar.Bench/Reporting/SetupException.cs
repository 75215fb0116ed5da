namespace Bazaar.Bench.Reporting;

/// <summary>The run could not start or finish measuring: a server refused, a resource could not be created.</summary>
public sealed class SetupException(string message, Exception? inner = null) : Exception(message, inner);
