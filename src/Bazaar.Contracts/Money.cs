namespace Bazaar.Contracts;

public sealed record Money(decimal Amount, string Currency);
