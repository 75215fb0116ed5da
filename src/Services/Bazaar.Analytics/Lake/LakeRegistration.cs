using Bazaar.BuildingBlocks.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bazaar.Analytics.Lake;

public static class LakeRegistration
{
    /// <summary>The lake's options, its writer (for the stream processor) and its ad-hoc SQL (for the API).</summary>
    /// <exception cref="ArgumentException">A lake setting is out of range.</exception>
    public static IHostApplicationBuilder AddAnalyticsLake(this IHostApplicationBuilder builder)
    {
        var bazaar = builder.Configuration.GetSection("Bazaar").Get<BazaarOptions>() ?? new BazaarOptions();
        var options = builder.Configuration.GetSection("Bazaar:Analytics:Lake").Get<LakeOptions>() ?? new LakeOptions();
        options.Directory = Path.GetFullPath(options.Directory ?? bazaar.DataPath("analytics-lake"));
        options.Validate();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<LakeWriter>();
        builder.Services.AddSingleton<LakeQuery>();
        return builder;
    }
}
