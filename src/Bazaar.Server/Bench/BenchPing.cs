namespace Bazaar.Server.Bench;

/// <summary>
/// The bare reference endpoint of <c>bench/</c>: a small fixed JSON object through the same pipeline as every
/// other request, so its rate is this machine's ceiling for one HTTP request of this process.
/// Mapped only when <c>Bazaar:Bench:Enabled</c> is true.
/// </summary>
public static class BenchPing
{
    public sealed record Pong(string Status, int Version);

    private static readonly Pong Reply = new("pong", 1);

    public static void MapBenchPing(this WebApplication app)
    {
        if (app.Configuration.GetValue<bool>("Bazaar:Bench:Enabled"))
        {
            app.MapGet("/bench/ping", () => TypedResults.Ok(Reply)).ExcludeFromDescription();
        }
    }
}
