using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Bazaar.Web.Api;

/// <summary>
/// The base address of the public API: the configured one, or else this process's own first HTTP address, read once
/// the server listens (a wildcard address is reached through loopback).
/// </summary>
public sealed class ApiAddress(WebOptions options, IServer server)
{
    private Uri? _own;

    public Uri Base => options.ApiUrl ?? (_own ??= OwnAddress());

    private Uri OwnAddress()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            ?? addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The server has no address yet; set Bazaar:Web:ApiUrl.");
        var uri = new UriBuilder(address.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]" or "::")
        {
            uri.Host = "127.0.0.1";
        }
        uri.Path = "/";
        return uri.Uri;
    }
}
