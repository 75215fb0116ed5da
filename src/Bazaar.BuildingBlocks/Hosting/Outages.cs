using System.Data.Common;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Bazaar.BuildingBlocks.Hosting;

public static class Outages
{
    /// <summary>A failure of the infrastructure rather than of the work: a lost connection, a server refusing or timing out.</summary>
    public static bool IsOutage(Exception error)
    {
        for (var ex = error; ex is not null; ex = ex.InnerException)
        {
            if (ex is DbException { IsTransient: true } or TimeoutException or SocketException or RedisConnectionException)
            {
                return true;
            }
        }
        return false;
    }
}
