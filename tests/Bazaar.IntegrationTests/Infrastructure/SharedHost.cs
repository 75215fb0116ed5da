using Xunit;

namespace Bazaar.IntegrationTests.Infrastructure;

/// <summary>One server for the many tests that only need a running shop; each test uses its own customers and products.</summary>
[CollectionDefinition(Name)]
public sealed class SharedHostCollection : ICollectionFixture<BazaarHost>
{
    public const string Name = "shared host";
}
